// The browser shell: SDL2 + WebGL2 + ImGui, then the shared app_frame driven by
// emscripten_set_main_loop_arg. Plus the page's entry points: files the user picked or dropped
// (written to MEMFS by web/app.js), the IndexedDB copy of the model, and a status line for tests.
#include <SDL.h>
#include <emscripten.h>
#include <emscripten/heap.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#include <malloc.h>

#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "app.h"
#include "thread_pool.h"

namespace {
aelab::App g_app;
bool g_ready = false;
constexpr const char* kPersistDir = "/persist";
double g_pixel_ratio = 0.0;

// SDL resizes the canvas's backing store (CSS size x devicePixelRatio) on the window's resize
// event, but a change of devicePixelRatio alone (the window moved to another screen, some
// zooms) fires none: matchMedia's resolution queries do not fire for every such change either
// (headless Chromium's emulated ratio), so the ratio is read each frame (one call) and a
// change sent as a resize.
void frame(void* app) {
  const double ratio = emscripten_get_device_pixel_ratio();
  if (ratio != g_pixel_ratio) {
    if (g_pixel_ratio != 0.0) EM_ASM({ window.dispatchEvent(new Event('resize')); });
    g_pixel_ratio = ratio;
  }
  aelab::app_frame(app);
}
}  // namespace

extern "C" {
// Newline-separated MEMFS paths of files the page received (picker or drop).
EMSCRIPTEN_KEEPALIVE void aelab_open_files(const char* paths) {
  if (!g_ready) return;
  std::vector<std::string> list;
  std::istringstream in(paths);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) list.push_back(line);
  }
  if (!list.empty()) aelab::app_open_files(&g_app, list);
}

// Tests: compare the next frame as drawn (only the windows that changed) with the same frame
// drawn whole.
EMSCRIPTEN_KEEPALIVE void aelab_check_redraw() {
  if (g_ready) aelab::app_check_redraw(&g_app);
}

// The system's colour scheme changed (prefers-color-scheme): 1 light, 0 dark.
EMSCRIPTEN_KEEPALIVE void aelab_set_theme(int light) {
  if (g_ready) aelab::app_set_theme(&g_app, light != 0);
}

// Called by the page once IndexedDB has been read into /persist: restore the saved model.
EMSCRIPTEN_KEEPALIVE void aelab_persist_ready() {
  if (!g_ready) return;
  if (FILE* f = std::fopen(g_app.options.model_path.c_str(), "rb")) {
    std::fclose(f);
    aelab::app_open_files(&g_app, {g_app.options.model_path});
  }
}

// One JSON line: frame, fps, training state, losses, widget rectangles, last message, the
// wasm heap (its size and the bytes malloc has handed out: the browser soak checks both) and
// which variant of the page this is (threaded or single-threaded; web/app.js picks one).
EMSCRIPTEN_KEEPALIVE const char* aelab_status() {
  static std::string json;
  json = g_ready ? aelab::app_status_json(&g_app) : "{}";
  if (g_ready && json.size() > 2 && json.back() == '}') {
    const struct mallinfo mi = mallinfo();
    json.pop_back();
    json += ",\"heap_size\":" + std::to_string(emscripten_get_heap_size()) +
            ",\"heap_used\":" + std::to_string(static_cast<unsigned long>(mi.uordblks)) +
            ",\"variant\":\"" + (aelab::kHaveThreads ? "threaded" : "single-threaded") + "\"}";
  }
  return json.c_str();
}
}

int main() {
  g_app.options.web = true;
  g_app.options.builtin_dir = "/data/builtin";
  g_app.options.model_path = std::string(kPersistDir) + "/model.aelab";
  g_app.options.font_path = "/fonts/DejaVuSans.ttf";
  // A finger or stylus is the main pointer: targets of 40 CSS pixels (app/display.h).
  g_app.options.touch = EM_ASM_INT({ return matchMedia('(pointer: coarse)').matches ? 1 : 0; }) != 0;
  g_app.hooks.status_changed = [](const std::string& text) { EM_ASM({ aelabStatus(UTF8ToString($0)); }, text.c_str()); };
  // Leave a core for the page (UI thread, compositor): trainer threads = cores - 1, 1..4. The
  // single-threaded variant trains between frames on the page's thread: 1.
  const int cores = EM_ASM_INT({ return navigator.hardwareConcurrency || 2; });
  g_app.options.threads = aelab::usable_threads(cores <= 2 ? 1 : (cores - 1 < 4 ? cores - 1 : 4));
  g_app.hooks.model_saved = [](const std::string& path, bool download) {
    // clang-format off
    EM_ASM({
      const path = UTF8ToString($0);
      FS.syncfs(false, function(err) { if (err) console.warn('aelab: IndexedDB save failed', err); });
      if ($1) aelabDownload(FS.readFile(path), 'model.aelab');
    }, path.c_str(), download ? 1 : 0);
    // clang-format on
  };
  g_app.hooks.pick_files = [] { EM_ASM({ aelabPickFiles(); }); };
  g_app.hooks.export_file = [](const std::string& name, const std::vector<unsigned char>& bytes) {
    // slice() copies out of the heap: a Blob cannot hold a SharedArrayBuffer view (threaded variant).
    EM_ASM({ aelabDownload(HEAPU8.slice($0, $0 + $1), UTF8ToString($2)); }, bytes.data(), bytes.size(), name.c_str());
  };
  // The run lives in the URL fragment: opening the page's URL sets the same run up again.
  // (A fragment longer than a run can be is cut here and refused by the parser.)
  std::vector<char> hash(8192, '\0');
  EM_ASM({ stringToUTF8(location.hash.slice(0, 8000), $0, $1); }, hash.data(), static_cast<int>(hash.size()));
  g_app.options.run_link = hash.data();
  // Tests only: ?test_broken_shader=1 draws every image black (browser_pixels_broken_shader);
  // ?test_items=1 records every item's rectangle for the status (browser_fit).
  g_app.options.test_broken_shader =
      EM_ASM_INT({ return new URLSearchParams(location.search).get('test_broken_shader') === '1' ? 1 : 0; }) != 0;
  g_app.options.record_items =
      EM_ASM_INT({ return new URLSearchParams(location.search).get('test_items') === '1' ? 1 : 0; }) != 0;
  // The page starts in the system's colour scheme, and follows it (below, once the app runs).
  g_app.options.light_theme = EM_ASM_INT({ return matchMedia('(prefers-color-scheme: light)').matches ? 1 : 0; }) != 0;
  g_app.hooks.run_changed = [](const std::string& fragment) {
    // replaceState: settings changes do not pile up in the back-button history.
    EM_ASM({ history.replaceState(null, document.title, '#' + UTF8ToString($0)); }, fragment.c_str());
  };

  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
    std::printf("aelab-app: SDL_Init failed: %s\n", SDL_GetError());
    return 1;
  }
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  // Keep the canvas between frames: a frame then redraws only the windows that changed
  // (app/partial_redraw.h). SDL creates the context through Emscripten's EGL, which has no
  // attribute for it.
  EM_ASM({ EGL.contextAttributes.preserveDrawingBuffer = true; });
  // The canvas fills the page (web/style.css); RESIZABLE makes SDL follow its CSS size and
  // ALLOW_HIGHDPI gives it CSS size x devicePixelRatio device pixels (and `frame` reports changes of the ratio).
  // SDL gives the page its window's title.
  SDL_Window* window = SDL_CreateWindow("aelab: autoencoder lab", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, 1280, 800,
                                        SDL_WINDOW_OPENGL | SDL_WINDOW_ALLOW_HIGHDPI | SDL_WINDOW_RESIZABLE);
  SDL_GLContext gl = window ? SDL_GL_CreateContext(window) : nullptr;
  if (!gl) {
    EM_ASM({ aelabFatal('WebGL2 context creation failed: ' + UTF8ToString($0)); }, SDL_GetError());
    return 1;
  }
  SDL_GL_MakeCurrent(window, gl);
  g_app.options.canvas_kept = EM_ASM_INT({ return GLctx.getContextAttributes().preserveDrawingBuffer ? 1 : 0; }) != 0;

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;
  ImGui::StyleColorsDark();
  ImGui_ImplSDL2_InitForOpenGL(window, gl);
  ImGui_ImplOpenGL3_Init("#version 300 es");

  g_app.window = window;
  std::string error;
  if (!aelab::app_init(&g_app, &error)) {
    EM_ASM({ aelabFatal(UTF8ToString($0)); }, error.c_str());
    return 1;
  }
  g_ready = true;
  EM_ASM({
    matchMedia('(prefers-color-scheme: light)').addEventListener('change', (e) => {
      Module.ccall('aelab_set_theme', null, ['number'], [e.matches ? 1 : 0]);
    });
  });
  // IndexedDB -> /persist (asynchronous); the page calls aelab_persist_ready when done.
  // clang-format off
  EM_ASM({
    const dir = UTF8ToString($0);
    FS.mkdir(dir);
    FS.mount(IDBFS, {}, dir);
    FS.syncfs(true, function(err) {
      if (err) console.warn('aelab: IndexedDB load failed', err);
      Module.ccall('aelab_persist_ready', null, [], []);
    });
  }, kPersistDir);
  // clang-format on
  emscripten_set_main_loop_arg(frame, &g_app, 0, true);
  return 0;
}
