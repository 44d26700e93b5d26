// Conv2d forward/backward: stride 1 goes to the direct kernels (conv2d_direct.h), other shapes
// to im2col + GEMM; and the naive reference.
#include "conv2d.h"

#include <cmath>

#include "conv2d_direct.h"

namespace aelab {

namespace {
size_t col_floats(const Conv2dShape& s) { return static_cast<size_t>(s.h_out()) * s.w_out() * s.patch(); }
// One shard's dweight and dbias partials.
size_t shard_floats(const Conv2dShape& s) { return static_cast<size_t>(s.c_out) * s.patch() + s.c_out; }
}  // namespace

size_t conv2d_scratch_floats(const Conv2dShape& s, int threads) {
  if (conv2d_direct_fits(s)) return conv2d_direct_scratch_floats(s, threads);
  return kGradShards * shard_floats(s) + static_cast<size_t>(threads) * 2 * col_floats(s);
}

void conv2d_forward(ThreadPool& pool, const Conv2dShape& s, ConstMatRef x, ConstMatRef weight, ConstVecRef bias,
                    MatRef y, float* scratch, const SampleHooks* hooks) {
  if (conv2d_direct_fits(s)) return conv2d_direct_forward(pool, s, x, weight, bias, y, scratch, hooks);
  const ConvGeometry g = s.geometry();
  const int pixels = s.h_out() * s.w_out();
  float* cols = scratch + kGradShards * shard_floats(s);
  pool.parallel_for_thread(x.rows(), [&](int t, int64_t b0, int64_t b1) {
    float* col = cols + t * 2 * col_floats(s);
    for (int64_t b = b0; b < b1; ++b) {
      im2col(g, x.row(b).data(), col);
      MatMap yb(y.row(b).data(), s.c_out, pixels);
      yb.noalias() = weight * ConstMatMap(col, s.patch(), pixels);
      yb.colwise() += bias.transpose();
      after_sample(hooks, t, b);
    }
  });
}

void conv2d_backward(ThreadPool& pool, const Conv2dShape& s, ConstMatRef dy, ConstMatRef x, ConstMatRef weight,
                     MatRef dx, MatRef dweight, VecRef dbias, float* scratch, const SampleHooks* hooks) {
  if (conv2d_direct_fits(s))
    return conv2d_direct_backward(pool, s, dy, x, weight, dx, dweight, dbias, scratch, hooks);
  const ConvGeometry g = s.geometry();
  const int pixels = s.h_out() * s.w_out();
  const size_t per = col_floats(s);
  float* cols = scratch + kGradShards * shard_floats(s);
  for_each_grad_shard(pool, dy.rows(), scratch, dweight, dbias, [&](int t, MatMap dw, VecMap db, int64_t b0, int64_t b1) {
    float* colbuf = cols + t * 2 * per;
    float* dcol = colbuf + per;
    for (int64_t b = b0; b < b1; ++b) {
      ConstMatMap dyb(sample_dy(hooks, dy, t, b), s.c_out, pixels);
      im2col(g, x.row(b).data(), colbuf);
      ConstMatMap col(colbuf, s.patch(), pixels);
      dw.noalias() += dyb * col.transpose();
      db += dyb.rowwise().sum().transpose();
      if (dx.rows() > 0) {
        MatMap dc(dcol, s.patch(), pixels);
        dc.noalias() = weight.transpose() * dyb;
        dx.row(b).setZero();
        col2im_add(g, dcol, dx.row(b).data());
      }
    }
  });
}

void conv2d_forward_naive(const Conv2dShape& s, ConstMatRef x, ConstMatRef weight, ConstVecRef bias, MatRef y) {
  const int ho = s.h_out(), wo = s.w_out();
  for (int64_t b = 0; b < x.rows(); ++b)
    for (int co = 0; co < s.c_out; ++co)
      for (int oy = 0; oy < ho; ++oy)
        for (int ox = 0; ox < wo; ++ox) {
          double acc = bias[co];
          for (int ci = 0; ci < s.c_in; ++ci)
            for (int ky = 0; ky < s.k; ++ky)
              for (int kx = 0; kx < s.k; ++kx) {
                const int iy = oy * s.stride - s.pad + ky, ix = ox * s.stride - s.pad + kx;
                if (iy < 0 || iy >= s.h_in || ix < 0 || ix >= s.w_in) continue;
                acc += static_cast<double>(weight(co, (ci * s.k + ky) * s.k + kx)) *
                       x(b, (ci * s.h_in + iy) * s.w_in + ix);
              }
          y(b, (co * ho + oy) * wo + ox) = static_cast<float>(acc);
        }
}

void conv2d_init(Rng& rng, const Conv2dShape& s, MatRef weight, VecRef bias) {
  const float bound = 1.0f / std::sqrt(static_cast<float>(s.patch()));
  for (int64_t i = 0; i < weight.size(); ++i) weight.data()[i] = rng.uniform(-bound, bound);
  for (int64_t i = 0; i < bias.size(); ++i) bias[i] = rng.uniform(-bound, bound);
}

}  // namespace aelab
