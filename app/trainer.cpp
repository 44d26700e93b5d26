// The training thread: batches, denoising noise, pause/stop, test MSE per epoch, snapshots.
// Nothing here touches ImGui or GL; the UI only sees what publish() copies out.
#include "trainer.h"

#include <algorithm>
#include <chrono>

#include "rng.h"

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
  }
  return "?";
}

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
    working_.version = snap_.version;
  }
  thread_ = std::thread(&Trainer::run, this);
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

std::unique_ptr<Autoencoder> Trainer::join() {
  if (thread_.joinable()) thread_.join();
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

void Trainer::run() {
  Autoencoder& m = *model_;
  const Dataset& data = *train_;
  const int dim = data.dim(), batch = m.config().batch;
  std::vector<float> x(static_cast<size_t>(batch) * dim), target(x.size());
  std::vector<int> order(data.count);
  Rng noise_rng(settings_.seed * 7919 + 17);
  const float base_epoch = static_cast<float>(m.epochs_trained());
  const Clock::time_point t_start = Clock::now();
  Clock::time_point last_publish = Clock::now();
  double paused_s = 0.0;
  int64_t examples_total = 0;
  double loss_sum = 0.0;
  int64_t loss_n = 0;
  bool stopped = false;
  // A curve point every fixed number of steps (about 50 an epoch), not every so many seconds,
  // so that a replayed run draws the same curve whatever the machine's speed.
  const int64_t curve_every = std::max<int64_t>(1, (data.count + batch - 1) / batch / 50);

  for (int e = 0; e < settings_.epochs && !stopped; ++e) {
    working_.epoch = e;
    working_.done = 0;
    if (settings_.shuffle) {
      shuffled_order(settings_.seed, m.epochs_trained(), data.count, &order);
    } else {
      for (int i = 0; i < data.count; ++i) order[i] = i;
    }
    for (int first = 0; first < data.count; first += batch) {
      if (stop_) {
        stopped = true;
        break;
      }
      {
        std::unique_lock<std::mutex> lock(pause_mutex_);
        if (paused_) {
          working_.state = TrainState::kPaused;
          lock.unlock();
          publish(true);
          lock.lock();
          const Clock::time_point t_pause = Clock::now();
          pause_cv_.wait(lock, [this] { return !paused_; });
          paused_s += seconds_since(t_pause);
          working_.state = TrainState::kRunning;
        }
      }
      const int n = std::min(batch, data.count - first);
      images_to_float(data, order.data(), first, n, target.data());
      std::copy(target.begin(), target.begin() + static_cast<size_t>(n) * dim, x.begin());
      if (settings_.noise > 0.0f) {
        for (size_t k = 0; k < static_cast<size_t>(n) * dim; ++k) {
          x[k] = std::clamp(x[k] + settings_.noise * noise_rng.normal(), 0.0f, 1.0f);
        }
      }
      loss_sum += m.train_step(x.data(), target.data(), n);
      loss_n += 1;
      examples_total += n;
      working_.done = first + n;
      if (loss_n >= curve_every) {
        working_.train_curve.push_back(
            {base_epoch + working_.epoch + static_cast<float>(working_.done) / data.count,
             static_cast<float>(loss_sum / loss_n)});
        loss_sum = 0.0;
        loss_n = 0;
      }
      if (seconds_since(last_publish) >= 0.1) {
        last_publish = Clock::now();
        const double active_s = std::max(1e-6, seconds_since(t_start) - paused_s);
        working_.elapsed_s = active_s;
        working_.samples_per_s = examples_total / active_s;
        const double remaining = static_cast<double>(settings_.epochs - e) * data.count - working_.done;
        working_.eta_s = remaining / std::max(1.0, working_.samples_per_s);
        publish(true);
      }
    }
    if (stopped) break;
    m.set_epochs_trained(m.epochs_trained() + 1);
    const double test_mse = evaluate_mse(m, *test_);
    working_.test_curve.push_back({base_epoch + e + 1.0f, static_cast<float>(test_mse)});
    publish(true);
  }
  if (loss_n > 0) {
    working_.train_curve.push_back(
        {base_epoch + working_.epoch + static_cast<float>(working_.done) / data.count,
             static_cast<float>(loss_sum / loss_n)});
  }
  working_.state = stopped ? TrainState::kStopped : TrainState::kFinished;
  working_.eta_s = 0.0;
  publish(true);
}

}  // namespace aelab
