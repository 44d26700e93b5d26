// Compare runs: two configurations (by default the transpose-convolution and the upsampling
// decoder) trained side by side on their own trainer threads, one compute thread each; their
// loss curves overlaid and their reconstructions of the figure digits side by side, where the
// transpose convolution's checkerboard shows.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app_state.h"
#include "theme.h"
#include "thread_pool.h"
#include "widgets.h"

namespace aelab {

namespace {
constexpr double kReconSeconds = 0.25;  // refresh of each run's reconstructions while it trains
constexpr int kMaxEpochs = 100;  // a side-by-side look, not a long run
// A's and B's colours: the loss panel's train and test colours of the theme in use.
ImU32 run_color(int r) { return r ? plot_colors().test : plot_colors().train; }
}  // namespace

ReconstructWorker::Work reconstruct_work() {
  // The worker thread's own models, one per slot, made again only when the architecture changes.
  auto models = std::make_shared<std::array<std::unique_ptr<Autoencoder>, 2>>();
  return [models](int slot, ReconstructJob& job, std::vector<float>* out) {
    std::unique_ptr<Autoencoder>& m = (*models)[slot];
    if (!m || m->config().model != job.config.model || m->param_count() != static_cast<int64_t>(job.params.size())) {
      std::string error;
      m = Autoencoder::create(job.config, 1, &error);
    }
    if (!m || !m->set_parameters(job.params) || static_cast<int>(job.inputs.size()) != job.n * m->input_dim()) {
      return false;
    }
    out->resize(static_cast<size_t>(job.n) * m->input_dim());
    m->reconstruct(job.inputs.data(), job.n, out->data());
    return true;
  };
}

CompareView::CompareView() {
  runs[0].arch = architecture_index("conv-strided");
  runs[1].arch = architecture_index("conv-upsample");
}

CompareView::~CompareView() {
  if (setup.joinable()) setup.join();
}

// Creating a conv model allocates and fills its working buffers, which takes seconds in the
// browser: a setup thread creates both models (without threads: this call), and update()
// starts their trainers.
void CompareView::start(AppState& s) {
  if (!s.train || starting || runs[0].training || runs[1].training) return;
  std::array<ModelConfig, 2> configs;
  for (int r = 0; r < 2; ++r) {
    ModelConfig& c = configs[r];
    c.model = app_architectures()[runs[r].arch];
    c.image_rows = s.train->rows;
    c.image_cols = s.train->cols;
    c.image_channels = s.train->channels;
    c.code_dim = default_code_size(runs[r].arch, c.image_rows, c.image_cols);
    c.lr = s.model_panel.lr;
    c.batch = s.model_panel.batch;
    c.seed = static_cast<uint64_t>(s.model_panel.seed);
    runs[r].config = c;
  }
  ready = false;
  starting = true;
  auto create = [this, configs] {
    for (int r = 0; r < 2; ++r) {
      std::string why;
      created[r] = Autoencoder::create(configs[r], 1, &why);
      if (!created[r]) error = why;
    }
    ready = true;
  };
  if (kHaveThreads) {
    setup = std::thread(create);
  } else {
    create();  // the page's single-threaded variant: this frame takes the seconds
  }
  set_message(s, std::string("comparing ") + app_architectures()[runs[0].arch] + " and " + app_architectures()[runs[1].arch],
              false);
}

void CompareView::stop_runs() {
  for (CompareRun& run : runs) run.trainer.request_stop();
  for (CompareRun& run : runs) {
    if (!run.training) continue;
    run.model = run.trainer.join();
    run.training = false;
  }
}

void CompareView::update(AppState& s) {
  const double now = now_seconds();
  if (starting && ready) {
    if (setup.joinable()) setup.join();
    starting = false;
    for (int r = 0; r < 2; ++r) {
      CompareRun& run = runs[r];
      if (!created[r]) continue;
      run.recon.clear();
      run.trainer.reset_curves();
      run.snap = TrainSnapshot();
      TrainSettings t;
      t.epochs = epochs;
      t.shuffle = s.model_panel.shuffle;
      run.trainer.start(std::move(created[r]), s.train, s.test, t);
      run.training = true;
    }
    if (!error.empty()) set_message(s, "compare: " + error, true);
    error.clear();
  }
  for (int r = 0; r < 2; ++r) {
    CompareRun& run = runs[r];
    run.trainer.pump(kPumpBudgetMs / 2);  // no threads: the two runs share a frame's training time
    if (run.trainer.poll(&run.snap)) {
      if (!run.snap.params.empty()) run.recon_due = true;
      if (run.training && (run.snap.state == TrainState::kFinished || run.snap.state == TrainState::kStopped)) {
        run.model = run.trainer.join();
        run.training = false;
      }
    }
    // Reconstructions on the worker, at most every kReconSeconds while training.
    if (run.recon_due && (!run.training || now - run.recon_at >= kReconSeconds) && !recon_worker.busy(r)) {
      recon_worker.submit(r, ReconstructJob{run.config, run.snap.params, s.figure_in, 10});
      run.recon_due = false;
      run.recon_at = now;
    }
    recon_worker.poll(r, &run.recon);
  }
}

void CompareView::draw(AppState& s) {
  if (!s.train) return;
  const bool preparing = starting;
  const bool running = preparing || runs[0].training || runs[1].training;
  text_disabled_wrapped("Two models side by side (lr, batch, seed: Model panel)");
  if (running) ImGui::BeginDisabled();
  ImGui::PushItemWidth(130);
  ImGui::Combo("A", &runs[0].arch, app_architectures().data(), static_cast<int>(app_architectures().size()));
  s.probes.remember("compare_a");
  same_line_if_fits(labelled_width(130, "B"));
  ImGui::Combo("B", &runs[1].arch, app_architectures().data(), static_cast<int>(app_architectures().size()));
  s.probes.remember("compare_b");
  // An InputInt's frame holds its field and its - and + buttons.
  const float epochs_w = std::max(80.0f, 2 * ImGui::GetFrameHeight() + 2 * ImGui::GetStyle().ItemInnerSpacing.x + 30);
  same_line_if_fits(labelled_width(epochs_w, "epochs##compare"));
  ImGui::SetNextItemWidth(epochs_w);
  ImGui::InputInt("epochs##compare", &epochs);
  field_tooltip("epochs");
  epochs = std::clamp(epochs, 1, kMaxEpochs);
  ImGui::PopItemWidth();
  if (running) ImGui::EndDisabled();
  if (!running) {
    if (ImGui::Button("Start both")) start(s);
    s.probes.remember("compare_start");
  } else if (preparing) {
    ImGui::TextDisabled("creating the models...");
  } else {
    if (ImGui::Button("Stop both")) stop_runs();
    s.probes.remember("compare_stop");
  }
  for (int r = 0; r < 2; ++r) {
    const CompareRun& run = runs[r];
    const float test = run.snap.test_curve.empty() ? 0.0f : run.snap.test_curve.back().loss;
    char line[96];
    std::snprintf(line, sizeof line, "%s: %s, %.0f/s, test %.4f", r ? "B" : "A", train_state_name(run.snap.state),
                  run.snap.samples_per_s, test);
    same_line_if_fits(text_width(line), 16);
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(run_color(r)), "%s", line);
  }
  // Both runs' train curves (lines) and test MSE per epoch (dots).
  log_loss_plot(plot_frame("##compare_loss", ImVec2(ImGui::GetContentRegionAvail().x, 230)),
                {{"A train", &runs[0].snap.train_curve, run_color(0), 1.5f, 0.0f},
                 {"A test MSE", &runs[0].snap.test_curve, run_color(0), 0.0f, 4.0f},
                 {"B train", &runs[1].snap.train_curve, run_color(1), 1.5f, 0.0f},
                 {"B test MSE", &runs[1].snap.test_curve, run_color(1), 0.0f, 4.0f}},
                "Press Start both.");

  // Reconstructions: clean digits, then A's and B's.
  const int dim = s.test->dim();
  const float cell = std::min(46.0f, (ImGui::GetContentRegionAvail().x - 30) / 10 - 4);
  const std::vector<float>* row_images[3] = {&s.figure_in, &runs[0].recon, &runs[1].recon};
  for (int r = 0; r < 3; ++r) {
    ImGui::AlignTextToFramePadding();
    if (r == 0) ImGui::TextDisabled("in");
    else ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(run_color(r - 1)), "%s", r == 1 ? "A" : "B");
    if (row_images[r]->size() != static_cast<size_t>(10) * dim) continue;
    for (int k = 0; k < 10; ++k) {
      ImGui::SameLine(k == 0 ? 30 : 0, 4);
      image(data_image(s, &(*row_images[r])[static_cast<size_t>(k) * dim], cell), cell, cell);
    }
  }
  // Magnified: the selected digit by both runs, pixel-exact (checkerboards show here).
  const int sel = std::clamp(s.selected, 0, 9);
  ImGui::TextDisabled("digit %d, magnified: input, A, B", sel);
  const float big = std::floor(std::min(150.0f, (ImGui::GetContentRegionAvail().x - 16) / 3));
  for (int r = 0; r < 3; ++r) {
    if (row_images[r]->size() != static_cast<size_t>(10) * dim) continue;
    if (r) ImGui::SameLine(0, 8);
    image(data_image(s, &(*row_images[r])[static_cast<size_t>(sel) * dim], big), big, big);
  }
  for (int r = 0; r < 2; ++r) {
    const char* ab = r ? "b" : "a";
    s.probes.values[std::string("compare_") + ab + "_points"] = static_cast<double>(runs[r].snap.train_curve.size());
    double sum = 0.0;
    for (float v : runs[r].recon) sum += v;
    s.probes.values[std::string("compare_") + ab + "_recon_sum"] = sum;
  }
  s.probes.values["compare_running"] = running ? 1 : 0;
}

}  // namespace aelab
