// The trainer: the core's loop driven on a thread or pumped a frame at a time, with pause, stop,
// live edits, loss curves and snapshots. Nothing here touches ImGui or GL; the UI only sees
// what publish() copies out.
#include "trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "check.h"
#include "run_fields.h"

namespace aelab {

namespace {
using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }
}  // namespace

const char* train_state_name(TrainState s) {
  switch (s) {
    case TrainState::kIdle: return "idle";
    case TrainState::kRunning: return "training";
    case TrainState::kPaused: return "paused";
    case TrainState::kFinished: return "finished";
    case TrainState::kStopped: return "stopped";
    case TrainState::kDiverged: return "diverged";
  }
  return "?";
}

Trainer::Trainer(bool own_thread) : own_thread_(own_thread) { AELAB_CHECK(!own_thread || kHaveThreads); }

Trainer::~Trainer() {
  request_stop();
  join();
}

void Trainer::start(std::unique_ptr<Autoencoder> model, std::shared_ptr<const Dataset> train,
                    std::shared_ptr<const Dataset> test, const TrainSettings& settings) {
  join();
  model_ = std::move(model);
  train_ = std::move(train);
  test_ = std::move(test);
  stop_ = false;
  paused_ = false;
  {
    std::lock_guard<std::mutex> lock(edit_mutex_);
    pending_edits_.clear();
  }
  Run run;
  run.epochs = model_->epochs_trained() + settings.epochs;
  run.shuffle = settings.shuffle;
  run.edits = settings.edits;
  // A model trained elsewhere (a loaded file) continues from its next epoch's first batch.
  loop_ = std::make_unique<TrainLoop>(*model_, *train_, *test_, run, LoopOptions{false, false});
  {
    std::lock_guard<std::mutex> lock(snap_mutex_);
    working_.state = TrainState::kRunning;
    working_.epochs = settings.epochs;
    working_.epoch = 0;
    working_.done = loop_->done();
    working_.total = train_->count;
    working_.message.clear();
    working_.edits = loop_->edits();
    working_.steps = model_->steps();
    working_.version = snap_.version;
  }
  progress_ = Progress();
  progress_.first_epoch = model_->epochs_trained();
  progress_.started = progress_.last_publish = Clock::now();
  progress_.active = true;
  if (own_thread_) thread_ = std::thread(&Trainer::run, this);
}

void Trainer::set_paused(bool paused) {
  std::lock_guard<std::mutex> lock(pause_mutex_);
  paused_ = paused;
  pause_cv_.notify_all();
}

void Trainer::request_stop() {
  stop_ = true;
  set_paused(false);
}

bool Trainer::edit(const std::string& key, double value) {
  const RunField* f = find_field(key);
  ModelConfig probe;
  if (!f || !set_live_value(*f, value, &probe)) return false;
  std::lock_guard<std::mutex> lock(edit_mutex_);
  pending_edits_.emplace_back(key, value);
  return true;
}

void Trainer::pump(double budget_ms) {
  if (own_thread_ || !progress_.active) return;
  const Clock::time_point t0 = Clock::now();
  if (paused_) {
    if (working_.state != TrainState::kPaused) enter_pause();
    return;
  }
  if (working_.state == TrainState::kPaused) leave_pause();
  while (advance() && seconds_since(t0) * 1000.0 < budget_ms) {
  }
}

std::unique_ptr<Autoencoder> Trainer::join() {
  if (thread_.joinable()) thread_.join();
  // Without threads the rest of the run happens here (a thread would have run it by now).
  while (advance()) {
  }
  return std::move(model_);
}

void Trainer::reset_curves() {
  std::lock_guard<std::mutex> lock(snap_mutex_);
  working_ = TrainSnapshot();
  working_.version = snap_.version;
  snap_.train_curve.clear();
  snap_.test_curve.clear();
  snap_.state = TrainState::kIdle;
  snap_.version += 1;
}

bool Trainer::poll(TrainSnapshot* out) {
  std::unique_lock<std::mutex> lock(snap_mutex_, std::try_to_lock);
  if (!lock.owns_lock() || snap_.version == out->version) return false;
  *out = snap_;
  return true;
}

void Trainer::publish(bool with_params) {
  if (with_params) working_.params = model_->parameters();
  std::lock_guard<std::mutex> lock(snap_mutex_);
  working_.version = snap_.version + 1;
  std::vector<float> keep;
  if (!with_params) keep = snap_.params;  // a progress-only update keeps the last weights
  snap_ = working_;
  if (!with_params) snap_.params = std::move(keep);
}

// ---------------------------------------------------------------- the steps

void Trainer::run() {
  do {
    std::unique_lock<std::mutex> lock(pause_mutex_);
    if (paused_) {
      lock.unlock();
      enter_pause();
      lock.lock();
      pause_cv_.wait(lock, [this] { return !paused_; });
      lock.unlock();
      leave_pause();
    }
  } while (advance());
}

void Trainer::enter_pause() {
  working_.state = TrainState::kPaused;
  progress_.pause_began = Clock::now();
  publish(true);
}

void Trainer::leave_pause() {
  progress_.paused_s += seconds_since(progress_.pause_began);
  working_.state = TrainState::kRunning;
}

// Queued live edits join the loop's timeline at the step they apply to.
void Trainer::take_edits() {
  std::vector<std::pair<std::string, double>> edits;
  {
    std::lock_guard<std::mutex> lock(edit_mutex_);
    edits.swap(pending_edits_);
  }
  for (const auto& [key, value] : edits) loop_->add_edit(key, value);
  if (!edits.empty()) working_.edits = loop_->edits();
}

bool Trainer::advance() {
  if (!progress_.active) return false;
  // A stop lands between batches; an epoch whose batches are done is evaluated first.
  if (stop_ && !loop_->evaluating()) {
    finish(TrainState::kStopped);
    return false;
  }
  take_edits();
  switch (loop_->advance()) {
    case LoopStep::kBatch:
      after_batch();
      return true;
    case LoopStep::kEvalChunk:
      return true;
    case LoopStep::kEpochEnd:
      take_curves();
      working_.test_mse = loop_->test_mse();
      working_.epoch = loop_->epoch() - progress_.first_epoch;
      working_.done = 0;
      publish_progress();
      return true;
    case LoopStep::kDiverged:
      // The step was refused: the model still holds the last good weights; finish() publishes those.
      working_.message = divergence_message(loop_->epoch() + 1, model_->steps() + 1, model_->config().lr);
      finish(TrainState::kDiverged);
      return false;
    case LoopStep::kDone:
      finish(TrainState::kFinished);
      return false;
  }
  return false;
}

// The loop's new curve points join the snapshot's (which go on across starts).
void Trainer::take_curves() {
  Progress& p = progress_;
  const std::vector<LossPoint>& train = loop_->train_curve();
  const std::vector<LossPoint>& test = loop_->test_curve();
  working_.train_curve.insert(working_.train_curve.end(), train.begin() + static_cast<long>(p.train_points), train.end());
  working_.test_curve.insert(working_.test_curve.end(), test.begin() + static_cast<long>(p.test_points), test.end());
  p.train_points = train.size();
  p.test_points = test.size();
}

void Trainer::after_batch() {
  Progress& p = progress_;
  p.examples += loop_->last_batch();
  working_.epoch = loop_->epoch() - p.first_epoch;
  // After an epoch's last batch the loop counts the epoch as trained: the bar shows it full.
  working_.done = loop_->evaluating() ? train_->count : loop_->done();
  working_.steps = model_->steps();
  take_curves();
  publish_progress();
}

// Every snapshot makes the UI redraw the windows it changes, and on a 2-core machine (or in a
// browser rasterising WebGL on the CPU) that work comes out of the trainer's time: at most
// kPublishEverySeconds apart, epoch ends included (small data sets end several epochs a second).
void Trainer::publish_progress() {
  Progress& p = progress_;
  if (seconds_since(p.last_publish) < kPublishEverySeconds) return;
  p.last_publish = Clock::now();
  update_rates();
  publish(true);
}

void Trainer::update_rates() {
  const Progress& p = progress_;
  const double active_s = std::max(1e-6, seconds_since(p.started) - p.paused_s);
  working_.elapsed_s = active_s;
  working_.samples_per_s = p.examples / active_s;
  const double remaining =
      static_cast<double>(loop_->epochs() - loop_->epoch()) * train_->count - static_cast<double>(loop_->done());
  working_.eta_s = remaining / std::max(1.0, working_.samples_per_s);
}

void Trainer::finish(TrainState state) {
  Progress& p = progress_;
  loop_->flush_curve();
  take_curves();
  update_rates();  // the whole run's figures, however short it was
  working_.state = state;
  working_.eta_s = 0.0;
  working_.steps = model_->steps();
  publish(true);
  p.active = false;
}

}  // namespace aelab
