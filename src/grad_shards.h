// Weight gradients summed in fixed shards of the batch, so that they do not depend on the thread
// count: the one walk over shards that conv2d_backward and conv_transpose2d_backward share.
// Nothing here knows what a layer computes; the body it is handed does.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "dims.h"
#include "thread_pool.h"

namespace aelab {

// The weight gradient of a batch is summed in kGradShards fixed pieces of the batch (shard i:
// samples [B·i/S, B·(i+1)/S) for S = min(B, kGradShards)), then the pieces are added in order.
// Threads take whole shards, so which thread sums what cannot change a bit: 1, 2 or 8 threads
// give the same result.
constexpr int kGradShards = 8;

// The shards of a batch of `rows` (at most kGradShards, at least 1 sample each).
inline int grad_shards(int64_t rows) {
  return static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(rows, kGradShards)));
}

// Sums `count` partial blocks of n floats (block i at partials + i*stride) into out, in order.
// The zoo's blocks are a few thousand floats: below the pool's split threshold (counting an add
// as a flop), the caller adds them alone rather than pay a hand-off.
inline void add_partials(ThreadPool& pool, const float* partials, size_t stride, int count, int64_t n, float* out) {
  pool.parallel_for(n, count, [&](int64_t i0, int64_t i1) {
    for (int t = 0; t < count; ++t) {
      const float* p = partials + t * stride;
      for (int64_t i = i0; i < i1; ++i) out[i] += p[i];
    }
  });
}

// dweight += Σ_b (what body adds for sample b), dbias likewise, for the `batch` samples: each
// shard's partials (dw [dweight's shape] then db, zeroed first, at partials) get
// body(thread, dw, db, b0, b1) for the shard's samples [b0, b1); threads take whole shards; then
// the partials are added into dweight and dbias in shard order.
template <class Body>
void for_each_grad_shard(ThreadPool& pool, int64_t batch, float* partials, MatRef dweight, VecRef dbias,
                         const Body& body) {
  const int64_t rows = dweight.rows(), cols = dweight.cols(), wsize = rows * cols;
  const size_t stride = static_cast<size_t>(wsize + dbias.size());
  const int shards = grad_shards(batch);
  pool.parallel_for_thread(shards, [&](int t, int64_t s0, int64_t s1) {
    for (int64_t shard = s0; shard < s1; ++shard) {
      MatMap dw(partials + shard * stride, rows, cols);
      VecMap db(partials + shard * stride + wsize, dbias.size());
      dw.setZero();
      db.setZero();
      body(t, dw, db, batch * shard / shards, batch * (shard + 1) / shards);
    }
  });
  add_partials(pool, partials, stride, shards, wsize, dweight.data());
  add_partials(pool, partials + wsize, stride, shards, dbias.size(), dbias.data());
}

}  // namespace aelab
