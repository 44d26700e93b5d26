// Linear forward/backward as Eigen GEMMs, split across threads into pieces that depend on the
// shapes only, so every element is written by exactly one piece, no cross-thread reduction is
// needed, and the thread count never changes a bit (1, 2 or 8 threads: the same result).
#include "linear.h"

#include <algorithm>
#include <cmath>

namespace aelab {

namespace {

// A large job is cut into fixed pieces, each its own product, whatever the thread count: how
// Eigen rounds a row can depend on the other rows of its call (with FMA kernels, rows past the
// last full register block take another path), so a thread's share must not decide the calls.
// A job below ThreadPool::kMinSplitWork (a shape-only test) stays one call on the caller.
constexpr int64_t kMaxPieces = 8;

// Rows [rows·p/P, rows·(p+1)/P) for P = min(kMaxPieces, rows/2): at least two rows a piece, as a
// one-row product takes Eigen's matrix-vector path.
int64_t row_pieces(int64_t rows) { return std::max<int64_t>(1, std::min(kMaxPieces, rows / 2)); }

// Calls fn(r0, n) once per piece of a `rows`-row job costing flops_per_row a row.
template <class F>
void for_row_pieces(ThreadPool& pool, int64_t rows, int64_t flops_per_row, const F& fn) {
  if (rows * flops_per_row < ThreadPool::kMinSplitWork) {
    fn(int64_t{0}, rows);
    return;
  }
  const int64_t pieces = row_pieces(rows);
  pool.parallel_for(pieces, [&](int64_t p0, int64_t p1) {
    for (int64_t p = p0; p < p1; ++p) {
      const int64_t r0 = rows * p / pieces, r1 = rows * (p + 1) / pieces;
      fn(r0, r1 - r0);
    }
  });
}

}  // namespace

void linear_forward(ThreadPool& pool, ConstMatRef x, ConstMatRef weight, ConstVecRef bias, MatRef y) {
  for_row_pieces(pool, x.rows(), 2 * weight.rows() * weight.cols(), [&](int64_t r0, int64_t n) {
    y.middleRows(r0, n).noalias() = x.middleRows(r0, n) * weight.transpose();
    y.middleRows(r0, n).rowwise() += bias;
  });
}

void linear_backward(ThreadPool& pool, ConstMatRef dy, ConstMatRef x, ConstMatRef weight, MatRef dx,
                     MatRef dweight, VecRef dbias) {
  if (dx.rows() > 0) {
    for_row_pieces(pool, dy.rows(), 2 * weight.rows() * weight.cols(), [&](int64_t r0, int64_t n) {
      dx.middleRows(r0, n).noalias() = dy.middleRows(r0, n) * weight;
    });
  }
  // Output feature o owns row o of dweight and element o of dbias; a large job is cut into
  // kMaxPieces pieces of features.
  const int64_t features = weight.rows(), flops_per_feature = 2 * dy.rows() * weight.cols();
  auto piece = [&](int64_t o0, int64_t n) {
    dweight.middleRows(o0, n).noalias() += dy.middleCols(o0, n).transpose() * x;
    dbias.segment(o0, n) += dy.middleCols(o0, n).colwise().sum();
  };
  if (features * flops_per_feature < ThreadPool::kMinSplitWork || features < kMaxPieces) {
    piece(0, features);
    return;
  }
  pool.parallel_for(kMaxPieces, [&](int64_t p0, int64_t p1) {
    for (int64_t p = p0; p < p1; ++p) {
      const int64_t o0 = features * p / kMaxPieces, o1 = features * (p + 1) / kMaxPieces;
      piece(o0, o1 - o0);
    }
  });
}

void linear_init(Rng& rng, MatRef weight, VecRef bias) {
  const float bound = 1.0f / std::sqrt(static_cast<float>(weight.cols()));
  for (int64_t i = 0; i < weight.size(); ++i) weight.data()[i] = rng.uniform(-bound, bound);
  for (int64_t i = 0; i < bias.size(); ++i) bias[i] = rng.uniform(-bound, bound);
}

}  // namespace aelab
