// The app's training thread. It owns the Autoencoder while it trains and publishes snapshots
// (a parameter copy, progress and loss curves) under a mutex at most every ~100 ms; the UI
// reads them with try_lock, so it never waits for a training step.
#pragma once
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "aelab.h"

namespace aelab {

// kDiverged: a step's loss or gradients were NaN or infinite; the thread stopped there and the
// snapshot holds the last good weights and the message (the UI offers a reset).
enum class TrainState { kIdle, kRunning, kPaused, kFinished, kStopped, kDiverged };
const char* train_state_name(TrainState s);

struct TrainSettings {
  int epochs = 10;
  float noise = 0.0f;    // std of Gaussian noise added to inputs (denoising); targets stay clean
  bool shuffle = true;
  uint64_t seed = 1;
};

struct LossPoint {
  float epoch;  // fractional epoch at which the point was taken (x axis)
  float loss;
};

struct TrainSnapshot {
  uint64_t version = 0;
  TrainState state = TrainState::kIdle;
  std::vector<float> params;
  std::vector<LossPoint> train_curve;  // mean batch loss since the previous point
  std::vector<LossPoint> test_curve;   // test MSE after each epoch
  int epoch = 0, epochs = 0;           // epoch in progress (0-based), epochs asked for
  int64_t done = 0, total = 0;         // examples of this epoch
  double samples_per_s = 0.0, eta_s = 0.0, elapsed_s = 0.0;
  std::string message;                 // why training diverged (kDiverged only)
};

class Trainer {
 public:
  ~Trainer();
  // Takes the model and trains it on its own thread. Curves continue from `first_epoch`.
  void start(std::unique_ptr<Autoencoder> model, std::shared_ptr<const Dataset> train,
             std::shared_ptr<const Dataset> test, const TrainSettings& settings);
  void set_paused(bool paused);
  void request_stop();
  bool active() const { return thread_.joinable(); }
  // Joins a finished or stopping thread and hands the model back (nullptr if none).
  std::unique_ptr<Autoencoder> join();
  // Forgets the curves (a new model); only while no thread runs.
  void reset_curves();
  // Non-blocking: copies the latest snapshot into *out when it is newer than out->version.
  bool poll(TrainSnapshot* out);

 private:
  void run();
  void publish(bool with_params);

  std::thread thread_;
  std::unique_ptr<Autoencoder> model_;
  std::shared_ptr<const Dataset> train_, test_;
  TrainSettings settings_;
  std::atomic<bool> stop_{false};
  std::mutex pause_mutex_;
  std::condition_variable pause_cv_;
  bool paused_ = false;

  std::mutex snap_mutex_;
  TrainSnapshot snap_;      // guarded by snap_mutex_
  TrainSnapshot working_;   // the thread's own copy
};

}  // namespace aelab
