// The explore tabs: the strip above the centre column, the view window, the bookkeeping that
// tells the views (and the analysis worker) when the model changed, and exports.
#include "explore.h"

#include <SDL.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "app_state.h"
#include "file_io.h"
#include "gl.h"
#include "hash.h"

namespace aelab {

const char* const kViewLabels[kViewCount] = {"Training", "Latent map", "Sliders", "Interpolate",
                                             "Filters",  "Denoise",    "Anomaly", "Compare"};
const char* const kViewIds[kViewCount] = {"training", "latent",    "sliders", "interpolation",
                                          "filters",  "denoising", "anomaly", "compare"};

namespace {
constexpr float kColumnX = 330, kColumnW = 560, kStripH = 28, kBottom = 776;
constexpr double kAnalysisInterval = 1.0;  // seconds between analyses while the model changes

void track_model(AppState& s) {
  ExploreState& e = s.explore;
  if (s.view.get() != e.seen_model || s.test.get() != e.seen_test || s.snap.version != e.seen_snap) {
    e.seen_model = s.view.get(), e.seen_test = s.test.get(), e.seen_snap = s.snap.version;
    e.revision += 1;
  }
  // The worker analyses the latest parameters, at most once a second while they change, and
  // only while an explore tab is open: the Training tab costs nothing extra.
  const double now = now_seconds();
  if (e.view != kViewTraining && s.view && s.test && e.submitted != e.revision && !e.analyzer.busy() &&
      now - e.submitted_at >= kAnalysisInterval) {
    e.analyzer.submit(s.view->config(), s.view->parameters(), s.test, e.revision);
    e.submitted = e.revision;
    e.submitted_at = now;
  }
  e.analyzer.poll(&e.analysis);
}
// The mean and worst app_frame time of the frames drawn since the current tab was opened.
void time_view(AppState& s) {
  ExploreState& e = s.explore;
  if (e.timed_view != e.view) {
    e.timed_view = e.view;
    e.timed_sum = e.timed_max = 0.0;
    e.timed_frames = -1;  // the frame that switched tabs was drawn with the old one
  } else if (++e.timed_frames > 0) {
    e.timed_sum += s.last_frame_ms;
    e.timed_max = std::max(e.timed_max, s.last_frame_ms);
  }
  e.probes["view_frames"] = std::max(e.timed_frames, 0);
  e.probes["view_ms_mean"] = e.timed_frames > 0 ? e.timed_sum / e.timed_frames : 0.0;
  e.probes["view_ms_max"] = e.timed_max;
}
}  // namespace

// ---- helpers

void remember_widget(AppState& s, const char* name) {
  const ImVec2 p = ImGui::GetItemRectMin(), z = ImGui::GetItemRectSize();
  s.widgets[name] = {p.x, p.y, z.x, z.y};
}

void show_image(const ImageRef& r, float w, float h) { ImGui::Image(r.texture, ImVec2(w, h), r.uv0, r.uv1); }

ImU32 label_color(int label, int alpha) {
  // matplotlib's tab10
  static const unsigned char rgb[10][3] = {{31, 119, 180}, {255, 127, 14}, {44, 160, 44},  {214, 39, 40},
                                           {148, 103, 189}, {140, 86, 75}, {227, 119, 194}, {127, 127, 127},
                                           {188, 189, 34}, {23, 190, 207}};
  const unsigned char* c = rgb[((label % 10) + 10) % 10];
  return IM_COL32(c[0], c[1], c[2], alpha);
}

const float* digit_source(AppState& s, int k) {
  if (!s.test) return nullptr;
  const size_t dim = static_cast<size_t>(s.test->dim());
  if (k >= 0 && k < 10) return s.figure_in.size() >= (k + 1) * dim ? &s.figure_in[k * dim] : nullptr;
  if (k == 10 && !s.pad.empty() && s.pad_pre.size() == dim) return s.pad_pre.data();
  return nullptr;
}

uint64_t inputs_key(std::initializer_list<double> values) {
  uint64_t h = kFnvOffset;
  for (double v : values) h = fnv1a(h, &v, sizeof v);
  return h;
}

double now_seconds() { return SDL_GetPerformanceCounter() / static_cast<double>(SDL_GetPerformanceFrequency()); }

void deliver_file(App* app, const std::string& name, const std::vector<unsigned char>& bytes) {
  AppState& s = *app->state;
  s.explore.exports += 1;
  if (app->hooks.export_file) {
    app->hooks.export_file(name, bytes);
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

void export_codes_csv(App* app) {
  AppState& s = *app->state;
  const Analysis* a = s.explore.analysis.get();
  if (!a) {
    set_message(s, "the test set's codes are not computed yet", true);
    return;
  }
  std::string csv = "index,label";
  for (int i = 0; i < a->code_dim; ++i) csv += ",z" + std::to_string(i);
  csv += '\n';
  char num[32];
  for (int r = 0; r < a->count; ++r) {
    csv += std::to_string(r) + "," + std::to_string(a->labels[r]);
    for (int i = 0; i < a->code_dim; ++i) {
      std::snprintf(num, sizeof num, ",%.6g", a->codes[static_cast<size_t>(r) * a->code_dim + i]);
      csv += num;
    }
    csv += '\n';
  }
  deliver_file(app, "aelab-codes.csv", std::vector<unsigned char>(csv.begin(), csv.end()));
}

// ---- the tab strip and the view window

bool draw_explore(App* app) {
  AppState& s = *app->state;
  ExploreState& e = s.explore;
  track_model(s);
  compare_update(app);
  time_view(s);
  if (!e.tab_applied) {
    for (int v = 0; v < kViewCount; ++v) {
      if (app->options.view == kViewIds[v]) e.view = v;
    }
    // --train --view compare: the comparison trains too (screenshots, demos).
    if (app->options.autotrain && e.view == kViewCompare) start_compare(app);
  }
  const ImGuiWindowFlags fixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                 ImGuiWindowFlags_NoSavedSettings;
  ImGui::SetNextWindowPos(ImVec2(kColumnX, 0), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(kColumnW, kStripH), ImGuiCond_Always);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(4, 4));
  ImGui::Begin("##views", nullptr, fixed | ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar);
  ImGui::PopStyleVar();
  if (ImGui::BeginTabBar("##viewtabs", ImGuiTabBarFlags_FittingPolicyResizeDown)) {
    const int forced = e.tab_applied ? -1 : e.view;
    for (int v = 0; v < kViewCount; ++v) {
      // The first frame selects --view's tab; afterwards the tab bar owns the selection.
      const ImGuiTabItemFlags flags = v == forced ? ImGuiTabItemFlags_SetSelected : 0;
      const bool open = ImGui::BeginTabItem(kViewLabels[v], nullptr, flags);
      remember_widget(s, (std::string("tab_") + kViewIds[v]).c_str());
      if (open) {
        e.view = v;
        ImGui::EndTabItem();
      }
    }
    e.tab_applied = true;
    ImGui::EndTabBar();
  }
  ImGui::End();
  if (e.view == kViewTraining) return true;

  ImGui::SetNextWindowPos(ImVec2(kColumnX, kStripH), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(kColumnW, kBottom - kStripH), ImGuiCond_Always);
  ImGui::Begin(kViewLabels[e.view], nullptr, fixed | ImGuiWindowFlags_NoScrollbar);
  const ImVec2 wp = ImGui::GetWindowPos(), ws = ImGui::GetWindowSize();
  e.export_rect = {wp.x, wp.y, ws.x, ws.y};
  // Top right: PNG of this view (read back after the frame is rendered).
  const float right = ImGui::GetWindowContentRegionMax().x;
  const ImVec2 cursor = ImGui::GetCursorPos();
  ImGui::SetCursorPos(ImVec2(right - 86, cursor.y));
  if (ImGui::SmallButton("Export PNG")) e.export_png = true;
  remember_widget(s, "export_png");
  ImGui::SetCursorPos(cursor);
  switch (e.view) {
    case kViewLatent: view_latent(app); break;
    case kViewSliders: view_sliders(app); break;
    case kViewInterpolate: view_interpolate(app); break;
    case kViewFilters: view_filters(app); break;
    case kViewDenoise: view_denoise(app); break;
    case kViewAnomaly: view_anomaly(app); break;
    case kViewCompare: view_compare(app); break;
    default: break;
  }
  ImGui::End();
  return false;
}

void explore_after_render(App* app) {
  AppState& s = *app->state;
  ExploreState& e = s.explore;
  if (!e.export_png) return;
  e.export_png = false;
  const ImGuiIO& io = ImGui::GetIO();
  const float sx = io.DisplayFramebufferScale.x, sy = io.DisplayFramebufferScale.y;
  const int fb_h = static_cast<int>(io.DisplaySize.y * sy);
  const int x = static_cast<int>(e.export_rect[0] * sx), w = static_cast<int>(e.export_rect[2] * sx);
  const int h = static_cast<int>(e.export_rect[3] * sy), y = fb_h - static_cast<int>(e.export_rect[1] * sy) - h;
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
  deliver_file(app, std::string("aelab-") + kViewIds[e.view] + ".png", png);
}

std::string explore_status_json(App* app) {
  ExploreState& e = app->state->explore;
  const Analysis* a = e.analysis.get();
  std::string j = "{\"view\":\"" + std::string(kViewIds[e.view]) + "\",\"revision\":" + std::to_string(e.revision);
  j += ",\"analysed\":" + std::to_string(a ? a->revision : 0) + ",\"exports\":" + std::to_string(e.exports);
  j += ",\"epochs_setting\":" + std::to_string(app->state->epochs);
  char b[64];
  std::snprintf(b, sizeof b, ",\"analysis_s\":%.4g", a ? a->seconds : 0.0);
  j += b;
  for (const auto& [name, v] : e.probes) {
    std::snprintf(b, sizeof b, ",\"%s\":%.8g", name.c_str(), std::isfinite(v) ? v : 0.0);
    j += b;
  }
  return j + "}";
}

}  // namespace aelab
