// Linear forward/backward as Eigen GEMMs, split across threads along an output dimension so
// every element is written by exactly one thread and no cross-thread reduction is needed.
#include "linear.h"

#include <cmath>

namespace aelab {

void linear_forward(ThreadPool& pool, ConstMatRef x, ConstMatRef weight, ConstVecRef bias, MatRef y) {
  const int64_t flops_per_row = 2 * weight.rows() * weight.cols();
  pool.parallel_for(x.rows(), flops_per_row, [&](int64_t r0, int64_t r1) {
    if (r1 <= r0) return;
    const int64_t n = r1 - r0;
    y.middleRows(r0, n).noalias() = x.middleRows(r0, n) * weight.transpose();
    y.middleRows(r0, n).rowwise() += bias;
  });
}

void linear_backward(ThreadPool& pool, ConstMatRef dy, ConstMatRef x, ConstMatRef weight, MatRef dx,
                     MatRef dweight, VecRef dbias) {
  if (dx.rows() > 0) {
    const int64_t flops_per_row = 2 * weight.rows() * weight.cols();
    pool.parallel_for(dy.rows(), flops_per_row, [&](int64_t r0, int64_t r1) {
      if (r1 <= r0) return;
      dx.middleRows(r0, r1 - r0).noalias() = dy.middleRows(r0, r1 - r0) * weight;
    });
  }
  // Output feature o owns row o of dweight and element o of dbias.
  const int64_t flops_per_feature = 2 * dy.rows() * weight.cols();
  pool.parallel_for(weight.rows(), flops_per_feature, [&](int64_t o0, int64_t o1) {
    if (o1 <= o0) return;
    const int64_t n = o1 - o0;
    dweight.middleRows(o0, n).noalias() += dy.middleCols(o0, n).transpose() * x;
    dbias.segment(o0, n) += dy.middleCols(o0, n).colwise().sum();
  });
}

void linear_init(Rng& rng, MatRef weight, VecRef bias) {
  const float bound = 1.0f / std::sqrt(static_cast<float>(weight.cols()));
  for (int64_t i = 0; i < weight.size(); ++i) weight.data()[i] = rng.uniform(-bound, bound);
  for (int64_t i = 0; i < bias.size(); ++i) bias[i] = rng.uniform(-bound, bound);
}

}  // namespace aelab
