// The explore views' heavy work, on a worker thread: the test set's codes, their 2-D projection
// (the code itself when it is 2-D, PCA otherwise), per-image reconstruction errors, the first
// layer's filters and the decoder's directions. The UI submits a parameter copy at most about
// once a second and picks results up with try_lock, so it never waits for this. Without threads
// (the page's single-threaded variant) submit() does the job itself.
#pragma once
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "aelab.h"
#include "pca.h"

namespace aelab {

struct Analysis {
  uint64_t revision = 0;  // the UI's parameter revision these results are for
  int count = 0, code_dim = 0, rows = 0, cols = 0;
  std::vector<float> codes;     // count x code_dim
  std::vector<uint8_t> labels;  // count
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
  std::vector<float> bases;     // bases_count x rows*cols
  double seconds = 0.0;         // how long the analysis took
};

class Analyzer {
 public:
  // The analysed set is capped: a map of 5,000 points says what 10,000 would.
  static constexpr int kMaxImages = 5000;
  static constexpr int kMaxBases = 64;
  ~Analyzer();
  bool busy() const { return busy_; }
  // Replaces any job not yet started; starts the thread on first use. Never waits for a job
  // (without threads: runs it before returning).
  void submit(const ModelConfig& config, std::vector<float> params, std::shared_ptr<const Dataset> test,
              uint64_t revision);
  // Non-blocking: the latest finished analysis when it is newer than *out.
  bool poll(std::shared_ptr<const Analysis>* out);

 private:
  struct Job {
    ModelConfig config;
    std::vector<float> params;
    std::shared_ptr<const Dataset> test;
    uint64_t revision = 0;
  };
  void run();
  void run_job();  // takes the queued job, publishes its result
  std::shared_ptr<Analysis> analyse(const Job& job);

  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool has_job_ = false, stop_ = false;
  Job job_;                                 // guarded by mutex_
  std::shared_ptr<const Analysis> result_;  // guarded by mutex_
  std::atomic<bool> busy_{false};
  Pca previous_pca_;                        // the thread's own: warm start and stable signs
};

}  // namespace aelab
