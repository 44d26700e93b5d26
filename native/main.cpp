// The desktop shell: SDL2 window + OpenGL 3.3 core context + ImGui, then the shared app_frame
// in a plain loop. Everything else is in app/.
//   aelab-app [--data-dir DIR] [--data PATH] [--model FILE] [--threads T] [--arch A] [--train]
//             [--demo-drawing] [--view TAB] [--screenshot FILE --frames N] [--run FILE [--replay]]
//             [--quit-when-trained] [--print-status] [--theme light|dark]
// The window is resizable and follows the display's scale (SDL_WINDOW_ALLOW_HIGHDPI).
// --resize-at N WxH (tests only) resizes the window at frame N, as a user dragging its corner.
// --data opens a folder or a data file at start (as the Data panel's path does); --run imports a
// JSON run file (as "Import run" does); --print-status prints the app's status JSON line (the
// browser tests' aelab_status) on exit. --theme: SDL2 has no portable way to ask the system for
// its colour scheme, so the desktop starts dark unless told (the UI toggles it).
// --test-broken-shader (tests only, so not in the usage line) draws every image black:
// app_desktop_broken_shader's pixel checks must fail.
#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include "app.h"

int main(int argc, char** argv) {
  aelab::App app;
  app.options.builtin_dir = AELAB_BUILTIN_DATA_DIR;
  // Offered when the Debian package dataset-fashion-mnist is installed.
  if (std::FILE* f = std::fopen("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz", "rb")) {
    std::fclose(f);
    app.options.fashion_dir = "/usr/share/datasets/fashion-mnist";
  }
  app.options.model_path = "aelab-app-model.aelab";
  app.options.font_path = AELAB_FONT_PATH;
  // Leave a core for the UI: trainer threads = cores - 1, 1..4 (--threads overrides).
  app.options.threads = std::max(1, std::min(4, static_cast<int>(std::thread::hardware_concurrency()) - 1));
  bool print_status = false;
  std::string theme = "dark";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--screenshot" && has_value) app.options.screenshot = argv[++i];
    else if (a == "--frames" && has_value) app.options.frames = std::atoi(argv[++i]);
    else if (a == "--data-dir" && has_value) app.options.builtin_dir = argv[++i];
    else if (a == "--data" && has_value) app.options.data = argv[++i];
    else if (a == "--model" && has_value) app.options.model_path = argv[++i];
    else if (a == "--threads" && has_value) app.options.threads = std::atoi(argv[++i]);
    else if (a == "--train") app.options.autotrain = true;
    else if (a == "--demo-drawing") app.options.demo_drawing = true;
    else if (a == "--arch" && has_value) app.options.architecture = argv[++i];
    else if (a == "--view" && has_value) app.options.view = argv[++i];
    else if (a == "--run" && has_value) app.options.run_file = argv[++i];
    else if (a == "--replay") app.options.replay = true;
    else if (a == "--quit-when-trained") app.options.quit_when_trained = true;
    else if (a == "--print-status") print_status = true;
    else if (a == "--test-broken-shader") app.options.test_broken_shader = true;
    else if (a == "--theme" && has_value) theme = argv[++i];
    else if (a == "--resize-at" && i + 2 < argc) {
      app.options.resize_frame = std::atoi(argv[++i]);
      if (std::sscanf(argv[++i], "%dx%d", &app.options.resize_w, &app.options.resize_h) != 2 ||
          app.options.resize_w < 200 || app.options.resize_h < 200) {
        std::fprintf(stderr, "aelab-app: --resize-at wants a frame and WxH, at least 200x200 (got %s)\n", argv[i]);
        return 2;
      }
    }
    else {
      std::fprintf(stderr,
                   "usage: aelab-app [--data-dir DIR] [--data PATH] [--model FILE] [--threads T] [--arch A] [--train]"
                   " [--demo-drawing]"
                   " [--view TAB] [--screenshot FILE --frames N] [--run FILE [--replay]] [--quit-when-trained]"
                   " [--print-status] [--theme light|dark]\n");
      return 2;
    }
  }
  if (app.options.threads < 1 || app.options.threads > 64 || (!app.options.screenshot.empty() && app.options.frames < 1)) {
    std::fprintf(stderr, "aelab-app: --threads must be 1..64 and --frames >= 1\n");
    return 2;
  }

  if (theme != "light" && theme != "dark") {
    std::fprintf(stderr, "aelab-app: --theme must be light or dark, not \"%s\"\n", theme.c_str());
    return 2;
  }
  app.options.light_theme = theme == "light";

  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
    std::fprintf(stderr, "aelab-app: SDL_Init failed: %s\n", SDL_GetError());
    return 1;
  }
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, SDL_GL_CONTEXT_FORWARD_COMPATIBLE_FLAG);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  SDL_Window* window = SDL_CreateWindow("aelab", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, 1280, 800,
                                        SDL_WINDOW_OPENGL | SDL_WINDOW_ALLOW_HIGHDPI | SDL_WINDOW_RESIZABLE);
  SDL_GLContext gl = window ? SDL_GL_CreateContext(window) : nullptr;
  if (!gl) {
    std::fprintf(stderr, "aelab-app: no OpenGL 3.3 core context: %s\n", SDL_GetError());
    return 1;
  }
  SDL_GL_MakeCurrent(window, gl);
  // A screenshot run draws as fast as it can; otherwise follow the display's refresh.
  SDL_GL_SetSwapInterval(app.options.screenshot.empty() ? 1 : 0);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;
  ImGui::StyleColorsDark();
  ImGui_ImplSDL2_InitForOpenGL(window, gl);
  ImGui_ImplOpenGL3_Init("#version 330 core");

  app.window = window;
  std::string error;
  if (!aelab::app_init(&app, &error)) {
    std::fprintf(stderr, "aelab-app: %s\n", error.c_str());
    return 1;
  }
  while (!app.quit) aelab::app_frame(&app);
  if (print_status) std::printf("%s\n", aelab::app_status_json(&app).c_str());

  aelab::app_shutdown(&app);
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplSDL2_Shutdown();
  ImGui::DestroyContext();
  SDL_GL_DeleteContext(gl);
  SDL_DestroyWindow(window);
  SDL_Quit();
  return 0;
}
