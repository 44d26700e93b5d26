// A worker thread where the latest job wins: submit() replaces a slot's job not yet started and
// never waits, poll() takes a slot's newest result with try_lock, so the UI thread never blocks
// on the work. Slots are independent queues of one job each, served by the one thread (the
// comparison's two runs share a worker, as the page's thread pool is small). Without threads
// (the page's single-threaded variant) submit() does the job itself before returning.
#pragma once
#include <array>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

#include "thread_pool.h"

namespace aelab {

template <class Job, class Result, int kSlots = 1>
class LatestJobWorker {
 public:
  // Runs on the worker's thread, one job at a time, so it may keep state between jobs (a model,
  // a warm start). False: no result to publish.
  using Work = std::function<bool(int slot, Job& job, Result* result)>;

  explicit LatestJobWorker(Work work) : work_(std::move(work)) {}
  ~LatestJobWorker() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
  }
  LatestJobWorker(const LatestJobWorker&) = delete;
  LatestJobWorker& operator=(const LatestJobWorker&) = delete;

  // Starts the thread on first use.
  void submit(int slot, Job job) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      slots_[slot].job = std::move(job);
      slots_[slot].queued = true;
    }
    if (!kHaveThreads) {
      run_job(slot);
      return;
    }
    if (!thread_.joinable()) thread_ = std::thread(&LatestJobWorker::run, this);
    wake_.notify_all();
  }
  // A job of the slot is queued or running (or the worker is busy publishing: ask again later).
  bool busy(int slot) {
    std::unique_lock<std::mutex> lock(mutex_, std::try_to_lock);
    return !lock.owns_lock() || slots_[slot].queued || slots_[slot].running;
  }
  // Non-blocking: moves the slot's newest result into *out when there is one not yet taken.
  bool poll(int slot, Result* out) {
    std::unique_lock<std::mutex> lock(mutex_, std::try_to_lock);
    if (!lock.owns_lock() || !slots_[slot].fresh) return false;
    slots_[slot].fresh = false;
    *out = std::move(slots_[slot].result);
    return true;
  }

 private:
  struct Slot {  // guarded by mutex_
    Job job;
    Result result;
    bool queued = false, running = false, fresh = false;
  };

  void run() {
    for (;;) {
      int slot = 0;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [this] { return stop_ || queued_slot() >= 0; });
        if (stop_) return;
        slot = queued_slot();
      }
      run_job(slot);
    }
  }
  int queued_slot() const {  // under mutex_; the lowest queued slot, -1 for none
    for (int i = 0; i < kSlots; ++i) {
      if (slots_[i].queued) return i;
    }
    return -1;
  }
  void run_job(int slot) {
    Job job;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      job = std::move(slots_[slot].job);
      slots_[slot].queued = false;
      slots_[slot].running = true;
    }
    Result result{};
    const bool ok = work_(slot, job, &result);
    std::lock_guard<std::mutex> lock(mutex_);
    slots_[slot].running = false;
    if (ok) {
      slots_[slot].result = std::move(result);
      slots_[slot].fresh = true;
    }
  }

  Work work_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;  // guarded by mutex_
  std::array<Slot, kSlots> slots_;
};

}  // namespace aelab
