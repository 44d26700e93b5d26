// The ImGui panels, in a fixed 1280x800 layout (so tests can find widgets, and both targets
// look the same): Data, Model, Train, Reconstructions, Loss, Samples, Draw, Code, status bar.
// Panels only read state and call the actions in app.cpp; no training or file work here.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app_state.h"
#include "run_fields.h"
#include "thread_pool.h"

namespace aelab {

namespace {
constexpr ImGuiWindowFlags kFixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                    ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings;

bool begin_panel(const char* name, float x, float y, float w, float h, ImGuiWindowFlags extra = 0) {
  ImGui::SetNextWindowPos(ImVec2(x, y), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(w, h), ImGuiCond_Always);
  return ImGui::Begin(name, nullptr, kFixed | extra);
}

// Remembers where the last widget is, for app_status_json (browser tests click there).
void remember(AppState& s, const char* name) {
  const ImVec2 p = ImGui::GetItemRectMin(), z = ImGui::GetItemRectSize();
  s.widgets[name] = {p.x, p.y, z.x, z.y};
}

bool button(AppState& s, const char* label, const char* id, bool enabled = true) {
  if (!enabled) ImGui::BeginDisabled();
  const bool pressed = ImGui::Button(label);
  if (!enabled) ImGui::EndDisabled();
  remember(s, id);
  return pressed && enabled;
}

void image(const ImageRef& r, float w, float h) { ImGui::Image(r.texture, ImVec2(w, h), r.uv0, r.uv1); }

std::string duration(double s) {
  char b[32];
  if (s >= 3600) std::snprintf(b, sizeof b, "%dh%02dm", static_cast<int>(s / 3600), static_cast<int>(s / 60) % 60);
  else if (s >= 60) std::snprintf(b, sizeof b, "%dm%02ds", static_cast<int>(s / 60), static_cast<int>(s) % 60);
  else std::snprintf(b, sizeof b, "%.0fs", s);
  return b;
}

// ---------------------------------------------------------------------------------------------
void data_panel(App* app) {
  AppState& s = *app->state;
  if (!begin_panel("Data", 0, 0, 330, 210)) return ImGui::End();
  ImGui::TextWrapped("%s", s.data_name.c_str());
  if (s.train) ImGui::Text("%d train, %d test, %dx%d", s.train->count, s.test->count, s.train->rows, s.train->cols);
  if (button(s, "MNIST digits", "data_builtin")) load_builtin(app, "builtin");
  if (!app->options.fashion_dir.empty()) {
    ImGui::SameLine();
    if (button(s, "Fashion-MNIST", "data_fashion")) load_builtin(app, "fashion");
  }
  ImGui::Separator();
  if (app->options.web) {
    ImGui::TextWrapped("MNIST-format IDX files (images + labels, raw or .gz): pick them or drop them on the page. "
                       "Files never leave the browser.");
    if (button(s, "Open IDX files...", "data_open") && app->hooks.pick_files) app->hooks.pick_files();
  } else {
    ImGui::TextWrapped("An MNIST directory or an IDX file (raw or .gz), or drop files on the window:");
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText("##datapath", s.data_path, sizeof s.data_path);
    remember(s, "data_path");
    if (button(s, "Load", "data_load")) {
      auto train = std::make_shared<Dataset>(), test = std::make_shared<Dataset>();
      std::string error;
      if (load_mnist_dir(s.data_path, train.get(), test.get(), &error)) {
        use_dataset(app, s.data_path, train, test);
      } else {
        app_open_files(app, {s.data_path});
      }
    }
  }
  ImGui::End();
}

// The table's help and range for a run field, on hover (run_fields.h).
void field_tooltip(const char* key) {
  if (!ImGui::IsItemHovered()) return;
  const RunField* f = find_field(key);
  if (!f) return;
  if (f->type == FieldType::kChoice) ImGui::SetTooltip("%s\n(%s)", f->help, f->choices().c_str());
  else ImGui::SetTooltip("%s\n(%g to %g; default %s)", f->help, f->lo, f->hi, f->default_text);
}

// A float of the run's table, clamped to its range; a live one changed while training goes to
// the trainer (it applies at the next step and joins the run's timeline).
void live_float(App* app, const char* label, const char* key, float* value, float step, const char* format) {
  AppState& s = *app->state;
  const RunField* f = find_field(key);
  if (ImGui::InputFloat(label, value, step, step * 10, format)) {
    *value = std::clamp(*value, static_cast<float>(f->lo), static_cast<float>(f->hi));
    if (s.training) s.trainer.edit(key, *value);
  }
  field_tooltip(key);
}

void model_panel(App* app) {
  AppState& s = *app->state;
  if (!begin_panel("Model", 0, 210, 330, 270)) return ImGui::End();
  const bool idle = !s.training;
  const std::vector<const char*>& archs = app_architectures();
  if (!idle) ImGui::BeginDisabled();
  ImGui::PushItemWidth(150);
  if (ImGui::Combo("architecture", &s.arch, archs.data(), static_cast<int>(archs.size()))) {
    // The core's default code size for the architecture and the loaded images.
    s.code_dim = default_code_size(s.arch, s.train ? s.train->rows : 28, s.train ? s.train->cols : 28);
  }
  field_tooltip("model");
  ImGui::InputInt("code size", &s.code_dim);
  field_tooltip("code_dim");
  s.code_dim = std::clamp(s.code_dim, 1, static_cast<int>(find_field("code_dim")->hi));
  ImGui::InputInt("batch size", &s.batch);
  field_tooltip("batch");
  s.batch = std::clamp(s.batch, 1, static_cast<int>(find_field("batch")->hi));
  ImGui::InputInt("seed", &s.seed);
  field_tooltip("seed");
  static const char* const kNoises[] = {"gaussian", "saltpepper", "mask"};
  int noise = static_cast<int>(std::find(kNoises, kNoises + 3, s.noise_kind) - kNoises) % 3;
  if (ImGui::Combo("noise kind", &noise, kNoises, 3)) s.noise_kind = kNoises[noise];
  field_tooltip("noise");
  if (!idle) ImGui::EndDisabled();
  // Live while training.
  live_float(app, "learning rate", "lr", &s.lr, 1e-4f, "%.5f");
  live_float(app, "noise level", "noise_level", &s.noise, 0.05f, "%.2f");
  const std::string arch = archs[s.arch];
  if (arch == "sparse") live_float(app, "sparse weight", "sparse_weight", &s.sparse_weight, 1e-4f, "%.5f");
  if (arch == "contractive")
    live_float(app, "contractive weight", "contractive_weight", &s.contractive_weight, 1e-3f, "%.4f");
  ImGui::InputInt("epochs", &s.epochs);
  remember(s, "epochs");
  field_tooltip("epochs");
  s.epochs = std::clamp(s.epochs, 1, static_cast<int>(find_field("epochs")->hi));
  ImGui::Checkbox("shuffle", &s.shuffle);
  field_tooltip("shuffle");
  ImGui::PopItemWidth();
  if (button(s, "Reset model", "reset", idle)) reset_model(app);
  // A trained model keeps its architecture: what needs a new one waits for Reset.
  const std::string pending = s.model && s.model->steps() > 0 ? pending_settings(app) : "";
  ImGui::SameLine();
  if (!pending.empty()) {
    ImGui::TextColored(ImVec4(1.0f, 0.75f, 0.3f, 1.0f), "pending: %s", pending.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("These settings need a new model: Reset model applies them.");
  } else if (s.view) {
    ImGui::Text("%lld parameters", static_cast<long long>(s.view->param_count()));
  }
  ImGui::End();
}

void train_panel(App* app) {
  AppState& s = *app->state;
  if (!begin_panel("Train", 0, 480, 330, 296)) return ImGui::End();
  if (!s.training) {
    if (button(s, "Start", "start", s.model != nullptr)) start_training(app);
  } else if (!s.paused) {
    if (button(s, "Pause", "pause")) s.trainer.set_paused(s.paused = true);
  } else {
    if (button(s, "Resume", "resume")) s.trainer.set_paused(s.paused = false);
  }
  ImGui::SameLine();
  if (button(s, "Stop", "stop", s.training)) stop_training(app);
  const TrainSnapshot& t = s.snap;
  // After a divergence the weights are the last good ones, but training on would diverge again.
  if (!s.training && t.state == TrainState::kDiverged) {
    ImGui::SameLine();
    if (button(s, "Reset model", "reset_diverged")) reset_model(app);
  }
  const float frac = s.training && t.epochs > 0 && t.total > 0
                         ? (t.epoch + static_cast<float>(t.done) / t.total) / t.epochs
                         : (t.state == TrainState::kFinished ? 1.0f : 0.0f);
  char overlay[64];
  std::snprintf(overlay, sizeof overlay, "epoch %d/%d", s.training ? t.epoch + 1 : t.epoch + (t.epochs > 0), t.epochs);
  ImGui::ProgressBar(frac, ImVec2(-1, 0), overlay);
  remember(s, "progress");
  ImGui::Text("%s  %.0f samples/s  ETA %s", s.training ? (s.paused ? "paused" : "training") : train_state_name(t.state),
              t.samples_per_s, duration(t.eta_s).c_str());
  if (!t.train_curve.empty()) ImGui::Text("train loss %.5f", t.train_curve.back().loss);
  if (!t.test_curve.empty()) ImGui::Text("test MSE %.5f", t.test_curve.back().loss);
  if (kHaveThreads) {
    ImGui::Text("UI %.0f fps (%.1f ms/frame), %d trainer threads", s.shown_fps, s.shown_frame_ms, app->options.threads);
  } else {
    ImGui::Text("UI %.0f fps (%.1f ms/frame), training between frames", s.shown_fps, s.shown_frame_ms);
  }
  ImGui::Separator();
  ImGui::Text("Model file");
  if (!app->options.web) {
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText("##modelpath", s.model_path, sizeof s.model_path);
  }
  if (button(s, "Save", "save")) save_model(app, false);
  ImGui::SameLine();
  if (app->options.web) {
    if (button(s, "Download", "download")) save_model(app, true);
    ImGui::SameLine();
    if (button(s, "Upload...", "upload") && app->hooks.pick_files) app->hooks.pick_files();
    ImGui::TextDisabled("Saved models persist in this browser.");
  } else if (button(s, "Load", "load")) {
    load_model(app, s.model_path);
  }
  ImGui::End();
}

// ---------------------------------------------------------------------------------------------
void figure_panel(App* app) {
  AppState& s = *app->state;
  if (!begin_panel("Reconstructions", 330, 28, 560, 210)) return ImGui::End();
  const int r = s.test ? s.test->rows : 28, c = s.test ? s.test->cols : 28, dim = r * c;
  const float size = 48.0f;
  ImGui::TextDisabled("Test digits above their reconstructions; click one for its code.");
  for (int row = 0; row < 2; ++row) {
    const std::vector<float>& src = row == 0 ? s.figure_in : s.figure_out;
    for (int k = 0; k < 10; ++k) {
      if (k) ImGui::SameLine(0, 4);
      if (static_cast<int>(src.size()) < (k + 1) * dim) {
        ImGui::Dummy(ImVec2(size, size));
        continue;
      }
      const ImageRef ref = s.gpu.add(&src[static_cast<size_t>(k) * dim], c, r, ColorMode::kDigit);
      ImGui::PushID(row * 10 + k);
      const ImVec4 border = s.selected == k ? ImVec4(1, 0.8f, 0.2f, 1) : ImVec4(0, 0, 0, 0);
      ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(1, 1));
      ImGui::PushStyleColor(ImGuiCol_Button, border);
      if (ImGui::ImageButton(ref.texture, ImVec2(size, size), ref.uv0, ref.uv1)) {
        s.selected = k;
        s.view_dirty = true;
      }
      // The reconstruction itself, inside the button's 1-pixel frame: the tests' pixel checks.
      if (row == 1) {
        const ImVec2 p = ImGui::GetItemRectMin();
        s.widgets["figure_recon_" + std::to_string(k)] = {p.x + 1, p.y + 1, size, size};
      }
      ImGui::PopStyleColor();
      ImGui::PopStyleVar();
      ImGui::PopID();
    }
  }
  ImGui::End();
}

void loss_panel(AppState& s) {
  if (!begin_panel("Loss", 330, 238, 560, 250)) return ImGui::End();
  const TrainSnapshot& t = s.snap;
  ImGui::TextColored(ImVec4(0.35f, 0.65f, 1, 1), "train (batch mean)");
  ImGui::SameLine();
  ImGui::TextColored(ImVec4(1, 0.6f, 0.2f, 1), "test MSE per epoch");
  ImGui::SameLine();
  ImGui::TextDisabled("log scale, x = epochs");
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const ImVec2 size = ImGui::GetContentRegionAvail();
  ImGui::InvisibleButton("##lossplot", size);
  remember(s, "loss_plot");
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p1(p0.x + size.x, p0.y + size.y);
  dl->AddRectFilled(p0, p1, IM_COL32(20, 20, 24, 255));
  dl->AddRect(p0, p1, IM_COL32(90, 90, 100, 255));
  float lo = 1e30f, hi = -1e30f, xmax = 1.0f;
  for (const auto* curve : {&t.train_curve, &t.test_curve}) {
    for (const LossPoint& p : *curve) {
      if (p.loss > 0) lo = std::min(lo, p.loss), hi = std::max(hi, p.loss);
      xmax = std::max(xmax, p.epoch);
    }
  }
  if (hi < lo) {
    dl->AddText(ImVec2(p0.x + 10, p0.y + 10), IM_COL32(150, 150, 150, 255), "Press Start to train.");
    return ImGui::End();
  }
  const float llo = std::log10(lo) - 0.05f, lhi = std::log10(hi) + 0.05f;
  auto at = [&](const LossPoint& p) {
    const float x = p0.x + 40 + (size.x - 50) * p.epoch / xmax;
    const float y = p1.y - 10 - (size.y - 20) * (std::log10(std::max(p.loss, 1e-12f)) - llo) / (lhi - llo);
    return ImVec2(x, y);
  };
  char label[32];
  for (float v : {lo, hi}) {
    std::snprintf(label, sizeof label, "%.4f", v);
    const ImVec2 q = at({0, v});
    dl->AddText(ImVec2(p0.x + 2, q.y - 7), IM_COL32(150, 150, 150, 255), label);
  }
  std::vector<ImVec2> pts;
  for (const LossPoint& p : t.train_curve) pts.push_back(at(p));
  if (pts.size() > 1) dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), IM_COL32(90, 165, 255, 255), 0, 1.5f);
  pts.clear();
  for (const LossPoint& p : t.test_curve) pts.push_back(at(p));
  if (pts.size() > 1) dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), IM_COL32(255, 150, 50, 255), 0, 2.0f);
  for (const ImVec2& q : pts) dl->AddCircleFilled(q, 3.0f, IM_COL32(255, 150, 50, 255));
  ImGui::End();
}

void samples_panel(AppState& s) {
  if (!begin_panel("Samples", 330, 488, 560, 288)) return ImGui::End();
  if (!s.train) return ImGui::End();
  constexpr int kCols = 12, kRows = 5, kPer = kCols * kRows;
  const Dataset& d = *s.train;
  const int pages = (d.count + kPer - 1) / kPer;
  if (ImGui::ArrowButton("##prev", ImGuiDir_Left)) s.grid_page = std::max(0, s.grid_page - 1);
  ImGui::SameLine();
  if (ImGui::ArrowButton("##next", ImGuiDir_Right)) s.grid_page = std::min(pages - 1, s.grid_page + 1);
  ImGui::SameLine();
  ImGui::Text("training images %d-%d of %d", s.grid_page * kPer + 1, std::min(d.count, (s.grid_page + 1) * kPer), d.count);
  std::vector<float> img(d.dim());
  for (int k = 0; k < kPer; ++k) {
    const int i = s.grid_page * kPer + k;
    if (i >= d.count) break;
    if (k % kCols) ImGui::SameLine(0, 2);
    images_to_float(d, nullptr, i, 1, img.data());
    const ImVec2 p = ImGui::GetCursorScreenPos();
    image(s.gpu.add(img.data(), d.cols, d.rows, ColorMode::kDigit), 42, 42);
    char label[8];
    std::snprintf(label, sizeof label, "%d", d.labels[i]);
    ImGui::GetWindowDrawList()->AddText(ImVec2(p.x + 2, p.y), IM_COL32(255, 200, 60, 255), label);
  }
  ImGui::End();
}

// ---------------------------------------------------------------------------------------------
void draw_panel(AppState& s) {
  if (!begin_panel("Draw", 890, 0, 390, 470)) return ImGui::End();
  ImGui::TextDisabled("Draw a digit (mouse or touch).");
  const float size = 252.0f;  // 9 screen pixels per pad pixel
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  image(s.gpu.add(s.pad.pixels().data(), DrawPad::kSize, DrawPad::kSize, ColorMode::kDigit), size, size);
  ImGui::SetCursorScreenPos(p0);
  ImGui::InvisibleButton("##pad", ImVec2(size, size));
  remember(s, "pad");
  ImGui::GetWindowDrawList()->AddRect(p0, ImVec2(p0.x + size, p0.y + size), IM_COL32(120, 120, 130, 255));
  if (ImGui::IsItemActive()) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    const ImVec2 q((m.x - p0.x) / size * DrawPad::kSize, (m.y - p0.y) / size * DrawPad::kSize);
    if (!s.pad_drawing) s.pad_last = q;
    s.pad.stroke(s.pad_last.x, s.pad_last.y, q.x, q.y, s.brush);
    s.pad_last = q;
    s.pad_drawing = true;
    s.selected = 10;
  } else {
    s.pad_drawing = false;
  }
  ImGui::SameLine();
  ImGui::BeginGroup();
  ImGui::TextDisabled("as MNIST");
  if (!s.pad_pre.empty()) image(s.gpu.add(s.pad_pre.data(), 28, 28, ColorMode::kDigit), 96, 96);
  ImGui::TextDisabled("reconstruction");
  if (!s.pad_recon.empty()) image(s.gpu.add(s.pad_recon.data(), 28, 28, ColorMode::kDigit), 96, 96);
  remember(s, "pad_recon");
  ImGui::EndGroup();
  ImGui::SetNextItemWidth(160);
  ImGui::SliderFloat("brush", &s.brush, 0.5f, 3.0f, "%.1f px");
  ImGui::SameLine();
  if (button(s, "Clear", "clear")) s.pad.clear();
  if (s.pad_pre.empty()) ImGui::TextDisabled("(drawing needs a 28x28 dataset)");
  ImGui::End();
}

void code_panel(AppState& s) {
  if (!begin_panel("Code", 890, 470, 390, 306)) return ImGui::End();
  if (s.selected == 10) ImGui::Text("Code of the drawing");
  else ImGui::Text("Code of test digit %d", s.selected);
  ImGui::SameLine();
  ImGui::RadioButton("bars", &s.code_style, 0);
  ImGui::SameLine();
  ImGui::RadioButton("heat map", &s.code_style, 1);
  remember(s, "code_heatmap");
  const std::vector<float>& code = s.selected_code;
  if (code.empty()) return ImGui::End();
  float amax = 1e-6f;
  for (float v : code) amax = std::max(amax, std::fabs(v));
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  if (s.code_style == 0) {
    const float lo = *std::min_element(code.begin(), code.end());
    ImGui::PlotHistogram("##code", code.data(), static_cast<int>(code.size()), 0, nullptr, std::min(0.0f, lo), amax,
                         ImVec2(avail.x, avail.y - 20));
    remember(s, "code_view");
  } else {
    const int n = static_cast<int>(code.size());
    const int cols = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(n))));
    const int rows = (n + cols - 1) / cols;
    std::vector<float> cells(static_cast<size_t>(rows) * cols, 0.5f);
    for (int i = 0; i < n; ++i) cells[i] = 0.5f + 0.5f * code[i] / amax;
    const float cell = std::min((avail.x - 4) / cols, (avail.y - 24) / rows);
    image(s.gpu.add(cells.data(), cols, rows, ColorMode::kSigned), cell * cols, cell * rows);
    remember(s, "code_view");
  }
  ImGui::TextDisabled("%d values, max |v| = %.3f", static_cast<int>(code.size()), amax);
  ImGui::End();
}

void status_bar(AppState& s) {
  begin_panel("##status", 0, 776, 1280, 24, ImGuiWindowFlags_NoTitleBar);
  ImGui::SetCursorPosY(4);
  if (s.message_error) ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "%s", s.message.c_str());
  else ImGui::TextUnformatted(s.message.c_str());
  ImGui::End();
}
}  // namespace

void draw_panels(App* app) {
  AppState& s = *app->state;
  data_panel(app);
  model_panel(app);
  train_panel(app);
  // The centre column: a tab strip, then the Training tab's three panels or an explore view.
  if (draw_explore(app)) {
    figure_panel(app);
    loss_panel(s);
    samples_panel(s);
  }
  draw_panel(s);
  code_panel(s);
  status_bar(s);
}

}  // namespace aelab
