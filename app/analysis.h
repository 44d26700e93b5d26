// The explore views' heavy work, on a worker thread: the test set's codes, their 2-D projection
// (the code itself when it is 2-D, PCA otherwise), per-image reconstruction errors, the first
// layer's filters and the decoder's directions. The UI submits a parameter copy at most about
// once a second (latest_job_worker.h), so it never waits for this.
#pragma once
#include <memory>
#include <vector>

#include "aelab.h"
#include "latest_job_worker.h"
#include "pca.h"

namespace aelab {

struct Analysis {
  uint64_t revision = 0;  // the UI's parameter revision these results are for
  int count = 0, code_dim = 0, rows = 0, cols = 0, channels = 1;
  std::vector<float> codes;     // count x code_dim
  std::vector<uint8_t> labels;  // count, or empty: a set without labels
  bool projected = false;       // PCA (false: the first two code values themselves)
  Pca pca;
  std::vector<float> points;    // count x 2
  float lo[2] = {0, 0}, hi[2] = {1, 1};  // bounds of points
  std::vector<float> code_lo, code_hi, code_mean, code_std;  // per code dimension
  std::vector<float> errors;    // count: per-pixel MSE of each reconstruction
  std::vector<int> worst;       // indices of the largest errors, largest first
  Autoencoder::Filters filters;
  // decode(mean + std_i e_i) - decode(mean) for the first bases_count code dimensions.
  int bases_count = 0;
  std::vector<float> bases;     // bases_count x channels*rows*cols
  double seconds = 0.0;         // how long the analysis took
};

// The analysed set is capped: a map of 5,000 points says what 10,000 would.
inline constexpr int kMaxAnalysedImages = 5000;
inline constexpr int kMaxBases = 64;

struct AnalysisJob {
  ModelConfig config;
  std::vector<float> params;
  std::shared_ptr<const Dataset> test;
  uint64_t revision = 0;
};

// One slot; the work keeps the last PCA between jobs (warm start and stable signs).
using Analyzer = LatestJobWorker<AnalysisJob, std::shared_ptr<const Analysis>>;
Analyzer::Work analysis_work();

}  // namespace aelab
