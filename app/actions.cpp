// The app's actions, what buttons, links and files do: the model's create / reset / save / load,
// training start and stop, and the settings on screen as a run (data: data_actions.cpp). No
// ImGui here: the panels call these (panels.h).
#include <algorithm>
#include <cstdio>

#include "app_state.h"
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

// ---- model

Run edited_run(const AppState& s) {
  Run r;
  r.data = s.data_name == "Fashion-MNIST" ? "fashion" : "builtin";  // uploads cannot travel in a link
  const ModelPanel& m = s.model_panel;
  ModelConfig& c = r.model;
  c = s.unshown;  // the fields no panel shows, as the last run file, link or model set them
  c.model = app_architectures()[m.arch];
  if (s.train) c.image_rows = s.train->rows, c.image_cols = s.train->cols, c.image_channels = s.train->channels;
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
  const ModelConfig& mc = m->config();
  if (s.train && (mc.image_rows != s.train->rows || mc.image_cols != s.train->cols ||
                  mc.image_channels != s.train->channels)) {
    set_message(s, path + ": the model is for " + std::to_string(mc.image_rows) + "x" + std::to_string(mc.image_cols) +
                       "x" + std::to_string(mc.image_channels) + " images, the data is " + std::to_string(s.train->rows) +
                       "x" + std::to_string(s.train->cols) + "x" + std::to_string(s.train->channels),
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
