// The trainer: batches, denoising noise, pause/stop, test MSE per epoch, snapshots, on a thread
// or pumped a frame at a time. Nothing here touches ImGui or GL; the UI only sees what publish()
// copies out.
#include "trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "check.h"

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
  settings_ = settings;
  stop_ = false;
  paused_ = false;
  {
    std::lock_guard<std::mutex> lock(snap_mutex_);
    working_.state = TrainState::kRunning;
    working_.epochs = settings.epochs;
    working_.epoch = 0;
    working_.done = 0;
    working_.total = train_->count;
    working_.message.clear();
    working_.version = snap_.version;
  }
  const int dim = train_->dim(), batch = model_->config().batch;
  run_ = Run();
  run_.x.resize(static_cast<size_t>(batch) * dim);
  run_.target.resize(run_.x.size());
  run_.chunk.resize(static_cast<size_t>(kEvalChunk) * test_->dim());
  run_.order.resize(train_->count);
  run_.noise_rng = Rng(settings_.seed * 7919 + 17);
  run_.base_epoch = static_cast<float>(model_->epochs_trained());
  // A curve point every fixed number of steps (about 50 an epoch), not every so many seconds,
  // so that a replayed run draws the same curve whatever the machine's speed.
  run_.curve_every = std::max<int64_t>(1, (train_->count + batch - 1) / batch / 50);
  run_.started = run_.last_publish = Clock::now();
  run_.active = true;
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

void Trainer::pump(double budget_ms) {
  if (own_thread_ || !run_.active) return;
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
  run_.pause_began = Clock::now();
  publish(true);
}

void Trainer::leave_pause() {
  run_.paused_s += seconds_since(run_.pause_began);
  working_.state = TrainState::kRunning;
}

bool Trainer::advance() {
  Run& r = run_;
  if (!r.active) return false;
  if (r.test_first >= 0) {
    evaluate_chunk();
    return true;
  }
  if (r.epoch >= settings_.epochs) {
    finish(TrainState::kFinished);
    return false;
  }
  const Dataset& data = *train_;
  if (r.first == 0) {
    working_.epoch = r.epoch;
    working_.done = 0;
    if (settings_.shuffle) {
      shuffled_order(settings_.seed, model_->epochs_trained(), data.count, &r.order);
    } else {
      for (int i = 0; i < data.count; ++i) r.order[i] = i;
    }
  }
  if (stop_) {
    finish(TrainState::kStopped);
    return false;
  }
  if (r.first < data.count && !train_batch()) {
    finish(TrainState::kDiverged);
    return false;
  }
  if (r.first >= data.count) {
    // The epoch's batches are done: it counts as trained, then its test MSE, chunk by chunk.
    model_->set_epochs_trained(model_->epochs_trained() + 1);
    r.test_first = 0;
    r.test_sum = 0.0;
  }
  return true;
}

bool Trainer::train_batch() {
  Run& r = run_;
  Autoencoder& m = *model_;
  const Dataset& data = *train_;
  const int dim = data.dim(), n = std::min(m.config().batch, data.count - r.first);
  images_to_float(data, r.order.data(), r.first, n, r.target.data());
  std::copy(r.target.begin(), r.target.begin() + static_cast<size_t>(n) * dim, r.x.begin());
  if (settings_.noise > 0.0f) {
    for (size_t k = 0; k < static_cast<size_t>(n) * dim; ++k) {
      r.x[k] = std::clamp(r.x[k] + settings_.noise * r.noise_rng.normal(), 0.0f, 1.0f);
    }
  }
  const float loss = m.train_step(r.x.data(), r.target.data(), n);
  if (!std::isfinite(loss)) {
    // The step was refused: the model still holds the last good weights; finish() publishes those.
    working_.message = divergence_message(static_cast<int>(r.base_epoch) + r.epoch + 1, m.steps() + 1, m.config().lr);
    return false;
  }
  r.loss_sum += loss;
  r.loss_n += 1;
  r.examples += n;
  r.first += n;
  working_.done = r.first;
  if (r.loss_n >= r.curve_every) {
    working_.train_curve.push_back({r.base_epoch + working_.epoch + static_cast<float>(working_.done) / data.count,
                                    static_cast<float>(r.loss_sum / r.loss_n)});
    r.loss_sum = 0.0;
    r.loss_n = 0;
  }
  if (seconds_since(r.last_publish) >= 0.1) {
    r.last_publish = Clock::now();
    const double active_s = std::max(1e-6, seconds_since(r.started) - r.paused_s);
    working_.elapsed_s = active_s;
    working_.samples_per_s = r.examples / active_s;
    const double remaining = static_cast<double>(settings_.epochs - r.epoch) * data.count - working_.done;
    working_.eta_s = remaining / std::max(1.0, working_.samples_per_s);
    publish(true);
  }
  return true;
}

// The same chunks, summed in the same order, as evaluate_mse: the same test MSE bit for bit.
void Trainer::evaluate_chunk() {
  Run& r = run_;
  const Dataset& test = *test_;
  const int n = std::min(kEvalChunk, test.count - r.test_first);
  if (n > 0) {
    images_to_float(test, nullptr, r.test_first, n, r.chunk.data());
    r.test_sum += model_->squared_error(r.chunk.data(), r.chunk.data(), n);
    r.test_first += n;
  }
  if (r.test_first < test.count) return;
  const double test_mse = test.count > 0 ? r.test_sum / (static_cast<double>(test.count) * test.dim()) : 0.0;
  working_.test_curve.push_back({r.base_epoch + r.epoch + 1.0f, static_cast<float>(test_mse)});
  publish(true);
  r.test_first = -1;
  r.epoch += 1;
  r.first = 0;
}

void Trainer::finish(TrainState state) {
  Run& r = run_;
  const Dataset& data = *train_;
  if (r.loss_n > 0) {
    working_.train_curve.push_back({r.base_epoch + working_.epoch + static_cast<float>(working_.done) / data.count,
                                    static_cast<float>(r.loss_sum / r.loss_n)});
  }
  working_.state = state;
  working_.eta_s = 0.0;
  publish(true);
  r.active = false;
}

}  // namespace aelab
