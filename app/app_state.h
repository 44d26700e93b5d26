// The app's state, shared by app.cpp (frame loop, data, model) and panels.cpp (ImGui).
// Owned by the UI thread; the trainer thread only sees what Trainer::start hands it.
#pragma once
#include <imgui.h>

#include <array>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "aelab.h"
#include "app.h"
#include "draw_pad.h"
#include "explore.h"
#include "gpu_images.h"
#include "partial_redraw.h"
#include "trainer.h"

namespace aelab {

struct AppState {
  // ---- data
  std::string data_name;
  std::shared_ptr<Dataset> train, test;
  int grid_page = 0;

  // ---- model settings as edited in the UI
  int arch = 0;  // index into kArchitectures
  // The run table's defaults (run.h), as a link without these keys gets them.
  int code_dim = 32, batch = 20, epochs = 20, seed = 1;
  float lr = 1e-3f, noise = 0.0f, sparse_weight = 1e-4f, contractive_weight = 1e-2f;
  std::string noise_kind = "gaussian";
  bool shuffle = false;
  std::vector<RunEdit> replay_edits;  // a replayed run's timeline, for the next start
  // The run's fields no panel shows (loss, optimizer, momentum, sparsity, penalty weights), as
  // the last run file, link or loaded model set them: without them the app would train another
  // run than the one it was given, and its link would name that one. The fields above win.
  ModelConfig unshown;
  // The run the model was made from (its timeline is the trainer's, snap.edits). Settings on
  // screen that need a new model and differ from it are pending until Reset.
  Run trained;

  // ---- the model: `model` while idle (the trainer owns it while training), `view` always
  std::unique_ptr<Autoencoder> model, view;
  Trainer trainer;
  TrainSnapshot snap;
  bool training = false, paused = false;

  // ---- what the figures show
  std::array<int, 10> figure_index{};
  std::vector<float> figure_in, figure_out;  // 10 x dim
  int selected = 0;                          // 0..9: a figure digit, 10: the drawing
  std::vector<float> selected_code;
  DrawPad pad;
  float brush = 1.3f;
  bool pad_drawing = false;
  ImVec2 pad_last;
  std::vector<float> pad_pre, pad_recon, pad_code;
  uint64_t pad_seen = 0;
  bool view_dirty = true;
  int code_style = 0;  // 0 bars, 1 heat map

  GpuImages gpu;
  PartialRedraw redraw;
  ImVec4 clear_color;  // the windows' background, painted by glClear (see app_init)
  std::string message;
  bool message_error = false;
  char data_path[512] = "";
  char model_path[512] = "";

  // ---- performance
  int frame = 0;
  double fps = 0.0;
  double frame_ms = 0.0;  // time spent inside app_frame (smoothed), excluding the wait for vsync
  double last_frame_ms = 0.0;  // the same for the last frame alone
  // The figures the Train panel prints, refreshed twice a second: text that changes every
  // frame would redraw its window every frame (partial_redraw.h).
  double shown_fps = 0.0, shown_frame_ms = 0.0, shown_at = 0.0;
  double redraw_fraction = 1.0;  // of the canvas redrawn per frame (smoothed)
  double redrawn_total = 0.0;    // ... summed over all frames: tests take its mean over a window
  bool check_redraw = false;     // tests: compare this frame with the same frame drawn whole
  int redraw_checks = 0;         // ... how many were made, the last one's fraction and result
  double checked_fraction = 0.0;
  long redraw_diff = -1;
  std::array<double, 60> frame_times{};
  double last_time = 0.0;
  std::map<std::string, std::array<float, 4>> widgets;  // x, y, w, h of named widgets (tests)

  // ---- the explore tabs (last: destroyed first, their threads joined before the rest goes)
  ExploreState explore;
};

// The models the app offers (the core's table, kModels, where in_app), for its combo boxes.
const std::vector<const char*>& app_architectures();
// The code size the core picks for an architecture (index into app_architectures()) and image size.
int default_code_size(int arch, int rows, int cols);
// The run the settings on screen describe (what Start trains on a fresh model).
Run edited_run(const App* app);
// The settings on screen that differ from the model's and need a new one ("code size, batch").
std::string pending_settings(const App* app);

// app.cpp
void set_message(AppState& s, const std::string& text, bool error);
bool use_dataset(App* app, const std::string& name, std::shared_ptr<Dataset> train, std::shared_ptr<Dataset> test);
bool load_builtin(App* app, const std::string& which);
bool reset_model(App* app);
void start_training(App* app);
void stop_training(App* app);
bool save_model(App* app, bool download);
bool load_model(App* app, const std::string& path);

// panels.cpp
void draw_panels(App* app);

}  // namespace aelab
