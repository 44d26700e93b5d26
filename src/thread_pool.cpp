// ThreadPool: workers spin, then sleep on a condition variable, and run their fixed slice of
// each job.
#include "thread_pool.h"

#include <chrono>

#include "check.h"

namespace aelab {

namespace {
// Longer than the gaps between a training step's jobs, far shorter than a pause in training.
constexpr auto kSpinTime = std::chrono::microseconds(100);

// Polls `done` for up to kSpinTime; true when it held.
template <class Done>
bool spin_until(const Done& done) {
  const auto until = std::chrono::steady_clock::now() + kSpinTime;
  for (;;) {
    for (int i = 0; i < 64; ++i) {
      if (done()) return true;
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#endif
    }
    if (std::chrono::steady_clock::now() >= until) return done();
    std::this_thread::yield();  // on a busy machine, the thread being waited for may need this core
  }
}
}  // namespace

ThreadPool::ThreadPool(int threads) : threads_(threads) {
  AELAB_CHECK(threads >= 1 && threads <= usable_threads(threads));
  for (int i = 1; i < threads_; ++i) workers_.emplace_back([this, i] { worker(i); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  for (std::thread& t : workers_) t.join();
}

void ThreadPool::slice(int index, int64_t* begin, int64_t* end) const {
  *begin = n_ * index / threads_;
  *end = n_ * (index + 1) / threads_;
}

void ThreadPool::run(int64_t n, Thunk thunk, const void* fn) {
  thunk_ = thunk;
  fn_ = fn;
  n_ = n;
  pending_.store(threads_ - 1);
  generation_.fetch_add(1);  // publishes the job (and the fields above) to spinning workers
  if (sleepers_.load() > 0) {
    std::lock_guard<std::mutex> lock(mutex_);  // a worker between its check and its wait sees the job
    wake_.notify_all();
  }
  int64_t b, e;
  slice(0, &b, &e);
  thunk(fn, 0, b, e);
  if (spin_until([this] { return pending_.load(std::memory_order_acquire) == 0; })) return;
  std::unique_lock<std::mutex> lock(mutex_);
  caller_sleeping_.store(true);
  done_.wait(lock, [this] { return pending_.load() == 0; });
  caller_sleeping_.store(false);
}

void ThreadPool::worker(int index) {
  uint64_t seen = 0;
  for (;;) {
    if (!spin_until([&] { return generation_.load(std::memory_order_acquire) != seen || stop_.load(); })) {
      std::unique_lock<std::mutex> lock(mutex_);
      sleepers_.fetch_add(1);
      wake_.wait(lock, [&] { return stop_.load() || generation_.load() != seen; });
      sleepers_.fetch_sub(1);
    }
    if (stop_.load()) return;
    seen = generation_.load();
    int64_t b, e;
    slice(index, &b, &e);
    thunk_(fn_, index, b, e);
    if (pending_.fetch_sub(1) == 1 && caller_sleeping_.load()) {
      std::lock_guard<std::mutex> lock(mutex_);  // the caller is waiting or about to re-check
      done_.notify_one();
    }
  }
}

}  // namespace aelab
