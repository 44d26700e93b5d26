// The app's state: the data, the model and its trainer, what the figures show, and one member
// per panel and view, each owning its own state (panels.h, explore.h). Owned by the UI thread;
// the trainer thread only sees what Trainer::start hands it.
#pragma once
#include <imgui.h>

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "aelab.h"
#include "app.h"
#include "explore.h"
#include "display.h"
#include "gpu_images.h"
#include "layout.h"
#include "panels.h"
#include "partial_redraw.h"
#include "shortcuts.h"
#include "test_probes.h"
#include "trainer.h"
#include "zip.h"

namespace aelab {

struct AppState {
  explicit AppState(App& shell) : app(shell) {}
  App& app;  // the shell's options, hooks and quit flag

  // ---- data
  std::string data_name;
  std::string data_summary;  // the core's one line: counts, size, value range, labels
  std::shared_ptr<Dataset> train, test;
  std::vector<std::string> dropped;  // desktop: files of a drop still arriving (app_frame)
  bool dropping = false;

  // The run's fields no panel shows (loss, optimizer, momentum, sparsity, penalty weights), as
  // the last run file, link or loaded model set them: without them the app would train another
  // run than the one it was given, and its link would name that one. model_panel's win.
  ModelConfig unshown;
  // The run the model was made from (its timeline is the trainer's, snap.edits). Settings on
  // screen that need a new model and differ from it are pending until Reset.
  Run trained;
  std::vector<RunEdit> replay_edits;  // a replayed run's timeline, for the next start

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
  bool view_dirty = true;                    // `view` changed: the figures are computed again

  GpuImages gpu;
  PartialRedraw redraw;
  ImVec4 clear_color;  // the windows' background, painted by glClear (see app_init)
  std::string message;
  bool message_error = false;
  std::string published_status;  // what hooks.status_changed last got

  // ---- performance
  int frame = 0;
  double fps = 0.0;
  double frame_ms = 0.0;  // time spent inside app_frame (smoothed), excluding the wait for vsync
  double last_frame_ms = 0.0;  // the same for the last frame alone
  double redraw_fraction = 1.0;  // of the canvas redrawn per frame (smoothed)
  std::array<double, 60> frame_times{};
  double last_time = 0.0;  // this frame's start, in seconds

  TestProbes probes;
  Display display;
  Layout layout;

  // ---- the panels and the explore tabs (last: destroyed first, their threads joined before
  // the rest goes)
  DataPanel data_panel;
  ModelPanel model_panel;
  TrainPanel train_panel;
  FigurePanel figure_panel;
  LossPanel loss_panel;
  SamplesPanel samples_panel;
  DrawPanel draw_panel;
  CodePanel code_panel;
  StatusBar status_bar;
  RunPanel run_panel;
  HelpWindow help;
  Explore explore;
};

// The models the app offers (the core's table, kModels, where in_app), for its combo boxes.
const std::vector<const char*>& app_architectures();
// The index of a model in app_architectures(); -1 when the app does not offer it.
int architecture_index(const std::string& name);
// The code size the core picks for an architecture (index into app_architectures()) and image size.
int default_code_size(int arch, int rows, int cols);
// The run the settings on screen describe (what Start trains on a fresh model).
Run edited_run(const AppState& s);
// The settings on screen that differ from the model's and need a new one ("code size, batch").
std::string pending_settings(const AppState& s);

// The actions (actions.cpp): what the panels' buttons, links and files do.
void set_message(AppState& s, const std::string& text, bool error);
// Data (data_actions.cpp). A set without a test part is split 80/20 with the seed on screen; the
// model is made again when it does not fit the images.
bool use_dataset(AppState& s, const std::string& name, Dataset train, Dataset test);
bool load_builtin(AppState& s, const std::string& which);
// Desktop: a folder (IDX or images) or a file of any format app_open_files takes.
bool open_data_path(AppState& s, const std::string& path);
// "" when the draw pad fits the model (grey, the pad's size), else why not, in one line.
std::string pad_refusal(const AppState& s);
// A picture (PNG or JPEG) onto the draw pad, preprocessed as a drawing.
bool put_picture(AppState& s, const NamedBytes& file);
bool reset_model(AppState& s);
void start_training(AppState& s);
void stop_training(AppState& s);
bool save_model(AppState& s, bool download);
bool load_model(AppState& s, const std::string& path);

}  // namespace aelab
