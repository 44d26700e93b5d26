// Conv2d (PyTorch nn.Conv2d, groups 1, dilation 1), samples split across threads: stride 1 as
// direct kernels (conv2d_direct.h), other strides as im2col + Eigen GEMM, one sample per GEMM.
// Activations are [B, C*H*W] (NCHW per row); the weight is [Cout, Cin*k*k] (PyTorch's
// [Cout, Cin, k, k] flattened).
#pragma once
#include <cstddef>
#include <cstdint>

#include "dims.h"
#include "grad_shards.h"
#include "im2col.h"
#include "rng.h"
#include "sample_hooks.h"
#include "thread_pool.h"

namespace aelab {

struct Conv2dShape {
  int c_in, h_in, w_in, c_out, k, stride, pad;
  int h_out() const { return (h_in + 2 * pad - k) / stride + 1; }
  int w_out() const { return (w_in + 2 * pad - k) / stride + 1; }
  int patch() const { return c_in * k * k; }  // columns of im2col
  ConvGeometry geometry() const { return {c_in, h_in, w_in, h_out(), w_out(), k, stride, pad}; }
};

// Floats of scratch for `threads` threads (the direct kernels' needs, or): a dweight and a dbias
// partial per shard, then per thread one sample's im2col matrix [Cin*k*k, Ho*Wo] and its gradient
// dcol. Backward rebuilds a
// sample's im2col from x instead of keeping all B of them from forward: at batch 256 the `conv`
// model's second convolution alone would keep 29 MB, for an im2col that costs a few percent of
// the step to redo.
size_t conv2d_scratch_floats(const Conv2dShape& s, int threads);

// x [B, Cin*H*W], weight [Cout, Cin*k*k], bias [Cout] -> y [B, Cout*Ho*Wo];
//   y_b = W · col_b + b, col_b = im2col(x_b). hooks->after_forward runs on each sample once y_b
//   is written (sample_hooks.h).
void conv2d_forward(ThreadPool& pool, const Conv2dShape& s, ConstMatRef x, ConstMatRef weight, ConstVecRef bias,
                    MatRef y, float* scratch, const SampleHooks* hooks = nullptr);
// dy [B, Cout*Ho*Wo], x the forward input:  dx_b = col2im(Wᵀ · dy_b) (overwritten; skipped when
//   dx has no rows), dweight += Σ_b dy_b · col_bᵀ, dbias += Σ_b Σ_pixels dy_b, summed by shards
//   (grad_shards.h): the result does not depend on the thread count. hooks->dy_row, when set,
//   gives each dy_b instead of dy.
void conv2d_backward(ThreadPool& pool, const Conv2dShape& s, ConstMatRef dy, ConstMatRef x, ConstMatRef weight,
                     MatRef dx, MatRef dweight, VecRef dbias, float* scratch, const SampleHooks* hooks = nullptr);

// The definition as seven plain loops: the reference the tests hold conv2d_forward to.
void conv2d_forward_naive(const Conv2dShape& s, ConstMatRef x, ConstMatRef weight, ConstVecRef bias, MatRef y);

// PyTorch's default init: W, b ~ U(-1/√fan_in, 1/√fan_in), fan_in = Cin*k*k.
void conv2d_init(Rng& rng, const Conv2dShape& s, MatRef weight, VecRef bias);

}  // namespace aelab
