// The app's trainer. It owns the Autoencoder while it trains and publishes snapshots (a
// parameter copy, progress and loss curves) under a mutex at most every ~100 ms; the UI reads
// them with try_lock, so it never waits for a training step. A run is a sequence of steps
// (advance()): on its own thread where the build has threads, else a time slice per frame
// (pump()) on the page's thread. Both go through the same steps, so they give the same bits.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "aelab.h"
#include "rng.h"
#include "thread_pool.h"

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

// Training time per frame when pumped (no threads): leaves a 60 Hz frame ~4 ms for the UI.
inline constexpr double kPumpBudgetMs = 12.0;

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
  // own_thread: runs train on a thread of their own; else the caller pumps them. The default is
  // the only choice a build without threads has (tests pump a threaded build's trainer too).
  explicit Trainer(bool own_thread = kHaveThreads);
  ~Trainer();
  // Takes the model and trains it. Curves continue from the model's epochs_trained().
  void start(std::unique_ptr<Autoencoder> model, std::shared_ptr<const Dataset> train,
             std::shared_ptr<const Dataset> test, const TrainSettings& settings);
  void set_paused(bool paused);
  void request_stop();
  // Without an own thread: trains on the calling thread for about budget_ms (at least one step)
  // and returns; the app calls it once a frame. With one, the thread trains and this does nothing.
  void pump(double budget_ms);
  // A run is under way or not yet joined.
  bool active() const { return own_thread_ ? thread_.joinable() : run_.active; }
  // Ends the run (after request_stop: at the next batch) and hands the model back (nullptr if
  // none). With threads it joins the thread; without, it takes the remaining steps here.
  std::unique_ptr<Autoencoder> join();
  // Forgets the curves (a new model); only while no run is active.
  void reset_curves();
  // Non-blocking: copies the latest snapshot into *out when it is newer than out->version.
  bool poll(TrainSnapshot* out);

 private:
  using Clock = std::chrono::steady_clock;
  // What a run carries from one step to the next.
  struct Run {
    std::vector<float> x, target, chunk;  // a batch's inputs and targets; a test chunk
    std::vector<int> order;
    Rng noise_rng{0};
    float base_epoch = 0.0f;
    int64_t curve_every = 1;             // batches per train-curve point
    int epoch = 0, first = 0;            // epoch in progress, first example of its next batch
    int test_first = -1;                 // >= 0: the epoch's batches are done, next test chunk
    double test_sum = 0.0;
    double loss_sum = 0.0;
    int64_t loss_n = 0, examples = 0;
    Clock::time_point started, last_publish, pause_began;
    double paused_s = 0.0;
    bool active = false;
  };
  void run();
  // One step: a training batch, or a chunk of the end-of-epoch test evaluation, or (stopped,
  // diverged or done) the final snapshot. False once the run is over.
  bool advance();
  bool train_batch();
  void evaluate_chunk();
  void finish(TrainState state);
  // Pause bookkeeping for both ways of running: the paused snapshot once, time not counted.
  void enter_pause();
  void leave_pause();
  void publish(bool with_params);

  const bool own_thread_;
  std::thread thread_;
  std::unique_ptr<Autoencoder> model_;
  std::shared_ptr<const Dataset> train_, test_;
  TrainSettings settings_;
  Run run_;  // the running side's own (the thread's, or the pumping UI's)
  std::atomic<bool> stop_{false};
  std::mutex pause_mutex_;
  std::condition_variable pause_cv_;
  bool paused_ = false;

  std::mutex snap_mutex_;
  TrainSnapshot snap_;      // guarded by snap_mutex_
  TrainSnapshot working_;   // the running side's own copy
};

}  // namespace aelab
