// The app's actions, what buttons, links and files do: datasets (built-in, uploaded, dropped),
// the model's create / reset / save / load, training start and stop, and the settings on
// screen as a run. No ImGui here: the panels call these (panels.h).
#include <algorithm>
#include <cstdio>
#include <cstring>

#include "app_state.h"
#include "file_io.h"
#include "idx.h"
#include "run_fields.h"
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
  if (s.train) c.image_rows = s.train->rows, c.image_cols = s.train->cols;
  c.code_dim = m.code_dim;
  c.lr = m.lr;
  c.batch = m.batch;
  c.seed = static_cast<uint64_t>(m.seed);
  c.noise = m.noise_kind;
  c.noise_level = m.noise;
  c.sparse_weight = m.sparse_weight;
  c.contractive_weight = m.contractive_weight;
  c.kl_weight = m.kl_weight;
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
  p.sparse_weight = c.sparse_weight, p.contractive_weight = c.contractive_weight, p.kl_weight = c.kl_weight;
  s.unshown = c;
  s.trained = edited_run(s);
  s.trained.model = c;
  s.view_dirty = true;
  set_message(s, "loaded " + path + " (" + c.model + ", " + std::to_string(s.model->epochs_trained()) + " epochs)",
              false);
  return true;
}

}  // namespace aelab
