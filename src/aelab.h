// The core's public API, used by the command line and the app. No Eigen types cross it:
// images are row-major float arrays in [0, 1], one image per row.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "dataset.h"
#include "model_config.h"
#include "run.h"

namespace aelab {

class Autoencoder {
 public:
  // threads is how many threads a step uses (the result depends on it, bit for bit); a build
  // without threads uses 1 whatever is asked (usable_threads in thread_pool.h).
  static std::unique_ptr<Autoencoder> create(const ModelConfig& config, int threads, std::string* error);
  static std::unique_ptr<Autoencoder> load(const std::string& path, int threads, std::string* error);
  bool save(const std::string& path, std::string* error) const;
  ~Autoencoder();

  const ModelConfig& config() const;
  int input_dim() const;
  int code_dim() const;
  int64_t param_count() const;
  int64_t steps() const;
  int epochs_trained() const;
  void set_epochs_trained(int epochs);

  // One optimizer step on n <= config().batch examples; returns the batch loss before the step.
  // A non-finite return means the model diverged: the loss or a gradient was NaN or infinite
  // (or a gradient beyond 1e18), and the step was refused, so parameters, optimizer state and
  // step count are still those of the last good step. Training should stop there.
  float train_step(const float* x, const float* target, int n);
  // Inference on any number of rows (processed in chunks).
  void reconstruct(const float* x, int n, float* y);
  void encode(const float* x, int n, float* code);
  void decode(const float* code, int n, float* y);
  // Sum of squared errors of reconstruct(x) against target over n rows (for exact means).
  double squared_error(const float* x, const float* target, int n);

  // The timeline's edits due before the next step (those at step steps()) change the live
  // values of config(): learning rate, noise level, penalty weights.
  void apply_edits(const std::vector<RunEdit>& edits);
  // Denoising: corrupts n rows with the config's noise, from the model's own RNG stream (which
  // checkpoints keep, so a resumed run draws what the uninterrupted one would have).
  void corrupt_inputs(const float* x, int n, float* out);
  // VAE only: the code is the posterior mean; these add its probabilistic side.
  bool is_variational() const;
  // Σ over n rows of -ELBO (BCE summed over pixels + KL), one z sample per row from Rng(seed).
  double negative_elbo(const float* x, int n, uint64_t seed);
  // Decodes n codes drawn from the prior N(0, I).
  void sample_prior(int n, uint64_t seed, float* out);

  // The first encoder layer's weights as images, for the app's filter view. Linear: one
  // image_rows x image_cols image per unit (its weights over the input pixels); Conv2d: one
  // k x k kernel per (output, input) channel pair. count = 0 for any other first layer.
  struct Filters {
    int count = 0, rows = 0, cols = 0;
    std::vector<float> values;  // count images of rows x cols, row-major
  };
  Filters encoder_filters() const;

  // A copy of all parameters, for snapshots the UI can read while training goes on.
  std::vector<float> parameters() const;
  // Replaces all parameters (same count as parameters(), else false); optimizer state is kept.
  bool set_parameters(const std::vector<float>& params);
  // An independent model with the same config, parameters, optimizer state and counters,
  // e.g. the UI's inference copy while another thread trains the original.
  std::unique_ptr<Autoencoder> clone(int threads) const;

 private:
  struct Impl;
  explicit Autoencoder(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The input corruptions a config's `noise` names (noise.h), for the app's choices.
inline constexpr const char* kNoiseKinds[] = {"gaussian", "saltpepper", "mask"};

// Corrupts `count` values in [0, 1] with a named noise (kNoiseKinds) at `level`, from Rng(seed):
// the app's denoising lab picks noise independently of any model's config. False (out
// untouched) for an unknown name.
bool corrupt_images(const std::string& noise, float level, uint64_t seed, const float* x, long count, float* out);

// ---- training loop over a Dataset

struct TrainProgress {
  int64_t done = 0, total = 0;  // examples this epoch
  double mean_loss = 0.0;       // mean batch loss so far this epoch
  double seconds = 0.0;         // since the epoch started
};
// Called after every step; return false to stop the epoch early.
using ProgressFn = std::function<bool(const TrainProgress&)>;

struct EpochResult {
  double mean_loss = 0.0;  // mean of batch losses, weighted by batch size (good steps only)
  int64_t examples = 0;
  double seconds = 0.0;
  bool stopped = false;
  bool diverged = false;   // a step was refused (train_step returned a non-finite loss): stopped there
};

// The one-line explanation of a divergence at `step` (the refused one) of 1-based `epoch`.
std::string divergence_message(int epoch, int64_t step, float lr);

// One pass over `data` in batches of config().batch; `order` (nullable) permutes the examples.
// A denoising model later feeds corrupted x against clean targets through the same loop.
EpochResult train_epoch(Autoencoder& model, const Dataset& data, const std::vector<int>* order,
                        const ProgressFn& progress);

// The evaluations below go through the set in chunks of this many images. A caller that sums
// the same chunks in the same order itself (the app's trainer, a piece per frame) gets the
// same bits.
constexpr int kEvalChunk = 256;

// Per-pixel mean squared error of the reconstructions over the whole set.
double evaluate_mse(Autoencoder& model, const Dataset& data);

// Denoising evaluation with the config's noise from Rng(seed): per-pixel MSE against the clean
// images of the reconstruction of the noisy input, and of the noisy input itself.
struct DenoiseResult {
  double denoised_mse = 0.0, noisy_mse = 0.0;
};
DenoiseResult evaluate_denoising(Autoencoder& model, const Dataset& data, uint64_t seed);

// VAE: mean negative ELBO per image over the whole set (one z sample per image from Rng(seed)).
double evaluate_negative_elbo(Autoencoder& model, const Dataset& data, uint64_t seed);

// A seeded permutation of [0, n) (Fisher-Yates over the project's RNG).
void shuffled_order(uint64_t seed, int epoch, int n, std::vector<int>* order);

}  // namespace aelab
