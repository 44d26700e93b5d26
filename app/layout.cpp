// The layouts (layout.h). Heights of the wide layout are the 1280x800 ones scaled to the window,
// so at 1280x800 every panel is where it always was (the tests' and the screenshots' layout).
#include "layout.h"

#include <imgui_internal.h>

#include <algorithm>
#include <cmath>

#include "display.h"
#include "widgets.h"

namespace aelab {

namespace {
const char* const kPageLabels[kPageCount] = {"Draw", "Train", "Figures", "Code", "Settings"};
const char* const kPageIds[kPageCount] = {"page_draw", "page_train", "page_figures", "page_code", "page_settings"};
// The short layout's pages leave the pad's column at least this much of the width.
constexpr float kShortPagesMin = 320.0f;

// The Training tab's three panels in the explore column, in the wide layout's proportions.
void split_center(Layout& l) {
  const PanelRect c = l.center;
  const float fh = c.h / 748.0f;  // 210 + 250 + 288 at 800 pixels high
  l.figures = {c.x, c.y, c.w, std::round(210 * fh)};
  l.loss = {c.x, l.figures.y + l.figures.h, c.w, std::round(250 * fh)};
  l.samples = {c.x, l.loss.y + l.loss.h, c.w, c.y + c.h - (l.loss.y + l.loss.h)};
}

// A column of panels of the given heights (the last takes what is left) from (x, y) to `bottom`.
void stack(float x, float y, float w, float bottom, std::initializer_list<std::pair<PanelRect*, float>> panels) {
  size_t i = 0;
  for (const auto& [rect, h] : panels) {
    const bool last = ++i == panels.size();
    *rect = {x, y, w, last ? bottom - y : std::min(h, bottom - y)};
    y += rect->h;
  }
}
}  // namespace

const char* layout_mode_name(LayoutMode mode) {
  switch (mode) {
    case LayoutMode::kWide: return "wide";
    case LayoutMode::kMedium: return "medium";
    case LayoutMode::kNarrow: return "narrow";
    case LayoutMode::kShort: return "short";
  }
  return "?";
}

bool layout_has_page(LayoutMode mode, int page) {
  switch (mode) {
    case LayoutMode::kWide: return false;
    case LayoutMode::kMedium: return page >= kPageFigures;
    case LayoutMode::kNarrow: return page != kPageTrain;
    case LayoutMode::kShort: return page != kPageDraw;
  }
  return false;
}

void Layout::compute(float w, float h) {
  // Landscape and under 560 high (a phone on its side, a short window): the pad needs the
  // height, so it takes a column of its own. Portrait tablets get the one column: its pad is
  // the widest.
  const LayoutMode m = (h < 560 && w > 1.3f * h) ? LayoutMode::kShort
                       : w >= 1100                ? LayoutMode::kWide
                       : (w < 720 || h > w * 1.2f) ? LayoutMode::kNarrow
                                                   : LayoutMode::kMedium;
  if (m != mode || !computed) {
    changes += computed ? 1 : 0;
    page = m == LayoutMode::kNarrow ? kPageDraw : m == LayoutMode::kShort ? kPageTrain : kPageFigures;
  }
  mode = m;
  computed = true;
  for (PanelRect* r : {&data, &model, &train, &strip, &center, &figures, &loss, &samples, &draw, &code, &pages, &run_link}) {
    *r = PanelRect{};
  }
  const ImGuiStyle& style = ImGui::GetStyle();
  const float frame = kFontSize + 2 * style.FramePadding.y;  // a button's height
  // The explore tabs, 28 at mouse sizes; taller where they wrap (page layouts).
  const float strip_h = std::max(28.0f, frame + 8);
  const float strip_wrapped = strip_rows * (frame + style.ItemSpacing.y) - style.ItemSpacing.y + 8;
  // The status bar: two lines where the window is narrow, its text wrapped left of Run link;
  // room for its buttons (and the collapsed Run link's title bar) at touch sizes.
  const float status_h = std::max(mode == LayoutMode::kNarrow ? 2 * kFontSize + 14 : 24.0f, frame + 5);
  const float bottom = h - status_h;
  status = {0, bottom, w, status_h};
  const float run_w = mode == LayoutMode::kWide ? 390 : std::min(390.0f, std::round(w * 0.3f));
  run_link = {w - run_w, bottom, run_w, 150};
  pad_stacked = pad_column = false;
  pad_size = 252.0f;
  pad_image = 96.0f;
  if (mode == LayoutMode::kWide) {
    const float fh = bottom / 776.0f, cw = w - 330 - 390;
    stack(0, 0, 330, bottom, {{&data, std::round(210 * fh)}, {&model, std::round(270 * fh)}, {&train, 0}});
    stack(w - 390, 0, 390, bottom, {{&draw, std::round(470 * fh)}, {&code, 0}});
    strip = {330, 0, cw, strip_h};
    center = {330, strip_h, cw, bottom - strip_h};
    split_center(*this);
    return;
  }
  // Medium, narrow and short: a page bar, then the page.
  const float line = kFontSize + style.ItemSpacing.y;
  float left = mode == LayoutMode::kMedium ? 390.0f : 0.0f;
  if (mode == LayoutMode::kShort) {
    // The pad as tall as the window allows (whole screen pixels per pad pixel), its two images
    // side by side and its buttons in a column right of it, the pages right of that.
    pad_column = true;
    pad_image = 80.0f;
    const float column = 2 * pad_image + style.ItemSpacing.x;
    const float room_w = w - kShortPagesMin - column - 2 * style.WindowPadding.x - style.ItemSpacing.x;
    const float room_h = bottom - 2 * style.WindowPadding.y;
    pad_size = std::max(168.0f, std::floor(std::min({room_w, room_h, 448.0f}) / 28) * 28);
    left = 2 * style.WindowPadding.x + pad_size + style.ItemSpacing.x + column;
    draw = {0, 0, left, bottom, true};
  }
  pages = {left, 0, w - left, frame + 2 * 4};
  if (!layout_has_page(mode, page)) page = kPageFigures;
  const float top = pages.h;
  float draw_h = 470;
  if (mode == LayoutMode::kNarrow) {
    // A pad as wide as the window allows (whole screen pixels per pad pixel), the images under
    // it, and room for the panel's scrollbar (its buttons wrap under the pad on a phone).
    const float inner = w - 2 * style.WindowPadding.x - style.ScrollbarSize;
    pad_size = std::max(252.0f, std::floor(std::min(inner, 448.0f) / 28) * 28);
    pad_stacked = true;
    draw_h = frame + 2 * style.WindowPadding.y + 2 * line + pad_size + 96 + 3 * style.ItemSpacing.y + frame + 8;
  }
  if (mode == LayoutMode::kMedium) {
    stack(0, 0, left, bottom, {{&draw, std::min(draw_h, bottom * 0.65f)}, {&train, 0}});
  } else if (page == kPageDraw) {
    stack(0, top, w, bottom, {{&draw, std::min(draw_h, (bottom - top) * 0.8f)}, {&train, 0}});
  }
  const PanelRect area{left, top, w - left, bottom - top};
  const bool untitled = mode == LayoutMode::kShort;
  // The short layout's pages are too short for the Training tab's three panels under the
  // explore tabs: the loss has the Figures page, the figure joins the code on the Code page
  // (its two rows of digits, as FigurePanel sizes them, and a two-line note) and the samples
  // go under Train.
  const float digit = std::floor(std::min(48.0f, (area.w - 2 * style.WindowPadding.x - 9 * 4 - 2 * 10) / 10));
  const float figure_h = 2 * style.WindowPadding.y + 2 * line + 2 * (digit + 2) + style.ItemSpacing.y;
  if (page == kPageTrain) {
    stack(area.x, area.y, area.w, bottom, {{&train, std::round(area.h * 0.55f)}, {&samples, 0}});
  } else if (page == kPageFigures) {
    const float sh = std::max(strip_h, strip_wrapped);
    strip = {area.x, area.y, area.w, sh};
    center = {area.x, area.y + sh, area.w, area.h - sh};
    split_center(*this);
    if (mode == LayoutMode::kShort) {
      loss = center;
      figures = samples = PanelRect{};
    }
  } else if (page == kPageCode) {
    if (mode == LayoutMode::kShort) stack(area.x, area.y, area.w, bottom, {{&figures, figure_h}, {&code, 0}});
    else code = area;
  } else if (page == kPageSettings) {
    stack(area.x, area.y, area.w, bottom, {{&data, 210}, {&model, 0}});
  }
  if (untitled) {
    for (PanelRect* r : {&data, &model, &train, &figures, &loss, &samples, &code}) r->untitled = true;
  }
}

bool begin_panel(const char* name, const PanelRect& r, ImGuiWindowFlags extra) {
  const bool open = begin_panel(name, r.x, r.y, r.w, r.h, extra | (r.untitled ? ImGuiWindowFlags_NoTitleBar : 0));
  // A finger (or the mouse) dragging a panel's background scrolls it: ImGui 1.86 scrolls only by
  // wheel and scrollbar, and on a phone the panels are taller than the screen. A press on the
  // background makes the window's move id active (these windows do not move).
  if (open && ImGui::GetActiveID() == ImGui::GetCurrentWindow()->MoveId && ImGui::IsMouseDragging(0, 0.0f)) {
    ImGui::SetScrollY(ImGui::GetScrollY() - ImGui::GetIO().MouseDelta.y);
  }
  return open;
}

void Layout::draw_page_bar(TestProbes& probes) {
  if (!pages.shown()) return;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(4, 4));
  begin_panel("##pages", pages, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar);
  ImGui::PopStyleVar();
  int count = 0;
  for (int p = 0; p < kPageCount; ++p) count += layout_has_page(mode, p) ? 1 : 0;
  const float bw = (pages.w - 8 - (count - 1) * ImGui::GetStyle().ItemSpacing.x) / count;
  bool first = true;
  for (int p = 0; p < kPageCount; ++p) {
    if (!layout_has_page(mode, p)) continue;
    if (!first) ImGui::SameLine();
    first = false;
    const bool on = p == page;
    if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (ImGui::Button(kPageLabels[p], ImVec2(bw, 0))) page = p;
    if (on) ImGui::PopStyleColor();
    probes.remember(kPageIds[p]);
  }
  ImGui::End();
}

}  // namespace aelab
