// One pool of worker threads for native and wasm alike (std::thread; Emscripten pthreads).
// Work is split into contiguous slices, slice i always on thread i, so nothing depends on
// timing; the layers hand it pieces fixed by the shapes (linear.cpp, grad_shards.h's kGradShards), so
// nothing depends on the thread count either.
//
// A training step hands the pool a dozen jobs of a few microseconds each. Waking a sleeping
// thread (condition variable, futex) costs about as much as such a job, so between jobs the
// threads spin on atomics for a while before they sleep; a pool left idle sleeps.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace aelab {

// Whether this build may start threads: every native build, and wasm built with -pthread. The
// single-threaded wasm build (the page without cross-origin isolation, README "Same run
// everywhere") has no SharedArrayBuffer: everything runs on the browser's main thread.
#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
inline constexpr bool kHaveThreads = false;
#else
inline constexpr bool kHaveThreads = true;
#endif

// The thread count a model really uses when `requested` are asked for: 1 without threads.
inline int usable_threads(int requested) { return kHaveThreads ? requested : 1; }

class ThreadPool {
 public:
  explicit ThreadPool(int threads);  // 1 <= threads <= usable_threads(threads); the caller is one of them
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int size() const { return threads_; }

  // Calls fn(begin, end) on `size()` contiguous slices of [0, n) at once and waits for all.
  // Slices may be empty. Takes the callable by reference: nothing is allocated per call.
  template <class F>
  void parallel_for(int64_t n, const F& fn) {
    if (threads_ == 1 || n < 2) {
      fn(int64_t{0}, n);
      return;
    }
    run(n, &invoke<F>, &fn);
  }

  // As parallel_for, but the whole of a small job runs as fn(0, n) on the caller: below
  // kMinSplitWork (n * work_per_item, counted in flops), the hand-off and the thinner GEMMs
  // cost more than the second thread gains. The choice depends only on the shapes, so the same
  // thread count still gives the same bits.
  static constexpr int64_t kMinSplitWork = 16000000;
  template <class F>
  void parallel_for(int64_t n, int64_t work_per_item, const F& fn) {
    if (n * work_per_item < kMinSplitWork) {
      fn(int64_t{0}, n);
      return;
    }
    parallel_for(n, fn);
  }

  // As parallel_for, but fn(thread, begin, end) also gets the slice's thread index in
  // [0, size()), for per-thread scratch buffers.
  template <class F>
  void parallel_for_thread(int64_t n, const F& fn) {
    if (threads_ == 1) {
      fn(0, int64_t{0}, n);
      return;
    }
    run(n, &invoke_indexed<F>, &fn);
  }

 private:
  using Thunk = void (*)(const void*, int, int64_t, int64_t);
  template <class F>
  static void invoke(const void* f, int, int64_t b, int64_t e) { (*static_cast<const F*>(f))(b, e); }
  template <class F>
  static void invoke_indexed(const void* f, int t, int64_t b, int64_t e) {
    (*static_cast<const F*>(f))(t, b, e);
  }

  void run(int64_t n, Thunk thunk, const void* fn);
  void worker(int index);
  void slice(int index, int64_t* begin, int64_t* end) const;

  int threads_;
  std::vector<std::thread> workers_;
  // A job is published by bumping generation_ (thunk_, fn_ and n_ are written before it);
  // pending_ counts the workers still running it. A thread that stops spinning registers in
  // sleepers_ / caller_sleeping_ before it re-checks and waits, and the other side notifies only
  // when it sees one registered (both sides sequentially consistent: no lost wake-up).
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  std::atomic<uint64_t> generation_{0};
  std::atomic<int> pending_{0};
  std::atomic<int> sleepers_{0};
  std::atomic<bool> caller_sleeping_{false};
  std::atomic<bool> stop_{false};
  Thunk thunk_ = nullptr;
  const void* fn_ = nullptr;
  int64_t n_ = 0;
};

}  // namespace aelab
