// ConvTranspose2d (PyTorch nn.ConvTranspose2d, output_padding 0): the adjoint of Conv2d, as GEMM
// + col2im. The weight is [Cin, Cout*k*k] (PyTorch's [Cin, Cout, k, k] flattened). The input's
// pixels are the kernel grid: output size (H-1)*stride - 2*pad + k.
#pragma once
#include <cstddef>

#include "conv2d.h"

namespace aelab {

struct ConvTranspose2dShape {
  int c_in, h_in, w_in, c_out, k, stride, pad;
  int h_out() const { return (h_in - 1) * stride - 2 * pad + k; }
  int w_out() const { return (w_in - 1) * stride - 2 * pad + k; }
  int patch() const { return c_out * k * k; }
  // The output image read/written through the input's grid of kernel positions.
  ConvGeometry geometry() const { return {c_out, h_out(), w_out(), h_in, w_in, k, stride, pad}; }
};

// Scratch for `threads` threads: a dweight and a dbias partial per gradient shard (conv2d.h's
// kGradShards), then per thread the columns [Cout*k*k, Hin*Win].
size_t conv_transpose2d_scratch_floats(const ConvTranspose2dShape& s, int threads);

// x [B, Cin*Hin*Win], weight [Cin, Cout*k*k], bias [Cout] -> y [B, Cout*Ho*Wo]:
//   y_b = col2im(Wᵀ · x_b) + b. Needs no cache beyond x itself. Hooks as conv2d_forward's.
void conv_transpose2d_forward(ThreadPool& pool, const ConvTranspose2dShape& s, ConstMatRef x, ConstMatRef weight,
                              ConstVecRef bias, MatRef y, float* scratch, const SampleHooks* hooks = nullptr);
// dy [B, Cout*Ho*Wo], x (forward input):  with D_b = im2col(dy_b) [Cout*k*k, Hin*Win],
//   dx_b = W · D_b (overwritten; skipped when dx has no rows), dweight += x_b · D_bᵀ, dbias += Σ dy_b,
//   summed by shards as conv2d_backward does (independent of the thread count). Hooks as
//   conv2d_backward's.
void conv_transpose2d_backward(ThreadPool& pool, const ConvTranspose2dShape& s, ConstMatRef dy, ConstMatRef x,
                               ConstMatRef weight, MatRef dx, MatRef dweight, VecRef dbias, float* scratch,
                               const SampleHooks* hooks = nullptr);

void conv_transpose2d_forward_naive(const ConvTranspose2dShape& s, ConstMatRef x, ConstMatRef weight,
                                    ConstVecRef bias, MatRef y);

// PyTorch's default init: fan_in is weight.size(1)*k*k = Cout*k*k for a transposed convolution.
void conv_transpose2d_init(Rng& rng, const ConvTranspose2dShape& s, MatRef weight, VecRef bias);

}  // namespace aelab
