// The analysis job. It builds its own model from the submitted config and parameters (so it
// shares nothing with the trainer or the UI) and publishes an immutable Analysis.
#include "analysis.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace aelab {

namespace {
// previous: the last analysis' PCA, for a warm start and stable signs; updated.
std::shared_ptr<const Analysis> analyse(const AnalysisJob& job, Pca* previous_pca) {
  const auto t0 = std::chrono::steady_clock::now();
  std::string error;
  std::unique_ptr<Autoencoder> m = Autoencoder::create(job.config, 1, &error);
  if (!m || !m->set_parameters(job.params) || !job.test || job.test->dim() != m->input_dim()) return nullptr;
  const Dataset& d = *job.test;
  auto a = std::make_shared<Analysis>();
  a->revision = job.revision;
  a->count = std::min(d.count, kMaxAnalysedImages);
  a->code_dim = m->code_dim();
  a->rows = d.rows, a->cols = d.cols, a->channels = d.channels;
  const int n = a->count, z = a->code_dim, dim = d.dim();
  if (n < 2) return nullptr;
  std::vector<float> x(static_cast<size_t>(n) * dim), y(x.size());
  images_to_float(d, nullptr, 0, n, x.data());
  if (d.has_labels()) a->labels.assign(d.labels.begin(), d.labels.begin() + n);

  // Codes and their per-dimension statistics.
  a->codes.resize(static_cast<size_t>(n) * z);
  m->encode(x.data(), n, a->codes.data());
  a->code_lo.assign(z, 1e30f), a->code_hi.assign(z, -1e30f), a->code_mean.assign(z, 0.0f), a->code_std.assign(z, 0.0f);
  for (int r = 0; r < n; ++r) {
    for (int i = 0; i < z; ++i) {
      const float v = a->codes[static_cast<size_t>(r) * z + i];
      a->code_lo[i] = std::min(a->code_lo[i], v), a->code_hi[i] = std::max(a->code_hi[i], v);
      a->code_mean[i] += v / n;
    }
  }
  for (int r = 0; r < n; ++r) {
    for (int i = 0; i < z; ++i) {
      const float e = a->codes[static_cast<size_t>(r) * z + i] - a->code_mean[i];
      a->code_std[i] += e * e / n;
    }
  }
  for (float& s : a->code_std) s = std::sqrt(s);

  // The 2-D map.
  a->points.assign(static_cast<size_t>(n) * 2, 0.0f);
  if (z <= 2) {
    for (int r = 0; r < n; ++r) {
      for (int i = 0; i < z; ++i) a->points[r * 2 + i] = a->codes[static_cast<size_t>(r) * z + i];
    }
  } else {
    const Pca* prev = previous_pca->dim == z ? previous_pca : nullptr;
    if (!pca_fit(a->codes.data(), n, z, 2, prev, &a->pca)) return nullptr;
    *previous_pca = a->pca;
    a->projected = true;
    pca_project(a->pca, a->codes.data(), n, a->points.data());
  }
  for (int k = 0; k < 2; ++k) {
    a->lo[k] = 1e30f, a->hi[k] = -1e30f;
    for (int r = 0; r < n; ++r) a->lo[k] = std::min(a->lo[k], a->points[r * 2 + k]), a->hi[k] = std::max(a->hi[k], a->points[r * 2 + k]);
    if (a->hi[k] - a->lo[k] < 1e-6f) a->lo[k] -= 1.0f, a->hi[k] += 1.0f;
  }

  // Reconstruction errors, and the most anomalous test images.
  m->decode(a->codes.data(), n, y.data());
  a->errors.resize(n);
  for (int r = 0; r < n; ++r) {
    double s = 0.0;
    for (int i = 0; i < dim; ++i) {
      const double e = y[static_cast<size_t>(r) * dim + i] - x[static_cast<size_t>(r) * dim + i];
      s += e * e;
    }
    // A diverged model's NaN or infinite error counts as the worst a [0, 1] image can have.
    a->errors[r] = std::isfinite(s) ? static_cast<float>(s / dim) : 1.0f;
  }
  std::vector<int> order(n);
  for (int r = 0; r < n; ++r) order[r] = r;
  const int worst = std::min(n, 8);
  std::partial_sort(order.begin(), order.begin() + worst, order.end(),
                    [&](int i, int j) { return a->errors[i] > a->errors[j]; });
  a->worst.assign(order.begin(), order.begin() + worst);

  // Filters and decoder directions.
  a->filters = m->encoder_filters();
  a->bases_count = std::min(z, kMaxBases);
  std::vector<float> codes(static_cast<size_t>(a->bases_count + 1) * z);
  for (int b = 0; b <= a->bases_count; ++b) {
    std::copy(a->code_mean.begin(), a->code_mean.end(), codes.begin() + static_cast<size_t>(b) * z);
    if (b > 0) codes[static_cast<size_t>(b) * z + (b - 1)] += std::max(a->code_std[b - 1], 1e-3f);
  }
  std::vector<float> decoded(static_cast<size_t>(a->bases_count + 1) * dim);
  m->decode(codes.data(), a->bases_count + 1, decoded.data());
  a->bases.resize(static_cast<size_t>(a->bases_count) * dim);
  for (int b = 0; b < a->bases_count; ++b) {
    for (int i = 0; i < dim; ++i) a->bases[static_cast<size_t>(b) * dim + i] = decoded[static_cast<size_t>(b + 1) * dim + i] - decoded[i];
  }
  a->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return a;
}
}  // namespace

Analyzer::Work analysis_work() {
  return [previous_pca = Pca()](int, AnalysisJob& job, std::shared_ptr<const Analysis>* out) mutable {
    *out = analyse(job, &previous_pca);
    return *out != nullptr;
  };
}

}  // namespace aelab
