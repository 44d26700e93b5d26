// The app's trainer: a driver over the core's one loop (train_loop.h). It owns the
// Autoencoder while it trains and publishes snapshots (a parameter copy, progress, loss curves
// and the run's timeline) under a mutex at most every kPublishEverySeconds; the UI reads them with
// try_lock, so it never waits for a training step. The loop's steps run on a thread of their
// own where the build has threads, else a time slice per frame (pump()) on the page's thread:
// the same steps, so the same bits. Live edits (learning rate, noise level, penalty weights)
// reach the loop through a queue and join the run's timeline at the step they apply to.
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
#include "thread_pool.h"
#include "train_loop.h"

namespace aelab {

// kDiverged: a step's loss or gradients were NaN or infinite; the thread stopped there and the
// snapshot holds the last good weights and the message (the UI offers a reset).
enum class TrainState { kIdle, kRunning, kPaused, kFinished, kStopped, kDiverged };
const char* train_state_name(TrainState s);

// What a start adds to the model's own settings (its config holds the rest, noise included).
struct TrainSettings {
  int epochs = 10;               // more epochs, from the model's epochs_trained()
  bool shuffle = false;
  std::vector<RunEdit> edits;    // the timeline to replay (steps count from the model's first)
};

// Training time per frame when pumped (no threads): leaves a 60 Hz frame ~4 ms for the UI.
inline constexpr double kPumpBudgetMs = 12.0;
// Progress snapshots while training (pause, stop and the end publish at once).
inline constexpr double kPublishEverySeconds = 0.25;

struct TrainSnapshot {
  uint64_t version = 0;
  TrainState state = TrainState::kIdle;
  std::vector<float> params;
  std::vector<LossPoint> train_curve;  // the loop's (train_loop.h), across every start since a reset
  std::vector<LossPoint> test_curve;
  // The last epoch's test MSE as the loop computed it: the curve keeps floats, and 9 digits of
  // a float do not say which double the command line printed with 9 digits.
  double test_mse = 0.0;
  int epoch = 0, epochs = 0;           // epoch in progress (0-based), epochs asked for
  int64_t done = 0, total = 0;         // examples of this epoch
  double samples_per_s = 0.0, eta_s = 0.0, elapsed_s = 0.0;
  std::string message;                 // why training diverged (kDiverged only)
  std::vector<RunEdit> edits;          // the run's timeline so far: replayed and live edits
  int64_t steps = 0;                   // optimizer steps the model has made
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
  // A live edit of a live field (run_fields.h); false, with nothing queued, for another key or
  // a value out of its range. Applies before the loop's next batch.
  bool edit(const std::string& key, double value);
  // Without an own thread: trains on the calling thread for about budget_ms (at least one step)
  // and returns; the app calls it once a frame. With one, the thread trains and this does nothing.
  void pump(double budget_ms);
  // A run is under way or not yet joined.
  bool active() const { return own_thread_ ? thread_.joinable() : progress_.active; }
  // Ends the run (after request_stop: at the next batch) and hands the model back (nullptr if
  // none). With threads it joins the thread; without, it takes the remaining steps here.
  std::unique_ptr<Autoencoder> join();
  // Forgets the curves (a new model); only while no run is active.
  void reset_curves();
  // Non-blocking: copies the latest snapshot into *out when it is newer than out->version.
  bool poll(TrainSnapshot* out);

 private:
  using Clock = std::chrono::steady_clock;
  // What the driver keeps beside the loop: clocks, the start's epoch, the curve points copied.
  struct Progress {
    int first_epoch = 0;                 // the model's epochs_trained() at start
    size_t train_points = 0, test_points = 0;  // of the loop's curves, in the snapshot already
    int64_t examples = 0;
    Clock::time_point started, last_publish, pause_began;
    double paused_s = 0.0;
    bool active = false;
  };
  void run();
  // One step: a training batch, or a chunk of the end-of-epoch test evaluation, or (stopped,
  // diverged or done) the final snapshot. False once the run is over.
  bool advance();
  void after_batch();
  void publish_progress();  // a snapshot with the progress figures, if the last is old enough
  void update_rates();      // samples/s, training time and ETA, from the clocks
  void take_curves();
  void take_edits();
  void finish(TrainState state);
  // Pause bookkeeping for both ways of running: the paused snapshot once, time not counted.
  void enter_pause();
  void leave_pause();
  void publish(bool with_params);

  const bool own_thread_;
  std::thread thread_;
  std::unique_ptr<Autoencoder> model_;
  std::shared_ptr<const Dataset> train_, test_;
  std::unique_ptr<TrainLoop> loop_;  // the running side's own (the thread's, or the pumping UI's)
  Progress progress_;
  std::mutex edit_mutex_;
  std::vector<std::pair<std::string, double>> pending_edits_;  // guarded by edit_mutex_
  std::atomic<bool> stop_{false};
  std::mutex pause_mutex_;
  std::condition_variable pause_cv_;
  bool paused_ = false;

  std::mutex snap_mutex_;
  TrainSnapshot snap_;      // guarded by snap_mutex_
  TrainSnapshot working_;   // the running side's own copy
};

}  // namespace aelab
