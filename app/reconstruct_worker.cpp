// The reconstruction worker: one queued job per slot, newest parameters win.
#include "reconstruct_worker.h"

#include "thread_pool.h"

namespace aelab {

ReconstructWorker::~ReconstructWorker() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ReconstructWorker::submit(int slot, const ModelConfig& config, std::vector<float> params, std::vector<float> inputs,
                               int n) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    jobs_[slot] = Job{true, config, std::move(params), std::move(inputs), n};
  }
  if (!kHaveThreads) {
    run_job(slot);
    return;
  }
  if (!thread_.joinable()) thread_ = std::thread(&ReconstructWorker::run, this);
  wake_.notify_all();
}

bool ReconstructWorker::pending(int slot) {
  std::unique_lock<std::mutex> lock(mutex_, std::try_to_lock);
  return !lock.owns_lock() || jobs_[slot].queued || running_[slot];
}

bool ReconstructWorker::poll(int slot, std::vector<float>* out) {
  std::unique_lock<std::mutex> lock(mutex_, std::try_to_lock);
  if (!lock.owns_lock() || !fresh_[slot]) return false;
  fresh_[slot] = false;
  out->swap(results_[slot]);
  return true;
}

void ReconstructWorker::run() {
  for (;;) {
    int slot = -1;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stop_ || jobs_[0].queued || jobs_[1].queued; });
      if (stop_) return;
      slot = jobs_[0].queued ? 0 : 1;
    }
    run_job(slot);
  }
}

void ReconstructWorker::run_job(int slot) {
  Job job;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    job = std::move(jobs_[slot]);
    jobs_[slot].queued = false;
    running_[slot] = true;
  }
  std::unique_ptr<Autoencoder>& m = models_[slot];
  if (!m || m->config().model != job.config.model || m->param_count() != static_cast<int64_t>(job.params.size())) {
    std::string error;
    m = Autoencoder::create(job.config, 1, &error);
  }
  std::vector<float> out;
  if (m && m->set_parameters(job.params) && static_cast<int>(job.inputs.size()) == job.n * m->input_dim()) {
    out.resize(static_cast<size_t>(job.n) * m->input_dim());
    m->reconstruct(job.inputs.data(), job.n, out.data());
  }
  std::lock_guard<std::mutex> lock(mutex_);
  running_[slot] = false;
  if (!out.empty()) {
    results_[slot] = std::move(out);
    fresh_[slot] = true;
  }
}

}  // namespace aelab
