// The "explore what the network learned" views: latent map, code sliders, interpolation,
// filters, denoising lab, anomaly score, compare runs; their shared state and helpers.
// explore.cpp draws the tab strip and dispatches; each view lives in its own view_*.cpp.
// Heavy work (the whole test set) runs on the Analyzer's thread; the comparison trains on two
// Trainer threads. What a view computes on the UI thread is a handful of decodes, redone only
// when its inputs change.
#pragma once
#include <imgui.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "analysis.h"
#include "gpu_images.h"
#include "reconstruct_worker.h"
#include "trainer.h"

namespace aelab {

struct App;
struct AppState;

enum View { kViewTraining, kViewLatent, kViewSliders, kViewInterpolate, kViewFilters, kViewDenoise, kViewAnomaly,
            kViewCompare, kViewCount };
// Tab labels and the names used by --view, file names and tests ("latent", "sliders", ...).
extern const char* const kViewLabels[kViewCount];
extern const char* const kViewIds[kViewCount];

// One of the two runs of "compare runs": its own model and trainer thread.
struct CompareRun {
  int arch = 0;
  ModelConfig config;
  std::unique_ptr<Autoencoder> model;  // back from the trainer when it is done
  Trainer trainer;
  TrainSnapshot snap;
  bool training = false;
  bool recon_due = false;  // newer parameters than the last reconstruction
  double recon_at = 0.0;
  std::vector<float> recon;  // the 10 figure digits, reconstructed (on recon_worker)
};

struct ExploreState {
  int view = kViewTraining;
  bool tab_applied = false;  // the first frame selects --view's tab

  // What the views were computed from: bumped whenever the UI's model copy, its parameters or
  // the test set change.
  const void* seen_model = nullptr;
  const void* seen_test = nullptr;
  uint64_t seen_snap = ~0ull;
  uint64_t revision = 0;
  uint64_t submitted = 0;
  double submitted_at = -1e9;
  Analyzer analyzer;
  std::shared_ptr<const Analysis> analysis;

  std::map<std::string, double> probes;  // values for tests (app_status_json)
  // app_frame time since this tab was opened (the README's per-view figures)
  int timed_view = -1;
  double timed_sum = 0.0, timed_max = 0.0;
  int timed_frames = 0;
  int exports = 0;
  bool export_png = false;
  std::array<float, 4> export_rect{};    // x, y, w, h of the view window

  // latent map
  bool latent_clicked = false;
  float latent_at[2] = {0, 0};
  uint64_t latent_key = 0;
  std::vector<float> latent_decoded;
  // code sliders
  uint64_t slider_source = ~0ull, slider_key = 0;
  bool slider_dirty = true, slider_edited = false;
  std::vector<float> slider_code, slider_out;
  uint64_t prior_seed = 1, prior_key = 0;
  std::vector<float> prior_samples;
  // interpolation
  int interp_from = 1, interp_to = 7, interp_steps = 10;
  bool interp_spherical = false;
  const void* interp_model = nullptr;  // the spherical default follows the model (VAE)
  uint64_t interp_key = 0;
  std::vector<float> interp_out;
  // filters
  int filters_kind = 0, filters_page = 0;
  // denoising lab
  int denoise_noise = 0;
  float denoise_level = 0.3f;
  uint64_t denoise_seed = 1, denoise_key = 0;
  double denoise_at = 0.0;
  std::vector<float> denoise_clean, denoise_noisy, denoise_out, denoise_noisy_mse, denoise_out_mse;
  // compare runs
  std::array<CompareRun, 2> runs;
  int compare_epochs = 3;
  ReconstructWorker recon_worker;
  std::thread compare_setup;  // creates the two models (start_compare)
  bool compare_starting = false;  // from start_compare until compare_update starts the trainers
  std::array<std::unique_ptr<Autoencoder>, 2> compare_created;  // written by compare_setup
  std::string compare_error;                                     // written by compare_setup
  std::atomic<bool> compare_ready{false};                        // compare_setup is done

  // The comparison starts as conv-strided (transpose convolutions) against conv-upsample.
  ExploreState() { runs[0].arch = 3, runs[1].arch = 4; }
  ~ExploreState() {
    if (compare_setup.joinable()) compare_setup.join();
  }
};

// panels.cpp calls these: the tab strip and the selected view; true when the Training tab is
// selected (panels.cpp then draws its own figure, loss and sample panels in that space).
bool draw_explore(App* app);
// app.cpp calls this after ImGui has rendered: reads back a view for "Export PNG".
void explore_after_render(App* app);
// The views' test values as a JSON object.
std::string explore_status_json(App* app);

// The views (view_*.cpp), drawn inside the view window.
void view_latent(App* app);
void view_sliders(App* app);
void view_interpolate(App* app);
void view_filters(App* app);
void view_denoise(App* app);
void view_anomaly(App* app);
void view_compare(App* app);
// Every frame, whichever tab is open: polls the comparison's trainers.
void compare_update(App* app);
void start_compare(App* app);

// ---- helpers shared by the views
void remember_widget(AppState& s, const char* name);
void show_image(const ImageRef& r, float w, float h);
ImU32 label_color(int label, int alpha = 255);
// 0..9: the figure's test digit of that label; 10: the drawing (nullptr while unavailable).
const float* digit_source(AppState& s, int k);
// A key of a view's inputs: recompute when it changes.
uint64_t inputs_key(std::initializer_list<double> values);
double now_seconds();
// Hands a file to the user: a download on the web, a file in the working directory otherwise.
void deliver_file(App* app, const std::string& name, const std::vector<unsigned char>& bytes);
void export_codes_csv(App* app);

}  // namespace aelab
