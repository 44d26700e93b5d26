// One pool of worker threads for native and wasm alike (std::thread; Emscripten pthreads).
// Work is split into a fixed number of contiguous chunks, chunk i always on the same thread,
// so results depend only on the thread count, never on timing.
#pragma once
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
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  uint64_t generation_ = 0;
  int pending_ = 0;
  bool stop_ = false;
  Thunk thunk_ = nullptr;
  const void* fn_ = nullptr;
  int64_t n_ = 0;
};

}  // namespace aelab
