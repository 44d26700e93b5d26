// Reconstructions of a few images by models that train elsewhere, on a worker thread: "compare
// runs" shows two conv models' reconstructions as they train, and a conv forward pass of ten
// images is too slow for the UI thread in the browser. One slot per model; the worker keeps a
// model per slot and only swaps in the newest parameters. Without threads (the page's
// single-threaded variant) submit() does the job itself.
#pragma once
#include <array>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "aelab.h"

namespace aelab {

class ReconstructWorker {
 public:
  static constexpr int kSlots = 2;
  ~ReconstructWorker();
  // Replaces the slot's job not yet started; starts the thread on first use. Never waits
  // (without threads: runs it before returning).
  void submit(int slot, const ModelConfig& config, std::vector<float> params, std::vector<float> inputs, int n);
  bool pending(int slot);
  // Non-blocking: moves the slot's newest reconstructions into *out (n x dim) when there are new ones.
  bool poll(int slot, std::vector<float>* out);

 private:
  struct Job {
    bool queued = false;
    ModelConfig config;
    std::vector<float> params, inputs;
    int n = 0;
  };
  void run();
  void run_job(int slot);  // the slot's queued job, start to result

  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::array<Job, kSlots> jobs_;                       // guarded by mutex_
  std::array<std::vector<float>, kSlots> results_;     // guarded by mutex_
  std::array<bool, kSlots> fresh_{}, running_{};       // guarded by mutex_
  std::array<std::unique_ptr<Autoencoder>, kSlots> models_;  // the thread's own
};

}  // namespace aelab
