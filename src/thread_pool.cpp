// ThreadPool: workers sleep on a condition variable and run their fixed slice of each job.
#include "thread_pool.h"

#include "check.h"

namespace aelab {

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
  {
    std::lock_guard<std::mutex> lock(mutex_);
    thunk_ = thunk;
    fn_ = fn;
    n_ = n;
    pending_ = threads_ - 1;
    ++generation_;
  }
  wake_.notify_all();
  int64_t b, e;
  slice(0, &b, &e);
  thunk(fn, 0, b, e);
  std::unique_lock<std::mutex> lock(mutex_);
  done_.wait(lock, [this] { return pending_ == 0; });
}

void ThreadPool::worker(int index) {
  uint64_t seen = 0;
  for (;;) {
    Thunk thunk;
    const void* fn;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
      if (stop_) return;
      seen = generation_;
      thunk = thunk_;
      fn = fn_;
    }
    int64_t b, e;
    slice(index, &b, &e);
    thunk(fn, index, b, e);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (--pending_ == 0) done_.notify_one();
    }
  }
}

}  // namespace aelab
