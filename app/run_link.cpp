// Run links and run files in the app. The parsing is the core's (src/run.h); this maps a Run
// onto the UI's settings and back. A link's missing keys take the table's defaults (not the
// settings on screen), so "#model=conv" gets the conv model's code size.
#include "run_link.h"

#include <imgui.h>

#include <algorithm>
#include <vector>

#include "app_state.h"
#include "file_io.h"
#include "widgets.h"

namespace aelab {

namespace {
void report(AppState& s, const std::string& what, const std::vector<std::string>& problems) {
  if (problems.empty()) {
    set_message(s, what, false);
    return;
  }
  std::string text = what + ": " + problems.front();
  if (problems.size() > 1) text += " (+" + std::to_string(problems.size() - 1) + " more)";
  set_message(s, text, true);
}
}  // namespace

Run current_run(const AppState& s) {
  // Before the first step the run is what Start would train: the settings on screen.
  if (!s.training && (!s.model || s.model->steps() == 0)) {
    Run r = edited_run(s);
    r.edits = s.replay_edits;
    return r;
  }
  // Then it is what was trained: the model's first settings, its timeline, its epochs.
  Run r = s.trained;
  r.epochs = static_cast<int>(s.snap.test_curve.size());
  r.edits = s.snap.edits;
  return r;
}

void apply_run(AppState& s, const Run& run, bool replay) {
  if (s.training) stop_training(s);
  const int arch = architecture_index(run.model.model);
  if (arch < 0) {
    set_message(s, "run: the app does not offer model " + run.model.model + " (the command line does)", true);
    return;
  }
  if (run.data != "builtin" && run.data != "fashion") {
    set_message(s, "run: a link or run file names builtin or fashion data, not " + run.data.substr(0, 60), true);
    return;
  }
  if (run.data == "fashion" && s.app.options.fashion_dir.empty()) {
    set_message(s, "run: Fashion-MNIST is not available here (desktop with dataset-fashion-mnist only)", true);
    return;
  }
  const std::string data = run.data == "fashion" ? "Fashion-MNIST" : "MNIST (built-in)";
  if (s.data_name != data && !load_builtin(s, run.data)) return;
  s.unshown = run.model;
  ModelPanel& m = s.model_panel;
  m.arch = arch;
  m.code_dim = run.model.code_dim > 0 ? run.model.code_dim : default_code_size(arch, s.train->rows, s.train->cols);
  m.lr = run.model.lr;
  m.batch = run.model.batch;
  m.seed = static_cast<int>(std::min<uint64_t>(run.model.seed, 0x7fffffff));
  m.epochs = std::max(run.epochs, 1);
  m.noise_kind = run.model.noise;
  m.noise = resolve_defaults(run.model).noise_level;
  m.sparse_weight = run.model.sparse_weight;
  m.contractive_weight = run.model.contractive_weight;
  m.kl_weight = run.model.kl_weight;
  m.shuffle = run.shuffle;
  // run.threads (older links name it) is not applied: the machine decides, the bits are the same.
  if (!reset_model(s)) return;
  s.replay_edits = run.edits;
  if (replay) start_training(s);
}

void open_run_link(AppState& s, const std::string& fragment) {
  Run run;
  std::vector<std::string> problems;
  bool replay = false;
  if (!parse_run_fragment(fragment, &run, &problems, &replay)) return report(s, "run link refused", problems);
  apply_run(s, run, replay);
  if (!s.message_error) report(s, replay ? "replaying the linked run" : "settings from the link", problems);
}

bool export_run_file(AppState& s, const std::string& path) {
  const std::string json = run_to_json(current_run(s)) + "\n";
  std::string error;
  if (!write_file_atomic(path, std::vector<uint8_t>(json.begin(), json.end()), &error)) {
    set_message(s, "run file: " + error, true);
    return false;
  }
  set_message(s, "wrote run file " + path, false);
  return true;
}

bool import_run_file(AppState& s, const std::string& path, bool replay) {
  std::vector<uint8_t> bytes;
  std::string error;
  if (!read_file(path, kMaxRunTextBytes, &bytes, &error)) {
    set_message(s, "run file: " + error, true);
    return false;
  }
  Run run;
  std::vector<std::string> problems;
  if (!parse_run_json(std::string(bytes.begin(), bytes.end()), &run, &problems)) {
    report(s, "run file " + path + " refused", problems);
    return false;
  }
  apply_run(s, run, replay);
  if (!s.message_error) report(s, (replay ? "replaying run file " : "settings from run file ") + path, problems);
  return true;
}

void RunPanel::publish(AppState& s) {
  if (!s.app.hooks.run_changed) return;
  const std::string link = run_to_fragment(current_run(s));
  if (link == published) return;
  published = link;
  s.app.hooks.run_changed(link);
}

void RunPanel::draw(AppState& s) {
  // Collapsed at the status bar's right end; put back there when the window's size changes.
  const PanelRect& r = s.layout.run_link;
  const bool moved = r.x != placed_x || r.y != placed_y;
  ImGui::SetNextWindowPos(ImVec2(r.x, r.y), moved ? ImGuiCond_Always : ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(r.w, r.h), moved ? ImGuiCond_Always : ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowCollapsed(true, ImGuiCond_FirstUseEver);
  placed_x = r.x;
  placed_y = r.y;
  if (!ImGui::Begin("Run link", nullptr, ImGuiWindowFlags_NoSavedSettings)) return ImGui::End();
  std::string link = "#" + run_to_fragment(current_run(s));
  ImGui::TextWrapped("%s", link.c_str());
  if (ImGui::Button("Copy link")) ImGui::SetClipboardText(link.c_str());
  same_line_if_fits(button_width("Replay"));
  if (ImGui::Button("Replay")) apply_run(s, current_run(s), true);
  if (s.data_name != "Fashion-MNIST" && s.data_name != "MNIST (built-in)") {
    ImGui::TextDisabled("Uploaded data is not part of a link.");
  }
  if (!s.app.options.web) {
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText("##runpath", path, sizeof path);
    if (ImGui::Button("Export run")) export_run_file(s, path);
    same_line_if_fits(button_width("Import run"));
    if (ImGui::Button("Import run")) import_run_file(s, path);
  }
  ImGui::End();
}

}  // namespace aelab
