// The panels of the left column: Data, Model (the settings on screen) and Train; and the order
// every panel is drawn in. Panels read state and call the actions in actions.cpp; no training or
// file work here.
#include "panels.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <iterator>

#include "app_state.h"
#include "run_fields.h"
#include "theme.h"
#include "thread_pool.h"
#include "widgets.h"

namespace aelab {

namespace {
std::string duration(double s) {
  char b[32];
  if (s >= 3600) std::snprintf(b, sizeof b, "%dh%02dm", static_cast<int>(s / 3600), static_cast<int>(s / 60) % 60);
  else if (s >= 60) std::snprintf(b, sizeof b, "%dm%02ds", static_cast<int>(s / 60), static_cast<int>(s) % 60);
  else std::snprintf(b, sizeof b, "%.0fs", s);
  return b;
}
}  // namespace

void DataPanel::draw(AppState& s) {
  if (!begin_panel("Data", s.layout.data)) return ImGui::End();
  ImGui::TextWrapped("%s: %s", s.data_name.c_str(), s.data_summary.c_str());
  s.probes.remember("data_summary");
  if (button(s.probes, "MNIST digits", "data_builtin")) load_builtin(s, "builtin");
  if (!s.app.options.fashion_dir.empty()) {
    same_line_if_fits(button_width("Fashion-MNIST"));
    if (button(s.probes, "Fashion-MNIST", "data_fashion")) load_builtin(s, "fashion");
  }
  ImGui::Separator();
  if (s.app.options.web) {
    if (button(s.probes, "Open data files...", "data_open") && s.app.hooks.pick_files) s.app.hooks.pick_files();
    same_line_if_fits(text_width("or drop them here"));
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("or drop them here");
  } else {
    ImGui::SetNextItemWidth(-48);
    ImGui::InputText("##datapath", path, sizeof path);
    s.probes.remember("data_path");
    ImGui::SameLine();
    if (button(s.probes, "Load", "data_load")) open_data_path(s, path);
  }
  ImGui::TextWrapped("A .zip of a PNG/JPEG folder (subfolders are classes), .npz (Keras mnist.npz), .npy, Kaggle .csv, "
                     "IDX files (raw or .gz)%s; one PNG or JPEG goes on the Draw pad.",
                     s.app.options.web ? ". Files never leave the browser" : ", a folder");
  ImGui::End();
}

// A float of the run's table, clamped to its range; a live one changed while training goes to
// the trainer (it applies at the next step and joins the run's timeline).
void ModelPanel::live_float(AppState& s, const char* label, const char* key, float* value, float step, const char* format) {
  const RunField* f = find_field(key);
  if (ImGui::InputFloat(label, value, step, step * 10, format)) {
    *value = std::clamp(*value, static_cast<float>(f->lo), static_cast<float>(f->hi));
    if (s.training) s.trainer.edit(key, *value);
  }
  field_tooltip(key);
}

void ModelPanel::draw(AppState& s) {
  if (!begin_panel("Model", s.layout.model)) return ImGui::End();
  const bool idle = !s.training;
  const std::vector<const char*>& archs = app_architectures();
  if (!idle) ImGui::BeginDisabled();
  ImGui::PushItemWidth(150);
  if (ImGui::Combo("architecture", &arch, archs.data(), static_cast<int>(archs.size()))) {
    // The core's default code size for the architecture and the loaded images.
    const ModelConfig c = edited_run(s).model;
    code_dim = default_code_size(arch, c.image_rows, c.image_cols);
  }
  field_tooltip("model");
  ImGui::InputInt("code size", &code_dim);
  field_tooltip("code_dim");
  code_dim = std::clamp(code_dim, 1, static_cast<int>(find_field("code_dim")->hi));
  ImGui::InputInt("batch size", &batch);
  field_tooltip("batch");
  batch = std::clamp(batch, 1, static_cast<int>(find_field("batch")->hi));
  ImGui::InputInt("seed", &seed);
  field_tooltip("seed");
  const int kinds = static_cast<int>(std::size(kNoiseKinds));
  int kind = static_cast<int>(std::find(kNoiseKinds, kNoiseKinds + kinds, noise_kind) - kNoiseKinds) % kinds;
  if (ImGui::Combo("noise kind", &kind, kNoiseKinds, kinds)) noise_kind = kNoiseKinds[kind];
  field_tooltip("noise");
  if (!idle) ImGui::EndDisabled();
  // Live while training.
  live_float(s, "learning rate", "lr", &lr, 1e-4f, "%.5f");
  live_float(s, "noise level", "noise_level", &noise, 0.05f, "%.2f");
  const std::string name = archs[arch];
  if (name == "sparse") live_float(s, "sparse weight", "sparse_weight", &sparse_weight, 1e-4f, "%.5f");
  if (name == "contractive")
    live_float(s, "contractive weight", "contractive_weight", &contractive_weight, 1e-3f, "%.4f");
  if (name == "vae") live_float(s, "KL weight", "kl_weight", &kl_weight, 0.05f, "%.3f");
  ImGui::InputInt("epochs", &epochs);
  s.probes.remember("epochs");
  field_tooltip("epochs");
  epochs = std::clamp(epochs, 1, static_cast<int>(find_field("epochs")->hi));
  ImGui::Checkbox("shuffle", &shuffle);
  field_tooltip("shuffle");
  ImGui::PopItemWidth();
  if (button(s.probes, "Reset model", "reset", idle)) reset_model(s);
  // A trained model keeps its architecture: what needs a new one waits for Reset.
  const std::string pending = s.model && s.model->steps() > 0 ? pending_settings(s) : "";
  if (!pending.empty()) {
    const std::string line = "pending: " + pending;
    same_line_if_fits(text_width(line.c_str()));
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(plot_colors().warning, "%s", line.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("These settings need a new model: Reset model applies them.");
  } else if (s.view) {
    char count[48];
    std::snprintf(count, sizeof count, "%lld parameters", static_cast<long long>(s.view->param_count()));
    same_line_if_fits(text_width(count));
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(count);
    metric_tooltip("params");
  }
  ImGui::End();
}

void TrainPanel::draw(AppState& s) {
  if (s.last_time - shown_at >= 0.5) {
    shown_fps = s.fps;
    shown_frame_ms = s.frame_ms;
    shown_at = s.last_time;
  }
  if (!begin_panel("Train", s.layout.train)) return ImGui::End();
  if (!s.training) {
    if (button(s.probes, "Start", "start", s.model != nullptr)) start_training(s);
  } else if (!s.paused) {
    if (button(s.probes, "Pause", "pause")) s.trainer.set_paused(s.paused = true);
  } else {
    if (button(s.probes, "Resume", "resume")) s.trainer.set_paused(s.paused = false);
  }
  same_line_if_fits(button_width("Stop"));
  if (button(s.probes, "Stop", "stop", s.training)) stop_training(s);
  const TrainSnapshot& t = s.snap;
  // After a divergence the weights are the last good ones, but training on would diverge again.
  if (!s.training && t.state == TrainState::kDiverged) {
    same_line_if_fits(button_width("Reset model"));
    if (button(s.probes, "Reset model", "reset_diverged")) reset_model(s);
  }
  const float frac = s.training && t.epochs > 0 && t.total > 0
                         ? (t.epoch + static_cast<float>(t.done) / t.total) / t.epochs
                         : (t.state == TrainState::kFinished ? 1.0f : 0.0f);
  char overlay[64];
  std::snprintf(overlay, sizeof overlay, "epoch %d/%d", s.training ? t.epoch + 1 : t.epoch + (t.epochs > 0), t.epochs);
  ImGui::ProgressBar(frac, ImVec2(-1, 0), overlay);
  s.probes.remember("progress");
  ImGui::Text("%s ", s.training ? (s.paused ? "paused" : "training") : train_state_name(t.state));
  ImGui::SameLine(0, 0);
  ImGui::Text(" %.0f samples/s ", t.samples_per_s);
  metric_tooltip("samples_per_s");
  ImGui::SameLine(0, 0);
  ImGui::Text(" ETA %s", duration(t.eta_s).c_str());
  metric_tooltip("eta");
  if (!t.train_curve.empty()) {
    ImGui::Text("train loss %.5f", t.train_curve.back().loss);
    metric_tooltip("train_loss");
  }
  if (!t.test_curve.empty()) {
    ImGui::Text("test MSE %.5f", t.test_curve.back().loss);
    metric_tooltip("test_mse");
  }
  if (kHaveThreads) {
    ImGui::Text("UI %.0f fps (%.1f ms/frame), %d trainer threads", shown_fps, shown_frame_ms, s.app.options.threads);
  } else {
    ImGui::Text("UI %.0f fps (%.1f ms/frame), training between frames", shown_fps, shown_frame_ms);
  }
  metric_tooltip("ui_fps");
  ImGui::Separator();
  ImGui::Text("Model file");
  if (!s.app.options.web) {
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText("##modelpath", model_path, sizeof model_path);
  }
  if (button(s.probes, "Save", "save")) save_model(s, false);
  if (s.app.options.web) {
    same_line_if_fits(button_width("Download"));
    if (button(s.probes, "Download", "download")) save_model(s, true);
    same_line_if_fits(button_width("Upload..."));
    if (button(s.probes, "Upload...", "upload") && s.app.hooks.pick_files) s.app.hooks.pick_files();
    text_disabled_wrapped("Saved models persist in this browser.");
  } else {
    same_line_if_fits(button_width("Load"));
    if (button(s.probes, "Load", "load")) load_model(s, model_path);
  }
  ImGui::End();
}

void draw_panels(AppState& s) {
  const Layout& l = s.layout;
  s.layout.draw_page_bar(s.probes);
  if (l.data.shown()) s.data_panel.draw(s);
  if (l.model.shown()) s.model_panel.draw(s);
  if (l.train.shown()) s.train_panel.draw(s);
  // The explore column: a tab strip, then the Training tab's three panels or an explore view.
  // The Training tab's panels, where the layout shows them (the short layout puts the figure
  // and the samples on other pages).
  const bool training_tab = s.explore.draw(s);
  if (l.figures.shown() && (training_tab || !l.strip.shown())) s.figure_panel.draw(s);
  if (l.loss.shown() && training_tab) s.loss_panel.draw(s);
  if (l.samples.shown() && (training_tab || !l.strip.shown())) s.samples_panel.draw(s);
  if (l.draw.shown()) s.draw_panel.draw(s);
  if (l.code.shown()) s.code_panel.draw(s);
  s.status_bar.draw(s);
  s.run_panel.draw(s);
  s.help.draw(s);  // last: over the panels
}

}  // namespace aelab
