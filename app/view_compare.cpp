// Compare runs: two configurations (by default the transpose-convolution and the upsampling
// decoder) trained side by side on their own trainer threads, one compute thread each; their
// loss curves overlaid and their reconstructions of the figure digits side by side, where the
// transpose convolution's checkerboard shows.
#include <algorithm>
#include <cmath>

#include "app_state.h"
#include "thread_pool.h"

namespace aelab {

namespace {
constexpr double kReconSeconds = 0.25;  // refresh of each run's reconstructions while it trains
const ImU32 kRunColor[2] = {IM_COL32(90, 165, 255, 255), IM_COL32(255, 150, 50, 255)};

}  // namespace

// Creating a conv model allocates and fills its working buffers, which takes seconds in the
// browser: a setup thread creates both models (without threads: this call), and compare_update
// starts their trainers.
void start_compare(App* app) {
  AppState& s = *app->state;
  ExploreState& e = s.explore;
  if (!s.train || e.compare_starting || e.runs[0].training || e.runs[1].training) return;
  std::array<ModelConfig, 2> configs;
  for (int r = 0; r < 2; ++r) {
    ModelConfig& c = configs[r];
    c.model = app_architectures()[e.runs[r].arch];
    c.image_rows = s.train->rows;
    c.image_cols = s.train->cols;
    c.code_dim = default_code_size(e.runs[r].arch, c.image_rows, c.image_cols);
    c.lr = s.lr;
    c.batch = s.batch;
    c.seed = static_cast<uint64_t>(s.seed);
    e.runs[r].config = c;
  }
  e.compare_ready = false;
  e.compare_starting = true;
  auto create = [&e, configs] {
    for (int r = 0; r < 2; ++r) {
      std::string error;
      e.compare_created[r] = Autoencoder::create(configs[r], 1, &error);
      if (!e.compare_created[r]) e.compare_error = error;
    }
    e.compare_ready = true;
  };
  if (kHaveThreads) {
    e.compare_setup = std::thread(create);
  } else {
    create();  // the page's single-threaded variant: this frame takes the seconds
  }
  set_message(s, std::string("comparing ") + app_architectures()[e.runs[0].arch] + " and " + app_architectures()[e.runs[1].arch],
              false);
}

namespace {
void stop_runs(ExploreState& e) {
  for (CompareRun& run : e.runs) run.trainer.request_stop();
  for (CompareRun& run : e.runs) {
    if (!run.training) continue;
    run.model = run.trainer.join();
    run.training = false;
  }
}

// Both runs' train curves (lines) and test MSE per epoch (dots), log scale.
void loss_plot(ExploreState& e, float height) {
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const ImVec2 size(ImGui::GetContentRegionAvail().x, height);
  ImGui::Dummy(size);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p1(p0.x + size.x, p0.y + size.y);
  dl->AddRectFilled(p0, p1, IM_COL32(18, 18, 22, 255));
  dl->AddRect(p0, p1, IM_COL32(90, 90, 100, 255));
  float lo = 1e30f, hi = -1e30f, xmax = 1.0f;
  for (const CompareRun& run : e.runs) {
    for (const auto* curve : {&run.snap.train_curve, &run.snap.test_curve}) {
      for (const LossPoint& p : *curve) {
        if (p.loss > 0) lo = std::min(lo, p.loss), hi = std::max(hi, p.loss);
        xmax = std::max(xmax, p.epoch);
      }
    }
  }
  if (hi < lo) {
    dl->AddText(ImVec2(p0.x + 10, p0.y + 10), IM_COL32(150, 150, 150, 255), "Press Start both.");
    return;
  }
  const float llo = std::log10(lo) - 0.05f, lhi = std::log10(hi) + 0.05f;
  auto at = [&](const LossPoint& p) {
    return ImVec2(p0.x + 44 + (size.x - 54) * p.epoch / xmax,
                  p1.y - 10 - (size.y - 20) * (std::log10(std::max(p.loss, 1e-12f)) - llo) / (lhi - llo));
  };
  char label[32];
  for (float v : {lo, hi}) {
    std::snprintf(label, sizeof label, "%.4f", v);
    dl->AddText(ImVec2(p0.x + 2, at({0, v}).y - 7), IM_COL32(150, 150, 150, 255), label);
  }
  for (int r = 0; r < 2; ++r) {
    std::vector<ImVec2> pts;
    for (const LossPoint& p : e.runs[r].snap.train_curve) pts.push_back(at(p));
    if (pts.size() > 1) dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), kRunColor[r], 0, 1.5f);
    for (const LossPoint& p : e.runs[r].snap.test_curve) dl->AddCircleFilled(at(p), 4.0f, kRunColor[r]);
  }
}
}  // namespace

void compare_update(App* app) {
  AppState& s = *app->state;
  ExploreState& e = s.explore;
  const double now = now_seconds();
  if (e.compare_starting && e.compare_ready) {
    if (e.compare_setup.joinable()) e.compare_setup.join();
    e.compare_starting = false;
    for (int r = 0; r < 2; ++r) {
      CompareRun& run = e.runs[r];
      if (!e.compare_created[r]) continue;
      run.recon.clear();
      run.trainer.reset_curves();
      run.snap = TrainSnapshot();
      TrainSettings t;
      t.epochs = e.compare_epochs;
      t.shuffle = s.shuffle;
      run.trainer.start(std::move(e.compare_created[r]), s.train, s.test, t);
      run.training = true;
    }
    if (!e.compare_error.empty()) set_message(s, "compare: " + e.compare_error, true);
    e.compare_error.clear();
  }
  for (int r = 0; r < 2; ++r) {
    CompareRun& run = e.runs[r];
    run.trainer.pump(kPumpBudgetMs / 2);  // no threads: the two runs share a frame's training time
    if (run.trainer.poll(&run.snap)) {
      if (!run.snap.params.empty()) run.recon_due = true;
      if (run.training && (run.snap.state == TrainState::kFinished || run.snap.state == TrainState::kStopped)) {
        run.model = run.trainer.join();
        run.training = false;
      }
    }
    // Reconstructions on the worker, at most every kReconSeconds while training.
    if (run.recon_due && (!run.training || now - run.recon_at >= kReconSeconds) && !e.recon_worker.pending(r)) {
      e.recon_worker.submit(r, run.config, run.snap.params, s.figure_in, 10);
      run.recon_due = false;
      run.recon_at = now;
    }
    e.recon_worker.poll(r, &run.recon);
  }
}

void view_compare(App* app) {
  AppState& s = *app->state;
  ExploreState& e = s.explore;
  if (!s.train) return;
  const bool preparing = e.compare_starting;
  const bool running = preparing || e.runs[0].training || e.runs[1].training;
  ImGui::TextDisabled("Two models side by side (lr, batch, seed: Model panel)");
  if (running) ImGui::BeginDisabled();
  ImGui::PushItemWidth(130);
  ImGui::Combo("A", &e.runs[0].arch, app_architectures().data(), static_cast<int>(app_architectures().size()));
  remember_widget(s, "compare_a");
  ImGui::SameLine();
  ImGui::Combo("B", &e.runs[1].arch, app_architectures().data(), static_cast<int>(app_architectures().size()));
  remember_widget(s, "compare_b");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(80);
  ImGui::InputInt("epochs##compare", &e.compare_epochs);
  e.compare_epochs = std::clamp(e.compare_epochs, 1, 100);
  ImGui::PopItemWidth();
  if (running) ImGui::EndDisabled();
  if (!running) {
    if (ImGui::Button("Start both")) start_compare(app);
    remember_widget(s, "compare_start");
  } else if (preparing) {
    ImGui::TextDisabled("creating the models...");
  } else {
    if (ImGui::Button("Stop both")) stop_runs(e);
    remember_widget(s, "compare_stop");
  }
  for (int r = 0; r < 2; ++r) {
    const CompareRun& run = e.runs[r];
    ImGui::SameLine(0, 16);
    const ImVec4 c = ImGui::ColorConvertU32ToFloat4(kRunColor[r]);
    const float test = run.snap.test_curve.empty() ? 0.0f : run.snap.test_curve.back().loss;
    ImGui::TextColored(c, "%s: %s, %.0f/s, test %.4f", r ? "B" : "A", train_state_name(run.snap.state),
                       run.snap.samples_per_s, test);
  }
  loss_plot(e, 230);

  // Reconstructions: clean digits, then A's and B's.
  const int dim = s.test->dim(), rows = s.test->rows, cols = s.test->cols;
  const float cell = std::min(46.0f, (ImGui::GetContentRegionAvail().x - 30) / 10 - 4);
  const std::vector<float>* row_images[3] = {&s.figure_in, &e.runs[0].recon, &e.runs[1].recon};
  for (int r = 0; r < 3; ++r) {
    ImGui::AlignTextToFramePadding();
    if (r == 0) ImGui::TextDisabled("in");
    else ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kRunColor[r - 1]), "%s", r == 1 ? "A" : "B");
    if (row_images[r]->size() != static_cast<size_t>(10) * dim) continue;
    for (int k = 0; k < 10; ++k) {
      ImGui::SameLine(k == 0 ? 30 : 0, 4);
      show_image(s.gpu.add(&(*row_images[r])[static_cast<size_t>(k) * dim], cols, rows, ColorMode::kDigit), cell, cell);
    }
  }
  // Magnified: the selected digit by both runs, pixel-exact (checkerboards show here).
  const int sel = std::clamp(s.selected, 0, 9);
  ImGui::TextDisabled("digit %d, magnified: input, A, B", sel);
  for (int r = 0; r < 3; ++r) {
    if (row_images[r]->size() != static_cast<size_t>(10) * dim) continue;
    if (r) ImGui::SameLine(0, 8);
    show_image(s.gpu.add(&(*row_images[r])[static_cast<size_t>(sel) * dim], cols, rows, ColorMode::kDigit), 150, 150);
  }
  for (int r = 0; r < 2; ++r) {
    const char* ab = r ? "b" : "a";
    e.probes[std::string("compare_") + ab + "_points"] = static_cast<double>(e.runs[r].snap.train_curve.size());
    double sum = 0.0;
    for (float v : e.runs[r].recon) sum += v;
    e.probes[std::string("compare_") + ab + "_recon_sum"] = sum;
  }
  e.probes["compare_running"] = running ? 1 : 0;
}

}  // namespace aelab
