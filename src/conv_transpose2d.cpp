// ConvTranspose2d forward/backward: non-overlapping windows go to the direct kernels
// (conv_transpose2d_direct.h), other shapes to GEMM + col2im / im2col; and the naive reference.
#include "conv_transpose2d.h"

#include <cmath>

#include "conv_transpose2d_direct.h"

namespace aelab {

namespace {
size_t cols_floats(const ConvTranspose2dShape& s) { return static_cast<size_t>(s.h_in) * s.w_in * s.patch(); }
size_t shard_floats(const ConvTranspose2dShape& s) { return static_cast<size_t>(s.c_in) * s.patch() + s.c_out; }
}  // namespace

size_t conv_transpose2d_scratch_floats(const ConvTranspose2dShape& s, int threads) {
  if (conv_transpose2d_direct_fits(s)) return conv_transpose2d_direct_scratch_floats(s, threads);
  return kGradShards * shard_floats(s) + static_cast<size_t>(threads) * cols_floats(s);
}

void conv_transpose2d_forward(ThreadPool& pool, const ConvTranspose2dShape& s, ConstMatRef x, ConstMatRef weight,
                              ConstVecRef bias, MatRef y, float* scratch, const SampleHooks* hooks) {
  if (conv_transpose2d_direct_fits(s))
    return conv_transpose2d_direct_forward(pool, s, x, weight, bias, y, scratch, hooks);
  const ConvGeometry g = s.geometry();
  const int in_pixels = s.h_in * s.w_in, out_pixels = s.h_out() * s.w_out();
  float* per_thread = scratch + kGradShards * shard_floats(s);
  pool.parallel_for_thread(x.rows(), [&](int t, int64_t b0, int64_t b1) {
    float* cols = per_thread + t * cols_floats(s);
    for (int64_t b = b0; b < b1; ++b) {
      ConstMatMap xb(x.row(b).data(), s.c_in, in_pixels);
      MatMap(cols, s.patch(), in_pixels).noalias() = weight.transpose() * xb;
      y.row(b).setZero();
      col2im_add(g, cols, y.row(b).data());
      MatMap(y.row(b).data(), s.c_out, out_pixels).colwise() += bias.transpose();
      after_sample(hooks, t, b);
    }
  });
}

void conv_transpose2d_backward(ThreadPool& pool, const ConvTranspose2dShape& s, ConstMatRef dy, ConstMatRef x,
                               ConstMatRef weight, MatRef dx, MatRef dweight, VecRef dbias, float* scratch,
                               const SampleHooks* hooks) {
  if (conv_transpose2d_direct_fits(s))
    return conv_transpose2d_direct_backward(pool, s, dy, x, weight, dx, dweight, dbias, scratch, hooks);
  const ConvGeometry g = s.geometry();
  const int in_pixels = s.h_in * s.w_in, out_pixels = s.h_out() * s.w_out();
  float* per_thread = scratch + kGradShards * shard_floats(s);
  for_each_grad_shard(pool, dy.rows(), scratch, dweight, dbias, [&](int t, MatMap dw, VecMap db, int64_t b0, int64_t b1) {
    float* cols = per_thread + t * cols_floats(s);
    for (int64_t b = b0; b < b1; ++b) {
      const float* dyb = sample_dy(hooks, dy, t, b);
      im2col(g, dyb, cols);
      ConstMatMap d(cols, s.patch(), in_pixels);
      ConstMatMap xb(x.row(b).data(), s.c_in, in_pixels);
      dw.noalias() += xb * d.transpose();
      db += ConstMatMap(dyb, s.c_out, out_pixels).rowwise().sum().transpose();
      if (dx.rows() > 0) MatMap(dx.row(b).data(), s.c_in, in_pixels).noalias() = weight * d;
    }
  });
}

void conv_transpose2d_forward_naive(const ConvTranspose2dShape& s, ConstMatRef x, ConstMatRef weight,
                                    ConstVecRef bias, MatRef y) {
  const int ho = s.h_out(), wo = s.w_out();
  for (int64_t b = 0; b < x.rows(); ++b) {
    for (int co = 0; co < s.c_out; ++co)
      for (int p = 0; p < ho * wo; ++p) y(b, co * ho * wo + p) = bias[co];
    for (int ci = 0; ci < s.c_in; ++ci)
      for (int iy = 0; iy < s.h_in; ++iy)
        for (int ix = 0; ix < s.w_in; ++ix)
          for (int co = 0; co < s.c_out; ++co)
            for (int ky = 0; ky < s.k; ++ky)
              for (int kx = 0; kx < s.k; ++kx) {
                const int oy = iy * s.stride - s.pad + ky, ox = ix * s.stride - s.pad + kx;
                if (oy < 0 || oy >= ho || ox < 0 || ox >= wo) continue;
                y(b, (co * ho + oy) * wo + ox) +=
                    x(b, (ci * s.h_in + iy) * s.w_in + ix) * weight(ci, (co * s.k + ky) * s.k + kx);
              }
  }
}

void conv_transpose2d_init(Rng& rng, const ConvTranspose2dShape& s, MatRef weight, VecRef bias) {
  const float bound = 1.0f / std::sqrt(static_cast<float>(s.patch()));
  for (int64_t i = 0; i < weight.size(); ++i) weight.data()[i] = rng.uniform(-bound, bound);
  for (int64_t i = 0; i < bias.size(); ++i) bias[i] = rng.uniform(-bound, bound);
}

}  // namespace aelab
