// ThreadPool: workers spin, then sleep on a condition variable; every thread, the caller
// included, claims pieces of each job from one atomic word until none is left.
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

// The fields of the claim word (thread_pool.h).
uint32_t generation_of(uint64_t c) { return static_cast<uint32_t>(c >> 32); }
int64_t pieces_of(uint64_t c) { return static_cast<int64_t>((c >> 16) & 0xffff); }
int64_t next_of(uint64_t c) { return static_cast<int64_t>(c & 0xffff); }
}  // namespace

ThreadPool::ThreadPool(int threads) : threads_(threads) {
  AELAB_CHECK(threads >= 1 && threads <= usable_threads(threads) && threads <= kMaxThreads);
  static_assert(kMaxPieces < 0x10000 && kMaxThreads < 0x10000, "pieces fit the claim word's 16 bits");
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

void ThreadPool::run(int64_t n, int64_t pieces, Thunk thunk, const void* fn) {
  thunk_ = thunk;
  fn_ = fn;
  n_ = n;
  completed_.store(0);
  ++generation_;
  claim_.store(static_cast<uint64_t>(generation_) << 32 | static_cast<uint64_t>(pieces) << 16);  // publishes the job
  if (sleepers_.load() > 0) {
    std::lock_guard<std::mutex> lock(mutex_);  // a worker between its check and its wait sees the job
    wake_.notify_all();
  }
  run_pieces(generation_, 0);
  if (spin_until([&] { return completed_.load(std::memory_order_acquire) == pieces; })) return;
  std::unique_lock<std::mutex> lock(mutex_);
  caller_sleeping_.store(true);
  done_.wait(lock, [&] { return completed_.load() == pieces; });
  caller_sleeping_.store(false);
}

void ThreadPool::run_pieces(uint32_t generation, int index) {
  uint64_t c = claim_.load(std::memory_order_acquire);
  for (;;) {
    const int64_t pieces = pieces_of(c), p = next_of(c);
    if (generation_of(c) != generation || p >= pieces) return;
    if (!claim_.compare_exchange_weak(c, c + 1, std::memory_order_acq_rel, std::memory_order_acquire)) continue;
    // The job cannot finish before this piece does, so its fields are still this generation's.
    thunk_(fn_, index, n_ * p / pieces, n_ * (p + 1) / pieces);
    if (completed_.fetch_add(1) + 1 == pieces && caller_sleeping_.load()) {
      std::lock_guard<std::mutex> lock(mutex_);  // the caller is waiting or about to re-check
      done_.notify_one();
    }
    c = claim_.load(std::memory_order_acquire);
  }
}

void ThreadPool::worker(int index) {
  uint32_t seen = 0;
  const auto fresh = [&] { return generation_of(claim_.load(std::memory_order_acquire)) != seen || stop_.load(); };
  for (;;) {
    if (!spin_until(fresh)) {
      std::unique_lock<std::mutex> lock(mutex_);
      sleepers_.fetch_add(1);
      wake_.wait(lock, fresh);
      sleepers_.fetch_sub(1);
    }
    if (stop_.load()) return;
    seen = generation_of(claim_.load());
    run_pieces(seen, index);
  }
}

}  // namespace aelab
