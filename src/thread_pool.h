// One pool of worker threads for native and wasm alike (std::thread; Emscripten pthreads).
// Work is split into contiguous pieces fixed by n and the thread count, and the layers hand it
// items fixed by the shapes (linear.cpp, grad_shards.h's kGradShards), each computed on its own:
// so nothing depends on timing or on which thread runs a piece, nor on the thread count.
//
// Threads claim pieces from a shared counter, the caller too: on a busy machine a worker that is
// not running claims nothing and the caller runs the whole job, about as fast as on one thread,
// instead of waiting a scheduler time slice for the worker's fixed share.
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
  // 1 <= threads <= usable_threads(threads), at most kMaxThreads; the caller is one of them.
  static constexpr int kMaxThreads = 1024;
  explicit ThreadPool(int threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int size() const { return threads_; }

  // Calls fn(begin, end) on `size()` contiguous slices of [0, n), on any of the threads, and
  // waits for all. Slices may be empty. Takes the callable by reference: nothing is allocated
  // per call.
  template <class F>
  void parallel_for(int64_t n, const F& fn) {
    if (threads_ == 1 || n < 2) {
      fn(int64_t{0}, n);
      return;
    }
    run(n, threads_, &invoke<F>, &fn);
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

  // Calls fn(thread, begin, end) on pieces of [0, n) (one item each, up to kMaxPieces pieces)
  // and waits for all; `thread` in [0, size()) is the thread running the piece, for per-thread
  // scratch buffers. For items computed independently of each other (a batch's samples, grad
  // shards), so small pieces balance the threads without changing a bit.
  static constexpr int64_t kMaxPieces = 64;
  template <class F>
  void parallel_for_thread(int64_t n, const F& fn) {
    if (threads_ == 1 || n < 2) {
      fn(0, int64_t{0}, n);
      return;
    }
    run(n, n < kMaxPieces ? n : kMaxPieces, &invoke_indexed<F>, &fn);
  }

 private:
  using Thunk = void (*)(const void*, int, int64_t, int64_t);
  template <class F>
  static void invoke(const void* f, int, int64_t b, int64_t e) { (*static_cast<const F*>(f))(b, e); }
  template <class F>
  static void invoke_indexed(const void* f, int t, int64_t b, int64_t e) {
    (*static_cast<const F*>(f))(t, b, e);
  }

  void run(int64_t n, int64_t pieces, Thunk thunk, const void* fn);
  // Claims and runs pieces of the job `generation` as thread `index` until none is left.
  void run_pieces(uint32_t generation, int index);
  void worker(int index);

  int threads_;
  std::vector<std::thread> workers_;
  // A job is published by storing claim_ = [generation:32 | pieces:16 | next piece:16] after
  // thunk_, fn_ and n_; a thread claims a piece by moving `next` up by one, and a thread late for
  // a job claims nothing of the next (the generation differs). completed_ counts finished pieces:
  // the job's fields stay valid until all are done, since the caller publishes nothing before. A
  // thread that stops spinning registers in sleepers_ / caller_sleeping_ before it re-checks and
  // waits, and the other side notifies only when it sees one registered (both sides sequentially
  // consistent: no lost wake-up).
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  std::atomic<uint64_t> claim_{0};
  std::atomic<int64_t> completed_{0};
  std::atomic<int> sleepers_{0};
  std::atomic<bool> caller_sleeping_{false};
  std::atomic<bool> stop_{false};
  uint32_t generation_ = 0;  // the caller's alone
  Thunk thunk_ = nullptr;
  const void* fn_ = nullptr;
  int64_t n_ = 0;
};

}  // namespace aelab
