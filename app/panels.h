// The panels around the explore column, each in the rectangle the layout gives it (layout.h;
// tests find widgets through the status): Data, Model, Train (panels.cpp); Reconstructions, Loss,
// Samples, Draw, Code and the status bar (figure_panels.cpp); Run link (run_link.cpp). Each
// owns what only it uses and draws itself; the actions they call are in actions.cpp.
#pragma once
#include <imgui.h>

#include <cstdint>
#include <string>
#include <vector>

#include "draw_pad.h"

namespace aelab {

struct AppState;
class Autoencoder;

struct DataPanel {
  char path[512] = "";  // desktop: a folder (IDX or images) or a data file (open_data_path)
  void draw(AppState& s);
};

// The settings on screen: what Start trains (edited_run). Defaults are the run table's
// (run.h), as a link without these keys gets them.
struct ModelPanel {
  int arch = 0;  // index into app_architectures()
  int code_dim = 32, batch = 20, epochs = 20, seed = 1;
  float lr = 1e-3f, noise = 0.0f, sparse_weight = 1e-4f, contractive_weight = 1e-2f, kl_weight = 1.0f;
  std::string noise_kind = "gaussian";
  bool shuffle = false;
  void draw(AppState& s);

 private:
  void live_float(AppState& s, const char* label, const char* key, float* value, float step, const char* format);
};

struct TrainPanel {
  char model_path[512] = "";  // where Save and Load write and read the model
  // The figures it prints, refreshed twice a second: text that changes every frame would
  // redraw its window every frame (partial_redraw.h).
  double shown_fps = 0.0, shown_frame_ms = 0.0, shown_at = 0.0;
  void draw(AppState& s);
};

// The figure digits above their reconstructions; a click selects one.
struct FigurePanel {
  void draw(AppState& s);
};

struct LossPanel {
  void draw(AppState& s);
};

struct SamplesPanel {
  int page = 0;  // of the training images
  void draw(AppState& s);
};

// The pad and what the model makes of it: `pre` is the pad as MNIST (the views' "drawing").
struct DrawPanel {
  static constexpr float kBrushMin = 0.5f, kBrushMax = 3.0f, kBrushDefault = 1.3f;  // radius, pad pixels
  DrawPad pad;
  float brush = kBrushDefault;
  bool eraser = false;  // the pointer wipes instead of painting
  bool drawing = false;
  ImVec2 last;
  std::vector<float> pre, recon, code;
  uint64_t seen = 0;  // the pad's version that pre, recon and code are of
  // Preprocesses, encodes and decodes the pad when it or the model changed; true if it did.
  bool update(Autoencoder& model, bool model_changed);
  void draw(AppState& s);
};

struct CodePanel {
  int style = 0;  // 0 bars, 1 heat map
  void draw(AppState& s);
};

struct StatusBar {
  void draw(AppState& s);
};

// The "Run" window: the run's link, Copy, Replay, and on the desktop run files.
struct RunPanel {
  char path[512] = "run.json";
  std::string published;  // the fragment hooks.run_changed last saw
  float placed_x = 0, placed_y = 0;  // where the layout last put it
  void draw(AppState& s);
  // Calls hooks.run_changed when the run's fragment changed since the last call.
  void publish(AppState& s);
};

// Every panel, the explore column and the Help window, in their drawing order.
void draw_panels(AppState& s);

}  // namespace aelab
