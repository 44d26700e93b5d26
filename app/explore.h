// The "explore what the network learned" tabs: the strip above the centre column, the view
// window around the selected view (views.h), the bookkeeping that tells the views and the
// analysis worker when the model changed, exports, and the helpers the views share.
#pragma once
#include <imgui.h>

#include <array>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "analysis.h"
#include "gpu_images.h"
#include "views.h"

namespace aelab {

struct AppState;

enum View { kViewTraining, kViewLatent, kViewSliders, kViewInterpolate, kViewFilters, kViewDenoise, kViewAnomaly,
            kViewCompare, kViewCount };
// Tab labels and the names used by --view, file names and tests ("latent", "sliders", ...).
extern const char* const kViewLabels[kViewCount];
extern const char* const kViewIds[kViewCount];

struct Explore {
  int view = kViewTraining;
  bool tab_applied = false;  // the first frame selects --view's tab
  bool wrapped = false;      // the last frame drew the tabs as wrapping buttons (no tab bar)

  // What the views were computed from: bumped whenever the UI's model copy, its parameters or
  // the test set change.
  const void* seen_model = nullptr;
  const void* seen_test = nullptr;
  uint64_t seen_snap = ~0ull;
  uint64_t revision = 0;
  uint64_t submitted = 0;
  double submitted_at = -1e9;
  Analyzer analyzer{analysis_work()};
  std::shared_ptr<const Analysis> analysis;

  // app_frame time since this tab was opened (the README's per-view figures)
  int timed_view = -1;
  double timed_sum = 0.0, timed_max = 0.0;
  int timed_frames = 0;
  int exports = 0;
  bool export_png = false;
  std::array<float, 4> export_rect{};  // x, y, w, h of the view window

  LatentView latent;
  SlidersView sliders;
  InterpolateView interpolate;
  FiltersView filters;
  DenoiseView denoise;
  AnomalyView anomaly;
  CompareView compare;

  // The tab strip and the selected view; true when the Training tab is selected (the panels
  // then draw their figure, loss and sample panels in that space).
  bool draw(AppState& s);
  // After ImGui has rendered: reads back the view for "Export PNG".
  void after_render(AppState& s);
  // The views' state for tests, as a JSON object.
  std::string status_json(const AppState& s) const;

 private:
  void track_model(AppState& s);
  void time_view(AppState& s);
};

// ---- helpers shared by the views
// 0..9: the figure's test digit of that label; 10: the drawing (nullptr while unavailable).
const float* digit_source(const AppState& s, int k);
// An image of the data's shape (a test image, a reconstruction, a decoded code), grey or colour,
// to be drawn `shown` pixels wide (GpuImages::add_image).
ImageRef data_image(AppState& s, const float* chw, float shown);
// A key of a view's inputs: recompute when it changes.
uint64_t inputs_key(std::initializer_list<double> values);
double now_seconds();
// Per-pixel mean squared error of two images of n pixels.
double image_mse(const float* a, const float* b, int n);
// Hands a file to the user: a download on the web, a file in the working directory otherwise.
void deliver_file(AppState& s, const std::string& name, const std::vector<unsigned char>& bytes);

}  // namespace aelab
