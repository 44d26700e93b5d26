// The frame loop shared by both targets, and the app's actions: datasets, model create /
// reset / save / load, training start/stop, snapshots into the UI's own model copy, and
// the inference behind the figures. The panels and views draw themselves (panels.h, views.h).
#include <SDL.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "app_state.h"
#include "file_io.h"
#include "gl.h"
#include "hash.h"
#include "idx.h"
#include "run_fields.h"
#include "run_link.h"
#include "thread_pool.h"

namespace aelab {

const std::vector<const char*>& app_architectures() {
  static const std::vector<const char*> names = [] {
    std::vector<const char*> v;
    for (int i = 0; i < kModelCount; ++i)
      if (kModels[i].in_app) v.push_back(kModels[i].name);
    return v;
  }();
  return names;
}

int architecture_index(const std::string& name) {
  const std::vector<const char*>& names = app_architectures();
  for (size_t i = 0; i < names.size(); ++i) {
    if (name == names[i]) return static_cast<int>(i);
  }
  return -1;
}

int default_code_size(int arch, int rows, int cols) {
  ModelConfig c;
  c.model = app_architectures()[arch];
  c.image_rows = rows;
  c.image_cols = cols;
  return default_code_dim(c);
}

void set_message(AppState& s, const std::string& text, bool error) {
  s.message = text;
  s.message_error = error;
  std::fprintf(stderr, "aelab-app: %s%s\n", error ? "error: " : "", text.c_str());
}

// ---- data

bool use_dataset(AppState& s, const std::string& name, std::shared_ptr<Dataset> train, std::shared_ptr<Dataset> test) {
  if (s.training) stop_training(s);
  s.data_name = name;
  s.train = std::move(train);
  s.test = std::move(test);
  s.samples_panel.page = 0;
  // The seed's figure: the first test image of each label (or the first ten images).
  for (int label = 0; label < 10; ++label) {
    s.figure_index[label] = std::min(label, s.test->count - 1);
    for (int i = 0; i < s.test->count; ++i) {
      if (s.test->labels[i] == label) {
        s.figure_index[label] = i;
        break;
      }
    }
  }
  s.figure_in.assign(static_cast<size_t>(10) * s.test->dim(), 0.0f);
  for (int k = 0; k < 10; ++k) images_to_float(*s.test, s.figure_index.data(), k, 1, &s.figure_in[k * s.test->dim()]);
  const bool fits = s.model && s.model->config().image_rows == s.test->rows && s.model->config().image_cols == s.test->cols;
  if (!fits) reset_model(s);
  s.view_dirty = true;
  set_message(s, name + ": " + std::to_string(s.train->count) + " train / " + std::to_string(s.test->count) +
                     " test images of " + std::to_string(s.test->rows) + "x" + std::to_string(s.test->cols), false);
  return true;
}

bool load_builtin(AppState& s, const std::string& which) {
  const std::string dir = which == "fashion" ? s.app.options.fashion_dir : s.app.options.builtin_dir;
  auto train = std::make_shared<Dataset>(), test = std::make_shared<Dataset>();
  std::string error;
  if (!load_mnist_dir(dir, train.get(), test.get(), &error)) {
    set_message(s, error, true);
    return false;
  }
  return use_dataset(s, which == "fashion" ? "Fashion-MNIST" : "MNIST (built-in)", train, test);
}

namespace {
bool contains(const std::string& s, const char* what) { return s.find(what) != std::string::npos; }

std::string base_name(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Train/test split of a single uploaded set, the built-in data's way: every fifth image is test.
void split_80_20(const Dataset& all, Dataset* train, Dataset* test) {
  for (Dataset* d : {train, test}) {
    d->rows = all.rows, d->cols = all.cols, d->count = 0;
    d->pixels.clear(), d->labels.clear();
  }
  for (int i = 0; i < all.count; ++i) {
    Dataset* d = i % 5 == 4 ? test : train;
    d->pixels.insert(d->pixels.end(), all.pixels.begin() + static_cast<size_t>(i) * all.dim(),
                     all.pixels.begin() + static_cast<size_t>(i + 1) * all.dim());
    d->labels.push_back(all.labels[i]);
    d->count += 1;
  }
}
}  // namespace

void app_open_files(App* app, const std::vector<std::string>& paths) {
  AppState& s = *app->state;
  IdxImages images[2];  // [train, test]
  std::vector<uint8_t> labels[2];
  bool have_images[2] = {false, false}, have_labels[2] = {false, false};
  for (const std::string& path : paths) {
    const std::string name = base_name(path);
    std::vector<uint8_t> raw, bytes;
    std::string error;
    if (!read_file(path, kMaxIdxBytes, &raw, &error)) {
      set_message(s, error, true);
      return;
    }
    if (raw.size() >= 8 && std::memcmp(raw.data(), "AELABCKP", 8) == 0) {
      load_model(s, path);
      return;
    }
    if (!gunzip_if_needed(raw.data(), raw.size(), kMaxIdxBytes, &bytes, &error)) {
      set_message(s, name + ": " + error, true);
      return;
    }
    const int set = contains(name, "t10k") || contains(name, "test") ? 1 : 0;
    const bool is_labels = bytes.size() >= 4 && bytes[2] == 0x08 && bytes[3] == 0x01;
    const bool ok = is_labels ? parse_idx_labels(bytes.data(), bytes.size(), &labels[set], &error)
                              : parse_idx_images(bytes.data(), bytes.size(), &images[set], &error);
    if (!ok) {
      set_message(s, name + ": " + error, true);
      return;
    }
    (is_labels ? have_labels : have_images)[set] = true;
  }
  if (!have_images[0] && have_images[1]) {  // only a test pair: use it as the whole set
    std::swap(images[0], images[1]), std::swap(labels[0], labels[1]);
    std::swap(have_images[0], have_images[1]), std::swap(have_labels[0], have_labels[1]);
  }
  if (!have_images[0] || !have_labels[0]) {
    set_message(s, "IDX upload needs an images file and its labels file (raw or .gz)", true);
    return;
  }
  if (have_images[1] != have_labels[1]) {
    set_message(s, "IDX upload: the test images and test labels must come together", true);
    return;
  }
  auto train = std::make_shared<Dataset>(), test = std::make_shared<Dataset>();
  std::string error;
  if (!make_dataset(images[0].count, images[0].rows, images[0].cols, std::move(images[0].pixels), std::move(labels[0]),
                    train.get(), &error)) {
    set_message(s, error, true);
    return;
  }
  if (have_images[1]) {
    if (!make_dataset(images[1].count, images[1].rows, images[1].cols, std::move(images[1].pixels),
                      std::move(labels[1]), test.get(), &error)) {
      set_message(s, error, true);
      return;
    }
    if (test->rows != train->rows || test->cols != train->cols) {
      set_message(s, "IDX upload: train and test images differ in size", true);
      return;
    }
  } else {
    if (train->count < 5) {
      set_message(s, "IDX upload: at least 5 images are needed to split off a test set", true);
      return;
    }
    Dataset all = std::move(*train);
    split_80_20(all, train.get(), test.get());
  }
  use_dataset(s, "uploaded " + base_name(paths.front()), train, test);
}

// ---- model

Run edited_run(const AppState& s) {
  Run r;
  r.data = s.data_name == "Fashion-MNIST" ? "fashion" : "builtin";  // uploads cannot travel in a link
  const ModelPanel& m = s.model_panel;
  ModelConfig& c = r.model;
  c = s.unshown;  // the fields no panel shows, as the last run file, link or model set them
  c.model = app_architectures()[m.arch];
  c.image_rows = s.train ? s.train->rows : 28;
  c.image_cols = s.train ? s.train->cols : 28;
  c.code_dim = m.code_dim;
  c.lr = m.lr;
  c.batch = m.batch;
  c.seed = static_cast<uint64_t>(m.seed);
  c.noise = m.noise_kind;
  c.noise_level = m.noise;
  c.sparse_weight = m.sparse_weight;
  c.contractive_weight = m.contractive_weight;
  r.epochs = m.epochs;
  r.shuffle = m.shuffle;
  r.threads = usable_threads(s.app.options.threads);  // what really trains (1 without threads)
  return r;
}

std::string pending_settings(const AppState& s) {
  const Run want = edited_run(s);
  std::string out;
  for (const RunField& f : run_fields()) {
    if ((f.use & kNeedsNewModel) && f.type != FieldType::kText && get_field(f, want) != get_field(f, s.trained))
      out += (out.empty() ? "" : ", ") + std::string(f.key);
  }
  if (want.model.noise != s.trained.model.noise) out += (out.empty() ? "" : ", ") + std::string("noise");
  return out;
}

bool reset_model(AppState& s) {
  if (s.training) stop_training(s);
  const Run run = edited_run(s);
  const ModelConfig& c = run.model;
  std::string error;
  std::unique_ptr<Autoencoder> m = Autoencoder::create(c, s.app.options.threads, &error);
  if (!m) {
    set_message(s, "model: " + error, true);
    return false;
  }
  s.model = std::move(m);
  s.view = s.model->clone(1);
  s.trained = run;
  s.trained.model = s.model->config();  // resolved: the model's own defaults filled in
  s.trainer.reset_curves();
  s.snap = TrainSnapshot();
  s.replay_edits.clear();  // a new model starts a new timeline (apply_run sets a replayed one after)
  s.view_dirty = true;
  set_message(s, std::string("new ") + c.model + " model, " + std::to_string(s.model->param_count()) + " parameters", false);
  return true;
}

void start_training(AppState& s) {
  if (s.training || !s.model || !s.train) return;
  // The live values on screen (run_fields.h, kLive) that differ from the model's own.
  Run want = edited_run(s), was;
  was.model = s.model->config();
  std::vector<const RunField*> live;
  for (const RunField& f : run_fields()) {
    if ((f.use & kLive) && f.type == FieldType::kFloat &&
        *static_cast<float*>(f.target(want)) != *static_cast<float*>(f.target(was))) {
      live.push_back(&f);
    }
  }
  // A model that has not trained a step is made again from the settings on screen: they are
  // the run's own from its first step.
  if (s.model->steps() == 0 && (!live.empty() || !pending_settings(s).empty())) {
    std::vector<RunEdit> replay = std::move(s.replay_edits);
    if (!reset_model(s)) return;
    s.replay_edits = std::move(replay);
    live.clear();
  }
  TrainSettings t;
  t.epochs = s.model_panel.epochs;
  t.shuffle = s.trained.shuffle = s.model_panel.shuffle;
  t.edits = std::move(s.replay_edits);
  s.replay_edits.clear();
  s.trainer.start(std::move(s.model), s.train, s.test, t);
  // On a model that has trained, they join the run's timeline at this step.
  for (const RunField* f : live) s.trainer.edit(f->key, *static_cast<float*>(f->target(want)));
  s.training = true;
  s.paused = false;
  set_message(s, "training started", false);
}

void stop_training(AppState& s) {
  if (!s.training) return;
  s.trainer.request_stop();
  s.model = s.trainer.join();
  s.training = s.paused = false;
  if (s.model) {
    s.view->set_parameters(s.model->parameters());
    s.view_dirty = true;
    set_message(s, "training stopped after " + std::to_string(s.model->epochs_trained()) + " epochs", false);
  }
}

bool save_model(AppState& s, bool download) {
  // While training, the UI's copy holds the latest snapshot of the weights.
  Autoencoder* m = s.model ? s.model.get() : s.view.get();
  std::string error;
  if (!m || !m->save(s.train_panel.model_path, &error)) {
    set_message(s, m ? error : "no model to save", true);
    return false;
  }
  if (s.app.hooks.model_saved) s.app.hooks.model_saved(s.train_panel.model_path, download);
  set_message(s, std::string("saved ") + s.train_panel.model_path, false);
  return true;
}

bool load_model(AppState& s, const std::string& path) {
  std::string error;
  std::unique_ptr<Autoencoder> m = Autoencoder::load(path, s.app.options.threads, &error);
  if (!m) {
    set_message(s, error, true);
    return false;
  }
  if (s.train && (m->config().image_rows != s.train->rows || m->config().image_cols != s.train->cols)) {
    set_message(s, path + ": the model is for " + std::to_string(m->config().image_rows) + "x" +
                       std::to_string(m->config().image_cols) + " images, the data is not",
                true);
    return false;
  }
  if (s.training) stop_training(s);
  s.model = std::move(m);
  s.view = s.model->clone(1);
  s.trainer.reset_curves();
  s.snap = TrainSnapshot();
  const ModelConfig& c = s.model->config();
  ModelPanel& p = s.model_panel;
  if (architecture_index(c.model) >= 0) p.arch = architecture_index(c.model);
  p.code_dim = c.code_dim, p.batch = c.batch, p.lr = c.lr, p.seed = static_cast<int>(c.seed);
  p.noise_kind = c.noise, p.noise = c.noise_level;
  p.sparse_weight = c.sparse_weight, p.contractive_weight = c.contractive_weight;
  s.unshown = c;
  s.trained = edited_run(s);
  s.trained.model = c;
  s.view_dirty = true;
  set_message(s, "loaded " + path + " (" + c.model + ", " + std::to_string(s.model->epochs_trained()) + " epochs)",
              false);
  return true;
}

// ---- per frame

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
  ImGuiStyle& style = ImGui::GetStyle();
  style.WindowRounding = 0.0f;
  // The panels' background comes from the clear under them, not from a shaded rectangle per
  // window: the same colour, one pass less for a software rasteriser (partial_redraw.h).
  const ImVec4 bg = style.Colors[ImGuiCol_WindowBg], under(0.08f, 0.08f, 0.09f, 1.0f);
  s.clear_color = ImVec4(bg.x * bg.w + under.x * (1 - bg.w), bg.y * bg.w + under.y * (1 - bg.w),
                         bg.z * bg.w + under.z * (1 - bg.w), 1.0f);
  style.Colors[ImGuiCol_WindowBg].w = 0.0f;
  if (const int arch = architecture_index(s.app.options.architecture); arch >= 0) {
    s.model_panel.arch = arch;
    s.model_panel.code_dim = default_code_size(arch, 28, 28);  // the built-in digits, loaded next
  }
  if (!load_builtin(s, "builtin")) {
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
    ImGui_ImplSDL2_ProcessEvent(&event);
    if (event.type == SDL_QUIT) s.app.quit = true;
    if (event.type == SDL_DROPFILE) {
      app_open_files(app, {event.drop.file});
      SDL_free(event.drop.file);
    }
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

  s.trainer.pump(kPumpBudgetMs);
  apply_snapshots(s);
  update_views(s);

  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  ImGui::NewFrame();
  s.gpu.begin_frame();
  draw_panels(s);
  s.gpu.flush();
  s.run_panel.publish(s);
  ImGui::Render();
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
  j += ",\"checked_fraction\":" + num(p.checked_fraction) + ",\"redraw_diff\":" + std::to_string(p.redraw_diff);
  j += ",\"state\":" + quote(s.training ? (s.paused ? "paused" : "training") : train_state_name(s.snap.state));
  j += ",\"trainer\":" + quote(train_state_name(s.snap.state));  // what the trainer thread last published
  j += ",\"data\":" + quote(s.data_name) + ",\"train_count\":" + std::to_string(s.train ? s.train->count : 0);
  j += ",\"epochs_trained\":" + std::to_string(s.model ? s.model->epochs_trained() : -1);
  j += ",\"steps\":" + std::to_string(s.model ? s.model->steps() : -1);
  j += ",\"weights_hash\":" + quote(weights_hash(s));
  j += ",\"samples_per_s\":" + num(s.snap.samples_per_s) + ",\"epochs_asked\":" + std::to_string(s.snap.epochs);
  j += ",\"train_loss\":[";
  for (size_t i = 0; i < s.snap.train_curve.size(); ++i) j += (i ? "," : "") + loss(s.snap.train_curve[i].loss);
  j += "],\"test_loss\":[";
  for (size_t i = 0; i < s.snap.test_curve.size(); ++i) j += (i ? "," : "") + loss(s.snap.test_curve[i].loss);
  j += "],\"test_mse\":" + loss(s.snap.test_mse);
  double ink = 0.0, recon = 0.0;
  for (float v : s.draw_panel.pad.pixels()) ink += v;
  for (float v : s.draw_panel.recon) recon += v;
  j += ",\"pad_ink\":" + num(ink) + ",\"pad_recon_sum\":" + num(recon);
  j += ",\"run\":" + quote(run_to_fragment(current_run(s)));
  j += ",\"message\":" + quote(s.message) + ",\"message_error\":" + (s.message_error ? "true" : "false");
  j += ",\"explore\":" + s.explore.status_json(s);
  j += ",\"widgets\":{";
  bool first = true;
  for (const auto& [name, r] : p.widgets) {
    j += (first ? "" : ",") + quote(name) + ":[" + num(r[0]) + "," + num(r[1]) + "," + num(r[2]) + "," + num(r[3]) + "]";
    first = false;
  }
  return j + "}}";
}

}  // namespace aelab
