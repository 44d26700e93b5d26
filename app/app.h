// The shared front end as the two shells see it: fill App's options and hooks, set up
// SDL + GL + ImGui, call app_init, then call app_frame once per frame until app.quit.
// native/main.cpp and web/main.cpp are the only callers; nothing here is target-specific.
#pragma once
#include <functional>
#include <string>
#include <vector>

struct SDL_Window;

namespace aelab {

struct AppOptions {
  bool web = false;             // the browser build (file picker, IndexedDB, download)
  std::string builtin_dir;      // IDX files of the built-in digits
  std::string fashion_dir;      // "" when Fashion-MNIST is not offered
  std::string model_path;       // where Save/Load read and write the model
  int threads = 2;              // training threads
  std::string screenshot;       // write a PNG of frame `frames` here, then quit
  int frames = 0;
  bool autotrain = false;       // start training at once (screenshots, demos)
  std::string architecture;     // start with this model instead of the seed's linear one
  bool demo_drawing = false;    // start with a "7" on the pad (screenshots, smoke test)
  std::string view;             // open this explore tab ("latent", "sliders", ...; see explore.h)
  std::string run_link;         // a run link's fragment to open at start ("#model=conv&replay=1")
  std::string run_file;         // desktop: a JSON run file to import at start
  std::string data;             // desktop: a folder or data file to open at start (as the Data panel's path)
  bool replay = false;          // ... and train it at once
  bool quit_when_trained = false;  // quit after the frame where training ends (tests)
  bool test_broken_shader = false;  // tests: every image drawn black (GpuImages::init)
  // Tests: record every item's rectangle each frame (item_rects.h; the status's "items",
  // browser_fit). Off in the shipped page: a std::string label per item per frame for nobody.
  bool record_items = false;
  bool light_theme = false;     // start light (web: prefers-color-scheme; desktop: --theme light)
  std::string font_path;        // the TTF the text is rasterised from (Debian's DejaVu Sans)
  bool touch = false;           // a touch screen: larger targets (display.h)
  // Tests: at frame resize_frame, resize the window to resize_w x resize_h (the layout follows).
  int resize_frame = -1, resize_w = 0, resize_h = 0;
  // The canvas keeps its pixels between frames (web: preserveDrawingBuffer), so a frame
  // redraws only the windows that changed (partial_redraw.h). The desktop swaps buffers.
  bool canvas_kept = false;
};

struct AppHooks {
  // Web: the model file was saved (persist to IndexedDB; offer a download when asked).
  std::function<void(const std::string& path, bool download)> model_saved;
  // Web: open the browser's file picker (the page writes chosen files to MEMFS and calls back).
  std::function<void()> pick_files;
  // Web: hand an exported file (PNG of a view, CSV of codes) to the browser as a download.
  // Unset on the desktop, where exports are written to the working directory.
  std::function<void(const std::string& name, const std::vector<unsigned char>& bytes)> export_file;
  // The run's link fragment changed (web: keep it in the page URL).
  std::function<void(const std::string& fragment)> run_changed;
  // The status line's text changed (training state, epoch, test MSE, last message); web: the
  // page's ARIA live region, for screen readers.
  std::function<void(const std::string& text)> status_changed;
};

struct AppState;

struct App {
  bool quit = false;
  SDL_Window* window = nullptr;
  AppOptions options;
  AppHooks hooks;
  AppState* state = nullptr;
};

// After the GL context and ImGui (with its SDL2 + OpenGL3 backends) exist.
bool app_init(App* app, std::string* error);
// One frame: events, UI, training snapshots, drawing. The main-loop body for both targets.
void app_frame(void* app);
void app_shutdown(App* app);
// Files from a picker, a drop or a path, together: a data set (data_load.h: one .zip of PNG
// images, .npz, .npy or .csv, several PNG/JPEG images, or IDX files of any names, raw or .gz), an
// aelab model, a folder (desktop), or one picture, which goes onto the draw pad.
void app_open_files(App* app, const std::vector<std::string>& paths);
// Tests: the next frame is drawn as usual, then whole, and the pixels that differ are counted
// (app_status_json: redraw_checks, checked_fraction, redraw_diff).
void app_check_redraw(App* app);
// Light or dark (the page follows the system's prefers-color-scheme while it runs).
void app_set_theme(App* app, bool light);
// A JSON line for tests: state, losses, widget rectangles, last message.
std::string app_status_json(App* app);

}  // namespace aelab
