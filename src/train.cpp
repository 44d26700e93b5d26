// The epoch loop over a uint8 Dataset: converts each batch to float into reused buffers and
// steps the model; evaluation and seeded shuffling.
#include <algorithm>
#include <chrono>

#include "aelab.h"
#include "rng.h"

namespace aelab {

EpochResult train_epoch(Autoencoder& model, const Dataset& data, const std::vector<int>* order,
                        const ProgressFn& progress) {
  const int batch = model.config().batch, dim = data.dim();
  std::vector<float> x(static_cast<size_t>(batch) * dim);
  const auto start = std::chrono::steady_clock::now();
  EpochResult result;
  double loss_sum = 0.0;
  for (int first = 0; first < data.count; first += batch) {
    const int n = std::min(batch, data.count - first);
    images_to_float(data, order ? order->data() : nullptr, first, n, x.data());
    loss_sum += static_cast<double>(model.train_step(x.data(), x.data(), n)) * n;
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

double evaluate_mse(Autoencoder& model, const Dataset& data) {
  const int chunk = 256, dim = data.dim();
  std::vector<float> x(static_cast<size_t>(chunk) * dim);
  double sum = 0.0;
  for (int first = 0; first < data.count; first += chunk) {
    const int n = std::min(chunk, data.count - first);
    images_to_float(data, nullptr, first, n, x.data());
    sum += model.squared_error(x.data(), x.data(), n);
  }
  return data.count > 0 ? sum / (static_cast<double>(data.count) * dim) : 0.0;
}

void shuffled_order(uint64_t seed, int epoch, int n, std::vector<int>* order) {
  order->resize(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) (*order)[i] = i;
  Rng rng(seed * 1000003ull + static_cast<uint64_t>(epoch) + 1);
  for (int i = n - 1; i > 0; --i) std::swap((*order)[i], (*order)[rng.below(static_cast<uint32_t>(i) + 1)]);
}

}  // namespace aelab
