// The explore tabs: the strip above the centre column, the view window, the bookkeeping that
// tells the views (and the analysis worker) when the model changed, exports, and the helpers
// the views share.
#include "explore.h"

#include <SDL.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app_state.h"
#include "file_io.h"
#include "gl.h"
#include "hash.h"
#include "widgets.h"

namespace aelab {

const char* const kViewLabels[kViewCount] = {"Training", "Latent map", "Sliders", "Interpolate",
                                             "Filters",  "Denoise",    "Anomaly", "Compare"};
const char* const kViewIds[kViewCount] = {"training", "latent",    "sliders", "interpolation",
                                          "filters",  "denoising", "anomaly", "compare"};

namespace {
constexpr double kAnalysisInterval = 1.0;  // seconds between analyses while the model changes
}  // namespace

void Explore::track_model(AppState& s) {
  if (s.view.get() != seen_model || s.test.get() != seen_test || s.snap.version != seen_snap) {
    seen_model = s.view.get(), seen_test = s.test.get(), seen_snap = s.snap.version;
    revision += 1;
  }
  // The worker analyses the latest parameters, at most once a second while they change, and
  // only while an explore tab is open: the Training tab costs nothing extra.
  const double now = now_seconds();
  if (view != kViewTraining && s.view && s.test && submitted != revision && !analyzer.busy(0) &&
      now - submitted_at >= kAnalysisInterval) {
    analyzer.submit(0, AnalysisJob{s.view->config(), s.view->parameters(), s.test, revision});
    submitted = revision;
    submitted_at = now;
  }
  analyzer.poll(0, &analysis);
}

// The mean and worst app_frame time of the frames drawn since the current tab was opened.
void Explore::time_view(AppState& s) {
  if (timed_view != view) {
    timed_view = view;
    timed_sum = timed_max = 0.0;
    timed_frames = -1;  // the frame that switched tabs was drawn with the old one
  } else if (++timed_frames > 0) {
    timed_sum += s.last_frame_ms;
    timed_max = std::max(timed_max, s.last_frame_ms);
  }
  s.probes.values["view_frames"] = std::max(timed_frames, 0);
  s.probes.values["view_ms_mean"] = timed_frames > 0 ? timed_sum / timed_frames : 0.0;
  s.probes.values["view_ms_max"] = timed_max;
}

bool Explore::draw(AppState& s) {
  track_model(s);
  compare.update(s);
  time_view(s);
  if (!tab_applied) {
    for (int v = 0; v < kViewCount; ++v) {
      if (s.app.options.view == kViewIds[v]) view = v;
    }
    // --train --view compare: the comparison trains too (screenshots, demos).
    if (s.app.options.autotrain && view == kViewCompare) compare.start(s);
  }
  // Hidden on the medium and narrow layouts' other pages; the bookkeeping above goes on.
  if (!s.layout.strip.shown()) return false;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(4, 4));
  begin_panel("##views", s.layout.strip, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar);
  ImGui::PopStyleVar();
  // A tab bar where the labels fit across; else (a phone's page) the tabs as buttons in rows
  // that wrap, each label whole.
  float tabs_w = 0.0f;
  for (int v = 0; v < kViewCount; ++v) tabs_w += button_width(kViewLabels[v]) + ImGui::GetStyle().ItemInnerSpacing.x;
  const bool wrap = s.layout.mode != LayoutMode::kWide && tabs_w > ImGui::GetContentRegionAvail().x;
  if (wrap) {
    int rows = 1;
    for (int v = 0; v < kViewCount; ++v) {
      if (v) {
        const float y = ImGui::GetItemRectMin().y;
        same_line_if_fits(button_width(kViewLabels[v]));
        if (ImGui::GetCursorScreenPos().y > y + 1) rows += 1;
      }
      const bool on = v == view;
      if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_TabActive));
      if (ImGui::Button(kViewLabels[v]) || (!tab_applied && s.app.options.view == kViewIds[v])) view = v;
      if (on) ImGui::PopStyleColor();
      s.probes.remember(std::string("tab_") + kViewIds[v]);
    }
    tab_applied = wrapped = true;
    s.layout.strip_rows = rows;
  } else if (ImGui::BeginTabBar("##viewtabs", ImGuiTabBarFlags_FittingPolicyResizeDown)) {
    s.layout.strip_rows = 1;
    const int forced = tab_applied && !wrapped ? -1 : view;
    wrapped = false;
    for (int v = 0; v < kViewCount; ++v) {
      // The first frame (and the first after wrapping buttons) selects the view's tab;
      // afterwards the tab bar owns the selection.
      const ImGuiTabItemFlags flags = v == forced ? ImGuiTabItemFlags_SetSelected : 0;
      const bool open = ImGui::BeginTabItem(kViewLabels[v], nullptr, flags);
      s.probes.remember(std::string("tab_") + kViewIds[v]);
      if (open) {
        view = v;
        ImGui::EndTabItem();
      }
    }
    tab_applied = true;
    ImGui::EndTabBar();
  }
  ImGui::End();
  if (view == kViewTraining) return true;

  begin_panel(kViewLabels[view], s.layout.center, ImGuiWindowFlags_NoScrollbar);
  const ImVec2 wp = ImGui::GetWindowPos(), ws = ImGui::GetWindowSize();
  export_rect = {wp.x, wp.y, ws.x, ws.y};
  // Top right, on a line of its own (a view's first row of widgets would run under it on a
  // narrow screen): PNG of this view, read back after the frame is rendered.
  ImGui::SetCursorPosX(ImGui::GetWindowContentRegionMax().x - button_width("Export PNG"));
  if (small_button("Export PNG")) export_png = true;
  s.probes.remember("export_png");
  switch (view) {
    case kViewLatent: latent.draw(s); break;
    case kViewSliders: sliders.draw(s); break;
    case kViewInterpolate: interpolate.draw(s); break;
    case kViewFilters: filters.draw(s); break;
    case kViewDenoise: denoise.draw(s); break;
    case kViewAnomaly: anomaly.draw(s); break;
    case kViewCompare: compare.draw(s); break;
    default: break;
  }
  ImGui::End();
  return false;
}

void Explore::after_render(AppState& s) {
  if (!export_png) return;
  export_png = false;
  const ImGuiIO& io = ImGui::GetIO();
  const float sx = io.DisplayFramebufferScale.x, sy = io.DisplayFramebufferScale.y;
  const int fb_h = static_cast<int>(io.DisplaySize.y * sy);
  const int x = static_cast<int>(export_rect[0] * sx), w = static_cast<int>(export_rect[2] * sx);
  const int h = static_cast<int>(export_rect[3] * sy), y = fb_h - static_cast<int>(export_rect[1] * sy) - h;
  if (w <= 0 || h <= 0) return;
  std::vector<unsigned char> rgba(static_cast<size_t>(w) * h * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(x, y, w, h, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
  for (int j = 0; j < h / 2; ++j) {  // GL rows go up; PNG rows go down
    std::swap_ranges(rgba.begin() + static_cast<size_t>(j) * w * 4, rgba.begin() + static_cast<size_t>(j + 1) * w * 4,
                     rgba.begin() + static_cast<size_t>(h - 1 - j) * w * 4);
  }
  for (size_t i = 3; i < rgba.size(); i += 4) rgba[i] = 255;
  std::vector<unsigned char> png;
  stbi_flip_vertically_on_write(0);
  stbi_write_png_to_func(
      [](void* ctx, void* data, int size) {
        auto* out = static_cast<std::vector<unsigned char>*>(ctx);
        out->insert(out->end(), static_cast<unsigned char*>(data), static_cast<unsigned char*>(data) + size);
      },
      &png, w, h, 4, rgba.data(), w * 4);
  deliver_file(s, std::string("aelab-") + kViewIds[view] + ".png", png);
}

std::string Explore::status_json(const AppState& s) const {
  const Analysis* a = analysis.get();
  std::string j = "{\"view\":\"" + std::string(kViewIds[view]) + "\",\"revision\":" + std::to_string(revision);
  j += ",\"analysed\":" + std::to_string(a ? a->revision : 0) + ",\"exports\":" + std::to_string(exports);
  j += ",\"epochs_setting\":" + std::to_string(s.model_panel.epochs);
  char b[64];
  std::snprintf(b, sizeof b, ",\"analysis_s\":%.4g", a ? a->seconds : 0.0);
  j += b;
  for (const auto& [name, v] : s.probes.values) {
    std::snprintf(b, sizeof b, ",\"%s\":%.8g", name.c_str(), std::isfinite(v) ? v : 0.0);
    j += b;
  }
  return j + "}";
}

// ---- helpers

const float* digit_source(const AppState& s, int k) {
  if (!s.test) return nullptr;
  const size_t dim = static_cast<size_t>(s.test->dim());
  if (k >= 0 && k < 10) return s.figure_in.size() >= (k + 1) * dim ? &s.figure_in[k * dim] : nullptr;
  const DrawPanel& d = s.draw_panel;
  if (k == 10 && !d.pad.empty() && d.pre.size() == dim) return d.pre.data();
  return nullptr;
}

ImageRef data_image(AppState& s, const float* chw, float shown) {
  return s.gpu.add_image(chw, s.test->cols, s.test->rows, s.test->channels, shown);
}

uint64_t inputs_key(std::initializer_list<double> values) {
  uint64_t h = kFnvOffset;
  for (double v : values) h = fnv1a(h, &v, sizeof v);
  return h;
}

double now_seconds() { return SDL_GetPerformanceCounter() / static_cast<double>(SDL_GetPerformanceFrequency()); }

double image_mse(const float* a, const float* b, int n) {
  double sum = 0.0;
  for (int i = 0; i < n; ++i) sum += (a[i] - b[i]) * static_cast<double>(a[i] - b[i]);
  return sum / n;
}

void deliver_file(AppState& s, const std::string& name, const std::vector<unsigned char>& bytes) {
  s.explore.exports += 1;
  if (s.app.hooks.export_file) {
    s.app.hooks.export_file(name, bytes);
    set_message(s, "exported " + name + " (" + std::to_string(bytes.size()) + " bytes)", false);
    return;
  }
  std::string error;
  if (!write_file_atomic(name, bytes, &error)) {
    set_message(s, "export: " + error, true);
    return;
  }
  set_message(s, "wrote " + name + " (" + std::to_string(bytes.size()) + " bytes)", false);
}

}  // namespace aelab
