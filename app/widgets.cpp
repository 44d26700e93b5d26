// The shared widgets (widgets.h).
#include "widgets.h"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <string>

#include "display.h"
#include "metrics.h"
#include "run_fields.h"
#include "theme.h"

namespace aelab {

namespace {
void tooltip_text(const std::string& text) {
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}
}  // namespace

bool begin_panel(const char* name, float x, float y, float w, float h, ImGuiWindowFlags extra) {
  constexpr ImGuiWindowFlags kFixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                      ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings;
  ImGui::SetNextWindowPos(ImVec2(x, y), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(w, h), ImGuiCond_Always);
  return ImGui::Begin(name, nullptr, kFixed | extra);
}

bool button(TestProbes& probes, const char* label, const char* id, bool enabled) {
  if (!enabled) ImGui::BeginDisabled();
  const bool pressed = ImGui::Button(label);
  if (!enabled) ImGui::EndDisabled();
  probes.remember(id);
  return pressed && enabled;
}

void image(const ImageRef& ref, float w, float h) { ImGui::Image(ref.texture, ImVec2(w, h), ref.uv0, ref.uv1); }

bool digit_button(int id, const ImageRef& ref, float size, bool selected) {
  ImGui::PushID(id);
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(1, 1));
  ImGui::PushStyleColor(ImGuiCol_Button, selected ? ImVec4(1, 0.8f, 0.2f, 1) : ImVec4(0, 0, 0, 0));
  const bool pressed = ImGui::ImageButton(ref.texture, ImVec2(size, size), ref.uv0, ref.uv1);
  ImGui::PopStyleColor();
  ImGui::PopStyleVar();
  ItemRects::mark_last(ItemKind::kPicture);
  ImGui::PopID();
  return pressed;
}

ImU32 label_color(int label, int alpha) {
  static const unsigned char rgb[10][3] = {{31, 119, 180}, {255, 127, 14}, {44, 160, 44},  {214, 39, 40},
                                           {148, 103, 189}, {140, 86, 75}, {227, 119, 194}, {127, 127, 127},
                                           {188, 189, 34}, {23, 190, 207}};
  const unsigned char* c = rgb[((label % 10) + 10) % 10];
  return IM_COL32(c[0], c[1], c[2], alpha);
}

void field_tooltip(const char* key) {
  if (!ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) return;
  if (const RunField* f = find_field(key)) tooltip_text(field_tooltip_text(*f));
}

void metric_tooltip(const char* key) {
  if (!ImGui::IsItemHovered()) return;
  if (const Metric* m = find_metric(key)) {
    tooltip_text(std::string(m->what) + "\nRange: " + m->range + "\nHigher: " + m->higher);
  }
}

PlotFrame plot_frame(const char* id, ImVec2 size) {
  PlotFrame f;
  f.p0 = ImGui::GetCursorScreenPos();
  f.size = size;
  f.p1 = ImVec2(f.p0.x + size.x, f.p0.y + size.y);
  ImGui::InvisibleButton(id, size);
  ItemRects::mark_last(ItemKind::kArea);
  f.hovered = ImGui::IsItemHovered();
  f.active = ImGui::IsItemActive();
  f.draw = ImGui::GetWindowDrawList();
  f.draw->AddRectFilled(f.p0, f.p1, plot_colors().background);
  f.draw->AddRect(f.p0, f.p1, plot_colors().border);
  return f;
}

// ---------------------------------------------------------------------------------------------
ImVec2 PlotArea::at(double x, double y) const {
  const double fy = ylog ? (std::log10(std::max(y, 1e-30)) - std::log10(y0)) / (std::log10(y1) - std::log10(y0))
                         : (y - y0) / (y1 - y0);
  return ImVec2(p0.x + static_cast<float>((x - x0) / (x1 - x0)) * (p1.x - p0.x),
                p1.y - static_cast<float>(fy) * (p1.y - p0.y));
}

double PlotArea::x_at(float screen_x) const { return x0 + (screen_x - p0.x) / (p1.x - p0.x) * (x1 - x0); }

double PlotArea::y_at(float screen_y) const {
  const double f = (p1.y - screen_y) / (p1.y - p0.y);
  return ylog ? std::pow(10.0, std::log10(y0) + f * (std::log10(y1) - std::log10(y0))) : y0 + f * (y1 - y0);
}

void draw_axes(ImDrawList* dl, const PlotArea& area, bool inside) {
  const PlotColors& c = plot_colors();
  const float w = area.p1.x - area.p0.x, h = area.p1.y - area.p0.y;
  const float text_h = ImGui::GetFontSize();
  // About one label per 70 pixels across and per 28 pixels up.
  const std::vector<Tick> xs = linear_ticks(area.x0, area.x1, std::max(2, static_cast<int>(w / 70)));
  const int ny = std::max(2, static_cast<int>(h / 28));
  const std::vector<Tick> ys = area.ylog ? log_ticks(area.y0, area.y1, ny) : linear_ticks(area.y0, area.y1, ny);
  for (const Tick& t : xs) {
    const float x = area.at(t.value, area.y0).x;
    dl->AddLine(ImVec2(x, area.p0.y), ImVec2(x, area.p1.y), c.grid);
    const float tw = ImGui::CalcTextSize(t.label.c_str()).x;
    const float lx = std::clamp(x - tw / 2, area.p0.x + (inside ? 2.0f : -tw / 2), area.p1.x - tw - 2);
    dl->AddText(ImVec2(lx, inside ? area.p1.y - text_h - 1 : area.p1.y + 2), c.text, t.label.c_str());
  }
  for (const Tick& t : ys) {
    const float y = area.at(area.x0, t.value).y;
    dl->AddLine(ImVec2(area.p0.x, y), ImVec2(area.p1.x, y), c.grid);
    const float tw = ImGui::CalcTextSize(t.label.c_str()).x;
    const float ly = std::clamp(y - text_h / 2, area.p0.y, area.p1.y - text_h);
    dl->AddText(ImVec2(inside ? area.p0.x + 3 : area.p0.x - tw - 4, ly), c.text, t.label.c_str());
  }
}

void log_loss_plot(const PlotFrame& frame, std::initializer_list<LossCurve> curves, const char* empty) {
  ImDrawList* dl = frame.draw;
  float lo = 1e30f, hi = -1e30f, xmax = 1.0f;
  for (const LossCurve& c : curves) {
    for (const LossPoint& p : *c.points) {
      if (p.loss > 0) lo = std::min(lo, p.loss), hi = std::max(hi, p.loss);
      xmax = std::max(xmax, p.epoch);
    }
  }
  if (hi < lo) {
    dl->AddText(ImVec2(frame.p0.x + 10, frame.p0.y + 10), plot_colors().text, empty);
    return;
  }
  // Room for the loss labels on the left and the epochs below; a little headroom in log10.
  PlotArea area;
  area.p0 = ImVec2(frame.p0.x + 52, frame.p0.y + 8);
  area.p1 = ImVec2(frame.p1.x - 10, frame.p1.y - ImGui::GetFontSize() - 6);
  area.x0 = 0, area.x1 = xmax;
  area.y0 = std::pow(10.0, std::log10(lo) - 0.05), area.y1 = std::pow(10.0, std::log10(hi) + 0.05);
  area.ylog = true;
  draw_axes(dl, area, false);
  std::vector<ImVec2> pts;
  for (const LossCurve& c : curves) {
    pts.clear();
    for (const LossPoint& p : *c.points) pts.push_back(area.at(p.epoch, p.loss));
    if (c.line_width > 0 && pts.size() > 1) {
      dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), c.color, 0, c.line_width);
    }
    if (c.dot_radius > 0) {
      for (const ImVec2& q : pts) dl->AddCircleFilled(q, c.dot_radius, c.color);
    }
  }
  if (!frame.hovered) return;
  // The read-out: each curve's point nearest the mouse's epoch, ringed, and listed.
  const double epoch = area.x_at(ImGui::GetIO().MousePos.x);
  std::string text;
  char line[96];
  for (const LossCurve& c : curves) {
    const std::vector<LossPoint>& v = *c.points;
    if (v.empty()) continue;
    const auto it =
        std::lower_bound(v.begin(), v.end(), epoch, [](const LossPoint& p, double e) { return p.epoch < e; });
    size_t i = static_cast<size_t>(it - v.begin());
    if (i == v.size() || (i > 0 && epoch - v[i - 1].epoch < v[i].epoch - epoch)) i -= 1;
    dl->AddCircle(area.at(v[i].epoch, v[i].loss), 5.0f, plot_colors().marker, 12, 1.5f);
    std::snprintf(line, sizeof line, "%s%s: %.5f at epoch %.2f", text.empty() ? "" : "\n", c.name, v[i].loss,
                  v[i].epoch);
    text += line;
  }
  if (!text.empty()) tooltip_text(text);
}

void same_line_if_fits(float width, float spacing) {
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  const float gap = spacing < 0 ? ImGui::GetStyle().ItemSpacing.x : spacing;
  if (ImGui::GetItemRectMax().x + gap + width <= right) ImGui::SameLine(0, spacing);
}

float button_width(const char* label) {
  return ImGui::CalcTextSize(label, nullptr, true).x + 2 * ImGui::GetStyle().FramePadding.x;
}

float labelled_width(float frame_width, const char* label) {
  const float text = ImGui::CalcTextSize(label, nullptr, true).x;
  return frame_width + (text > 0 ? ImGui::GetStyle().ItemInnerSpacing.x + text : 0.0f);
}

float check_width(const char* label) { return labelled_width(ImGui::GetFrameHeight(), label); }

float text_width(const char* text) { return ImGui::CalcTextSize(text).x; }

void text_disabled_wrapped(const char* fmt, ...) {
  char text[512];
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(text, sizeof text, fmt, args);
  va_end(args);
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("%s", text);
  ImGui::PopStyleColor();
}

bool small_button(const char* label) { return Display::touch() ? ImGui::Button(label) : ImGui::SmallButton(label); }

}  // namespace aelab
