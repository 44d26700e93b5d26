// What a convolution runs on each sample as soon as it has finished it: the network hands it the
// row-local layers that follow it (ReLU, max-pool, upsample; network.cpp), so they see the sample
// while it is still in cache and run on the convolution's threads, instead of making passes of
// their own over the whole batch on one thread. Nothing here knows what those layers compute.
#pragma once
#include <cstdint>

#include "dims.h"

namespace aelab {

struct SampleHooks {
  const void* ctx = nullptr;
  // Forward: called on thread `thread` once sample b's output row is complete.
  void (*after_forward)(const void* ctx, int thread, int64_t b) = nullptr;
  // Backward: sample b's dy row (the gradient of the convolution's output), computed from the
  // followers' gradient when asked for; valid until the same thread's next call. When set, dy's
  // rows are not read (dy.rows() is still the batch).
  const float* (*dy_row)(const void* ctx, int thread, int64_t b) = nullptr;
};

// The helpers the convolutions call; hooks may be null.
inline void after_sample(const SampleHooks* hooks, int thread, int64_t b) {
  if (hooks && hooks->after_forward) hooks->after_forward(hooks->ctx, thread, b);
}
inline const float* sample_dy(const SampleHooks* hooks, ConstMatRef dy, int thread, int64_t b) {
  return hooks && hooks->dy_row ? hooks->dy_row(hooks->ctx, thread, b) : dy.row(b).data();
}

}  // namespace aelab
