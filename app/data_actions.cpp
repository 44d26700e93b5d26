// The app's data actions: the built-in sets, files dropped or picked (a data set, a model, or a
// picture for the draw pad), a path typed on the desktop, and making a loaded set the app's
// data. Every format is parsed by the core (data_load.h), from memory; on any error the status
// bar shows the core's one line and the data already loaded stays. No ImGui here.
#include <sys/stat.h>

#include <algorithm>
#include <cstring>

#include "app_state.h"
#include "data_load.h"
#include "file_io.h"
#include "image_folder.h"
#include "image_preprocess.h"

namespace aelab {

namespace {
std::string base_name(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool is_dir(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// A model the app makes for new images: the settings on screen where they fit the images, else
// the core's code size for them, else the first architecture (conv models need sides divisible
// by 4). Returns what was changed, for the status line.
std::string fit_settings(AppState& s) {
  ModelPanel& m = s.model_panel;
  const int rows = s.train->rows, cols = s.train->cols;
  if (validate_config(edited_run(s).model).empty()) return "";
  m.code_dim = default_code_size(m.arch, rows, cols);
  if (validate_config(edited_run(s).model).empty()) return " (code size " + std::to_string(m.code_dim) + ")";
  const std::string was = app_architectures()[m.arch];
  m.arch = 0;
  m.code_dim = default_code_size(m.arch, rows, cols);
  return " (" + was + " does not fit these images: " + app_architectures()[m.arch] + " model)";
}
}  // namespace

bool use_dataset(AppState& s, const std::string& name, Dataset train, Dataset test) {
  // A set without a test part: the command line's split, with the seed on screen.
  if (test.count == 0) {
    Dataset all = std::move(train);
    split_train_test(&all, static_cast<uint64_t>(s.model_panel.seed), &train, &test);
  }
  if (s.training) stop_training(s);
  s.data_name = name;
  s.data_summary = data_summary(train, test);
  s.train = std::make_shared<Dataset>(std::move(train));
  s.test = std::make_shared<Dataset>(std::move(test));
  s.samples_panel.page = 0;
  // The figure: the first test image of each label 0-9, or the first ten images.
  for (int k = 0; k < 10; ++k) {
    s.figure_index[k] = std::min(k, s.test->count - 1);
    for (int i = 0; s.test->has_labels() && i < s.test->count; ++i) {
      if (s.test->labels[i] == k) {
        s.figure_index[k] = i;
        break;
      }
    }
  }
  const int dim = s.test->dim();
  s.figure_in.assign(static_cast<size_t>(10) * dim, 0.0f);
  for (int k = 0; k < 10; ++k) images_to_float(*s.test, s.figure_index.data(), k, 1, &s.figure_in[k * dim]);
  std::string changed;
  const ModelConfig* c = s.model ? &s.model->config() : nullptr;
  if (!c || c->image_rows != s.test->rows || c->image_cols != s.test->cols || c->image_channels != s.test->channels) {
    changed = fit_settings(s);
    reset_model(s);
    if (s.selected == 10 && !pad_refusal(s).empty()) s.selected = 0;  // no drawing for this model
  }
  s.view_dirty = true;
  set_message(s, name + ": " + s.data_summary + changed, false);
  return true;
}

bool load_builtin(AppState& s, const std::string& which) {
  const std::string dir = which == "fashion" ? s.app.options.fashion_dir : s.app.options.builtin_dir;
  Dataset train, test;
  std::string error;
  if (!load_mnist_dir(dir, &train, &test, &error)) {
    set_message(s, error, true);
    return false;
  }
  return use_dataset(s, which == "fashion" ? "Fashion-MNIST" : "MNIST (built-in)", std::move(train), std::move(test));
}

bool open_data_path(AppState& s, const std::string& path) {
  if (!is_dir(path)) {
    app_open_files(&s.app, {path});
    return !s.message_error;
  }
  Dataset train, test;
  std::string error;
  if (!load_dataset_path(path, &train, &test, &error)) {
    set_message(s, error, true);
    return false;
  }
  return use_dataset(s, base_name(path), std::move(train), std::move(test));
}

std::string pad_refusal(const AppState& s) {
  const ModelConfig* c = s.view ? &s.view->config() : nullptr;
  if (!c || (c->image_rows == DrawPad::kSize && c->image_cols == DrawPad::kSize && c->image_channels == 1)) return "";
  return "The draw pad is for grey " + std::to_string(DrawPad::kSize) + "x" + std::to_string(DrawPad::kSize) +
         " models; this one takes " + std::to_string(c->image_rows) + "x" + std::to_string(c->image_cols) +
         (c->image_channels == 3 ? " colour" : " grey") + " images.";
}

bool put_picture(AppState& s, const NamedBytes& file) {
  const std::string refusal = pad_refusal(s);
  if (!refusal.empty()) {
    set_message(s, printable(file.name, 80) + ": " + refusal, true);
    return false;
  }
  std::vector<float> grey;
  int w = 0, h = 0;
  std::string error;
  if (!decode_picture(file, &grey, &w, &h, &error)) {
    set_message(s, error, true);
    return false;
  }
  // As a drawing: ink on black, then MNIST's preprocessing at the picture's own resolution.
  std::vector<float> ink(grey.size()), pad(static_cast<size_t>(DrawPad::kSize) * DrawPad::kSize);
  picture_ink(grey.data(), w, h, ink.data());
  mnist_preprocess(ink.data(), w, h, pad.data());
  s.draw_panel.pad.set(pad);
  s.selected = 10;
  set_message(s, printable(file.name, 80) + " (" + std::to_string(w) + "x" + std::to_string(h) +
                     ") is on the draw pad, preprocessed as a drawing",
              false);
  return true;
}

void app_open_files(App* app, const std::vector<std::string>& paths) {
  AppState& s = *app->state;
  if (paths.size() == 1 && is_dir(paths[0])) {
    open_data_path(s, paths[0]);
    return;
  }
  std::vector<NamedBytes> files;
  for (const std::string& path : paths) {
    NamedBytes f;
    f.name = base_name(path);
    std::string error;
    if (!read_file(path, kMaxDataBytes, &f.bytes, &error)) {
      set_message(s, error, true);
      return;
    }
    if (f.bytes.size() >= 8 && std::memcmp(f.bytes.data(), "AELABCKP", 8) == 0) {
      if (paths.size() == 1) load_model(s, path);
      else set_message(s, printable(f.name, 80) + ": a model file comes alone, not with other files", true);
      return;
    }
    files.push_back(std::move(f));
  }
  // One picture: onto the draw pad (a set of one image would teach nothing).
  if (files.size() == 1 && is_image_name(files[0].name)) {
    put_picture(s, files[0]);
    return;
  }
  Dataset train, test;
  std::string error;
  if (!load_dataset_files(files, &train, &test, &error)) {
    set_message(s, error, true);
    return;
  }
  std::string name = printable(files[0].name, 80);
  if (files.size() > 1) name += " + " + std::to_string(files.size() - 1) + " more";
  use_dataset(s, name, std::move(train), std::move(test));
}

}  // namespace aelab
