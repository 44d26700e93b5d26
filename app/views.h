// The explore views, one struct each owning its state, drawn inside the view window
// (explore.h): one file per view, view_*.cpp. What a view computes on the UI thread is a
// handful of decodes, redone only when its inputs change (inputs_key); the test set's analysis
// comes from the Analyzer's thread, and the comparison trains on two Trainer threads.
#pragma once
#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "aelab.h"
#include "latest_job_worker.h"
#include "trainer.h"

namespace aelab {

struct AppState;

// The test set's codes in 2-D, coloured by label; a click decodes a point of the plane.
struct LatentView {
  bool clicked = false;
  float at[2] = {0, 0};  // the clicked point of the plane
  uint64_t key = 0;      // of the inputs `decoded` was made from
  std::vector<float> decoded;
  void draw(AppState& s);

 private:
  void export_codes_csv(AppState& s);
};

// A digit's code, one slider per value, decoded live; for the VAE, samples from the prior.
struct SlidersView {
  uint64_t source = ~0ull, key = 0;
  bool dirty = true, edited = false;  // edited: a slider moved since the code was taken
  std::vector<float> code, out;
  uint64_t prior_seed = 1, prior_key = 0;
  std::vector<float> prior_samples;
  void draw(AppState& s);
};

// Decodes along the path between two digits' codes, straight or along a great circle.
struct InterpolateView {
  int from = 1, to = 7, steps = 10;  // 0..9: figure digits, 10: the drawing
  bool spherical = false;
  const void* model = nullptr;  // the spherical default follows the model (VAE)
  uint64_t key = 0;
  std::vector<float> out;
  void draw(AppState& s);
};

// The first encoder layer's weights and the decoder's directions, as tiles.
struct FiltersView {
  int kind = 0, page = 0;  // kind 0: encoder filters, 1: decoder directions
  void draw(AppState& s);
};

// The figure digits corrupted, reconstructed, and scored against the clean ones.
struct DenoiseView {
  int noise = 0;  // index into kNoiseKinds
  float level = 0.3f;
  uint64_t seed = 1, key = 0;
  double at = 0.0;  // when the rows were last computed
  std::vector<float> clean, noisy, out, noisy_mse, out_mse;
  void draw(AppState& s);
};

// The test set's reconstruction errors, with the drawing's and the selected digit's on them.
struct AnomalyView {
  void draw(AppState& s);
};

// Reconstructions of the figure digits by a comparison run's latest parameters.
struct ReconstructJob {
  ModelConfig config;
  std::vector<float> params, inputs;
  int n = 0;
};
// A slot per run; the work keeps a model per slot and only swaps in the newest parameters.
using ReconstructWorker = LatestJobWorker<ReconstructJob, std::vector<float>, 2>;
ReconstructWorker::Work reconstruct_work();

// One of the two runs of "compare runs": its own model and trainer thread.
struct CompareRun {
  int arch = 0;
  ModelConfig config;
  std::unique_ptr<Autoencoder> model;  // back from the trainer when it is done
  Trainer trainer;
  TrainSnapshot snap;
  bool training = false;
  bool recon_due = false;  // newer parameters than the last reconstruction
  double recon_at = 0.0;
  std::vector<float> recon;  // the 10 figure digits, reconstructed (on recon_worker)
};

// Two models trained side by side, their losses overlaid and their reconstructions compared.
struct CompareView {
  std::array<CompareRun, 2> runs;
  int epochs = 3;
  ReconstructWorker recon_worker{reconstruct_work()};
  std::thread setup;  // creates the two models (start)
  bool starting = false;  // from start until update starts the trainers
  std::array<std::unique_ptr<Autoencoder>, 2> created;  // written by setup
  std::string error;                                     // written by setup
  std::atomic<bool> ready{false};                        // setup is done

  CompareView();  // the transpose convolution against upsampling
  ~CompareView();
  void start(AppState& s);
  // Every frame, whichever tab is open: starts the created runs, polls the trainers.
  void update(AppState& s);
  void draw(AppState& s);

 private:
  void stop_runs();
};

}  // namespace aelab
