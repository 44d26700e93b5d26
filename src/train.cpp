// One pass over a Dataset (train_epoch, over train_loop.h's batch cursor), the denoising and
// VAE evaluations, and seeded shuffling.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "aelab.h"
#include "noise.h"
#include "rng.h"
#include "train_loop.h"

namespace aelab {

EpochResult train_epoch(Autoencoder& model, const Dataset& data, const std::vector<int>* order,
                        const ProgressFn& progress) {
  BatchCursor cursor(data, model.config().batch);
  cursor.start(order);
  const auto start = std::chrono::steady_clock::now();
  EpochResult result;
  double loss_sum = 0.0;
  while (!cursor.done()) {
    int n = 0;
    const float loss = train_next_batch(model, &cursor, &n);
    if (!std::isfinite(loss)) {
      result.diverged = true;
      break;
    }
    loss_sum += static_cast<double>(loss) * n;
    result.examples += n;
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.mean_loss = loss_sum / static_cast<double>(result.examples);
    if (progress && !progress({result.examples, data.count, result.mean_loss, result.seconds})) {
      result.stopped = true;
      break;
    }
  }
  return result;
}

std::string divergence_message(int epoch, int64_t step, float lr) {
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "training diverged at step %lld (epoch %d): NaN or infinite loss or gradients; stopped, keeping "
                "the weights of the last good step (learning rate %g is probably too high)",
                static_cast<long long>(step), epoch, static_cast<double>(lr));
  return buf;
}

DenoiseResult evaluate_denoising(Autoencoder& model, const Dataset& data, uint64_t seed) {
  const ModelConfig& c = model.config();
  Rng rng(seed);
  std::vector<float> noisy(static_cast<size_t>(kEvalChunk) * data.dim());
  double denoised = 0.0, noisy_sum = 0.0;
  EvalChunks chunks(data);
  chunks.start();
  while (!chunks.done()) {
    const int n = chunks.next();
    const float* x = chunks.x();
    const size_t values = static_cast<size_t>(n) * data.dim();
    corrupt(c.noise, c.noise_level, rng, x, static_cast<long>(values), noisy.data());
    denoised += model.squared_error(noisy.data(), x, n);
    for (size_t i = 0; i < values; ++i) {
      const double e = static_cast<double>(noisy[i]) - x[i];
      noisy_sum += e * e;
    }
  }
  const double pixels = static_cast<double>(data.count) * data.dim();
  return {denoised / pixels, noisy_sum / pixels};
}

double evaluate_negative_elbo(Autoencoder& model, const Dataset& data, uint64_t seed) {
  double sum = 0.0;
  // Each chunk draws from its own stream, seeded by its position.
  EvalChunks chunks(data);
  chunks.start();
  while (!chunks.done()) {
    const uint64_t first = static_cast<uint64_t>(chunks.position());
    const int n = chunks.next();
    sum += model.negative_elbo(chunks.x(), n, seed + first);
  }
  return data.count > 0 ? sum / data.count : 0.0;
}

void shuffled_order(uint64_t seed, int epoch, int n, std::vector<int>* order) {
  order->resize(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) (*order)[i] = i;
  Rng rng(seed * 1000003ull + static_cast<uint64_t>(epoch) + 1);
  for (int i = n - 1; i > 0; --i) std::swap((*order)[i], (*order)[rng.below(static_cast<uint32_t>(i) + 1)]);
}

}  // namespace aelab
