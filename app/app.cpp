// The frame loop shared by both targets: events, snapshots from the trainer into the UI's own
// model copy, the inference behind the figures, the panels and views (which draw themselves,
// panels.h and views.h), partial redraw, and the status line the tests read.
#include <SDL.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app_state.h"
#include "gl.h"
#include "hash.h"
#include "run_link.h"
#include "theme.h"

namespace aelab {

namespace {
void apply_snapshots(AppState& s) {
  if (!s.trainer.poll(&s.snap)) return;
  if (s.snap.state != TrainState::kIdle && !s.snap.params.empty() && s.view->set_parameters(s.snap.params)) {
    s.view_dirty = true;
  }
  if (s.training && s.snap.state == TrainState::kDiverged) {
    s.model = s.trainer.join();
    s.training = s.paused = false;
    set_message(s, s.snap.message + ". Lower the learning rate and press Reset model.", true);
  } else if (s.training && (s.snap.state == TrainState::kFinished || s.snap.state == TrainState::kStopped)) {
    s.model = s.trainer.join();
    s.training = s.paused = false;
    char text[160];
    const float test = s.snap.test_curve.empty() ? 0.0f : s.snap.test_curve.back().loss;
    std::snprintf(text, sizeof text, "training %s: %d epochs, test MSE %.5f", train_state_name(s.snap.state),
                  s.model->epochs_trained(), test);
    set_message(s, text, false);
    if (s.app.options.quit_when_trained) s.app.quit = true;
  }
}

// The figures' reconstructions, the drawing's and the selected code, when the model or the
// pad changed.
void update_views(AppState& s) {
  if (!s.view || !s.test) return;
  const int dim = s.view->input_dim();
  if (s.view_dirty) {
    s.figure_out.resize(static_cast<size_t>(10) * dim);
    s.view->reconstruct(s.figure_in.data(), 10, s.figure_out.data());
  }
  const DrawPanel& d = s.draw_panel;
  if (s.draw_panel.update(*s.view, s.view_dirty)) {
    s.selected_code.resize(s.view->code_dim());
    if (s.selected == 10 && !d.code.empty()) {
      s.selected_code = d.code;
    } else {
      s.view->encode(&s.figure_in[static_cast<size_t>(std::min(s.selected, 9)) * dim], 1, s.selected_code.data());
    }
  }
  s.view_dirty = false;
}

// The status line for screen readers: what the status bar and the Train panel say, on a change
// of state, epoch or message (not every batch: a live region that talks all the time is noise).
void publish_status(AppState& s) {
  if (!s.app.hooks.status_changed) return;
  const TrainSnapshot& t = s.snap;
  char text[96];
  const char* state = s.training ? (s.paused ? "paused" : "training") : train_state_name(t.state);
  if (t.epochs > 0) std::snprintf(text, sizeof text, "%s, epoch %d of %d", state, std::min(t.epoch + 1, t.epochs), t.epochs);
  else std::snprintf(text, sizeof text, "%s", state);
  std::string line = text;
  if (!t.test_curve.empty()) {
    std::snprintf(text, sizeof text, ", test MSE %.5f", t.test_curve.back().loss);
    line += text;
  }
  if (!s.message.empty()) line += std::string(s.message_error ? ". Error: " : ". ") + s.message;
  if (line == s.published_status) return;
  s.published_status = line;
  s.app.hooks.status_changed(line);
}

// FNV-1a over the weights Save would write (save_model's choice of model), as 16 hex digits:
// browser_persist compares it before the save and after the reload.
std::string weights_hash(const AppState& s) {
  const Autoencoder* m = s.model ? s.model.get() : s.view.get();
  uint64_t h = kFnvOffset;
  if (m) {
    const std::vector<float> p = m->parameters();
    h = fnv1a(h, p.data(), p.size() * sizeof(float));
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

void write_screenshot(AppState& s) {
  const TestProbes& p = s.probes;
  if (p.redraw_diff != 0) {  // no screenshot: the tests that take one fail
    std::fprintf(stderr, "aelab-app: %ld pixels of the partially redrawn frame (%.0f %% redrawn) differ from it drawn whole\n",
                 p.redraw_diff, 100.0 * p.checked_fraction);
    return;
  }
  int w = 0, h = 0;
  SDL_GL_GetDrawableSize(s.app.window, &w, &h);
  std::vector<unsigned char> rgba(static_cast<size_t>(w) * h * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
  stbi_flip_vertically_on_write(1);
  if (!stbi_write_png(s.app.options.screenshot.c_str(), w, h, 4, rgba.data(), w * 4)) {
    std::fprintf(stderr, "aelab-app: cannot write %s\n", s.app.options.screenshot.c_str());
  } else {
    std::fprintf(stderr, "aelab-app: wrote %s (%dx%d, frame %d, %.1f fps, %.1f ms in app_frame, %.0f %% redrawn)\n",
                 s.app.options.screenshot.c_str(), w, h, s.frame, s.fps, s.frame_ms, 100.0 * p.checked_fraction);
  }
}
}  // namespace

bool app_init(App* app, std::string* error) {
  app->state = new AppState(*app);
  AppState& s = *app->state;
  std::snprintf(s.train_panel.model_path, sizeof s.train_panel.model_path, "%s", s.app.options.model_path.c_str());
  if (!s.gpu.init(s.app.options.test_broken_shader, error)) return false;
  if (s.app.options.touch) Display::use_touch_sizes();
  if (s.app.options.record_items) s.probes.items.attach();
  if (!s.display.update(s.app.window, s.app.options.font_path, error)) return false;
  ImGui::GetStyle().WindowRounding = 0.0f;
  // Keyboard navigation (arrows, Tab, Space), its focus rectangle drawn in the theme's colour.
  ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  s.clear_color = apply_theme(s.app.options.light_theme);
  if (const int arch = architecture_index(s.app.options.architecture); arch >= 0) {
    s.model_panel.arch = arch;
    const ModelConfig digits;  // the core's default image size: the built-in digits, loaded next
    s.model_panel.code_dim = default_code_size(arch, digits.image_rows, digits.image_cols);
  }
  if (!load_builtin(s, "builtin")) {
    *error = s.message;
    return false;
  }
  if (!s.app.options.data.empty() && !open_data_path(s, s.app.options.data)) {
    *error = s.message;
    return false;
  }
  if (!s.app.options.model_path.empty()) {
    FILE* f = std::fopen(s.app.options.model_path.c_str(), "rb");
    if (f) {
      std::fclose(f);
      load_model(s, s.app.options.model_path);
    }
  }
  if (s.app.options.demo_drawing) {
    DrawPanel& d = s.draw_panel;
    d.pad.stroke(7, 6, 20, 6, d.brush);
    d.pad.stroke(20, 6, 13, 23, d.brush);
    d.pad.end_stroke();
    s.selected = 10;
  }
  if (!s.app.options.run_link.empty()) open_run_link(s, s.app.options.run_link);
  if (!s.app.options.run_file.empty()) import_run_file(s, s.app.options.run_file, s.app.options.replay);
  if (s.app.options.autotrain) start_training(s);
  return true;
}

void app_frame(void* arg) {
  App* app = static_cast<App*>(arg);
  AppState& s = *app->state;
  const uint64_t t_begin = SDL_GetPerformanceCounter();
  SDL_Event event;
  while (SDL_PollEvent(&event)) {
    if (!handle_shortcut(s, event)) ImGui_ImplSDL2_ProcessEvent(&event);
    if (event.type == SDL_QUIT) s.app.quit = true;
    // Files dropped together (an IDX pair, PNG/JPEG images) arrive one event each, between
    // SDL_DROPBEGIN and SDL_DROPCOMPLETE: they are opened together.
    if (event.type == SDL_DROPBEGIN) s.dropping = true;
    if (event.type == SDL_DROPFILE) {
      s.dropped.push_back(event.drop.file);
      SDL_free(event.drop.file);
    }
    if (event.type == SDL_DROPCOMPLETE) s.dropping = false;
  }
  if (!s.dropping && !s.dropped.empty()) {
    app_open_files(app, s.dropped);
    s.dropped.clear();
  }
  const double now = SDL_GetTicks() / 1000.0;
  if (s.frame > 0) {
    s.frame_times[s.frame % s.frame_times.size()] = now - s.last_time;
    double sum = 0.0;
    const size_t n = std::min<size_t>(s.frame, s.frame_times.size());
    for (size_t i = 0; i < n; ++i) sum += s.frame_times[i];
    s.fps = sum > 0.0 ? n / sum : 0.0;
  }
  s.last_time = now;
  if (s.frame == s.app.options.resize_frame) {
    SDL_SetWindowSize(s.app.window, s.app.options.resize_w, s.app.options.resize_h);
    s.probes.train_points_at_resize = static_cast<int>(s.snap.train_curve.size());
  }
  std::string error;
  if (!s.display.update(s.app.window, s.app.options.font_path, &error)) set_message(s, error, true);
  s.layout.compute(s.display.width(), s.display.height());

  s.trainer.pump(kPumpBudgetMs);
  apply_snapshots(s);
  update_views(s);

  s.probes.items.begin_frame();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  ImGui::NewFrame();
  s.gpu.begin_frame();
  draw_panels(s);
  s.gpu.flush();
  s.run_panel.publish(s);
  publish_status(s);
  ImGui::Render();
  s.probes.items.end_frame();
  // A screenshot's frame is also checked against the same frame drawn whole (partial_redraw.h).
  TestProbes& p = s.probes;
  if (!s.app.options.screenshot.empty() && s.frame + 1 == s.app.options.frames) p.check_redraw = true;
  s.redraw.render(ImGui::GetDrawData(), s.app.options.canvas_kept, s.clear_color, s.gpu);
  s.redraw_fraction = 0.95 * s.redraw_fraction + 0.05 * s.redraw.last_fraction();
  p.redrawn_total += s.redraw.last_fraction();
  if (p.check_redraw) {
    p.check_redraw = false;
    p.checked_fraction = s.redraw.last_fraction();
    p.redraw_diff = s.redraw.compare_with_full(ImGui::GetDrawData(), s.clear_color, s.gpu);
    p.redraw_checks += 1;
  }
  s.explore.after_render(s);
  s.frame += 1;
  if (!s.app.options.screenshot.empty() && s.frame == s.app.options.frames) {
    write_screenshot(s);
    s.app.quit = true;
  }
  const double work_ms = (SDL_GetPerformanceCounter() - t_begin) * 1000.0 / SDL_GetPerformanceFrequency();
  s.frame_ms = s.frame_ms == 0.0 ? work_ms : 0.95 * s.frame_ms + 0.05 * work_ms;
  s.last_frame_ms = work_ms;
  SDL_GL_SwapWindow(s.app.window);
}

void app_set_theme(App* app, bool light) {
  if (app->state) app->state->clear_color = apply_theme(light);
}

void app_check_redraw(App* app) {
  if (app->state) app->state->probes.check_redraw = true;
}

void app_shutdown(App* app) {
  if (!app->state) return;
  stop_training(*app->state);
  delete app->state;
  app->state = nullptr;
}

std::string app_status_json(App* app) {
  AppState& s = *app->state;
  auto num = [](double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.6g", std::isfinite(v) ? v : 0.0);
    return std::string(b);
  };
  // Losses with 9 digits: a float's exact bits, a double as the command line prints it. Tests
  // compare runs bit for bit.
  auto loss = [](double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.9g", std::isfinite(v) ? v : 0.0);
    return std::string(b);
  };
  auto quote = [](const std::string& t) {
    std::string o = "\"";
    for (char c : t) {
      if (c == '"' || c == '\\') o += '\\';
      o += (static_cast<unsigned char>(c) < 0x20) ? ' ' : c;
    }
    return o + "\"";
  };
  std::string j = "{\"frame\":" + std::to_string(s.frame) + ",\"fps\":" + num(s.fps) + ",\"frame_ms\":" + num(s.frame_ms);
  const TestProbes& p = s.probes;
  j += ",\"redraw_fraction\":" + num(s.redraw_fraction) + ",\"redrawn_total\":" + num(p.redrawn_total);
  j += ",\"redraw_checks\":" + std::to_string(p.redraw_checks);
  j += ",\"train_points_at_resize\":" + std::to_string(p.train_points_at_resize);
  j += ",\"checked_fraction\":" + num(p.checked_fraction) + ",\"redraw_diff\":" + std::to_string(p.redraw_diff);
  j += ",\"state\":" + quote(s.training ? (s.paused ? "paused" : "training") : train_state_name(s.snap.state));
  j += ",\"trainer\":" + quote(train_state_name(s.snap.state));  // what the trainer thread last published
  j += ",\"data\":" + quote(s.data_name) + ",\"train_count\":" + std::to_string(s.train ? s.train->count : 0);
  j += ",\"data_summary\":" + quote(s.data_summary);
  j += ",\"epochs_trained\":" + std::to_string(s.model ? s.model->epochs_trained() : -1);
  j += ",\"steps\":" + std::to_string(s.model ? s.model->steps() : -1);
  j += ",\"weights_hash\":" + quote(weights_hash(s));
  j += ",\"samples_per_s\":" + num(s.snap.samples_per_s) + ",\"epochs_asked\":" + std::to_string(s.snap.epochs);
  // The training time the panel's samples/s divides by, and the threads a step runs on
  // (bench/app_bench.mjs reads both).
  j += ",\"train_elapsed_s\":" + num(s.snap.elapsed_s) + ",\"trainer_threads\":" + std::to_string(s.app.options.threads);
  j += ",\"train_loss\":[";
  for (size_t i = 0; i < s.snap.train_curve.size(); ++i) j += (i ? "," : "") + loss(s.snap.train_curve[i].loss);
  j += "],\"test_loss\":[";
  for (size_t i = 0; i < s.snap.test_curve.size(); ++i) j += (i ? "," : "") + loss(s.snap.test_curve[i].loss);
  j += "],\"test_mse\":" + loss(s.snap.test_mse);
  double ink = 0.0, recon = 0.0;
  for (float v : s.draw_panel.pad.pixels()) ink += v;
  for (float v : s.draw_panel.recon) recon += v;
  double code = 0.0;
  for (float v : s.selected_code) code += std::fabs(v);
  j += ",\"pad_ink\":" + num(ink) + ",\"pad_recon_sum\":" + num(recon) + ",\"code_abs_sum\":" + num(code);
  j += ",\"selected\":" + std::to_string(s.selected);
  j += ",\"layout\":" + quote(layout_mode_name(s.layout.mode)) + ",\"layout_changes\":" + std::to_string(s.layout.changes);
  j += ",\"display\":[" + num(s.display.width()) + "," + num(s.display.height()) + "," + num(s.display.scale()) + "]";
  j += ",\"font_rebuilds\":" + std::to_string(s.display.rebuilds()) + ",\"pad_size\":" + num(s.layout.pad_size);
  j += ",\"status_line\":" + quote(s.published_status);
  j += ",\"run\":" + quote(run_to_fragment(current_run(s)));
  auto flag = [](bool b) { return std::string(b ? "true" : "false"); };
  j += ",\"theme\":" + quote(theme_is_light() ? "light" : "dark") + ",\"help_open\":" + flag(s.help.open);
  j += ",\"nav_visible\":" + flag(ImGui::GetIO().NavVisible) + ",\"eraser\":" + flag(s.draw_panel.eraser);
  j += ",\"samples_page\":" + std::to_string(s.samples_panel.page);
  j += ",\"message\":" + quote(s.message) + ",\"message_error\":" + (s.message_error ? "true" : "false");
  j += ",\"explore\":" + s.explore.status_json(s);
  j += ",\"widgets\":{";
  bool first = true;
  for (const auto& [name, r] : p.widgets) {
    j += (first ? "" : ",") + quote(name) + ":[" + num(r[0]) + "," + num(r[1]) + "," + num(r[2]) + "," + num(r[3]) + "]";
    first = false;
  }
  return j + "},\"items\":" + p.items.json() + "}";
}

}  // namespace aelab
