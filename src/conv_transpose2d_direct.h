// ConvTranspose2d whose windows tile the output without overlap (k = stride, no padding, as in
// the model zoo's decoders), over tap_kernels.h: each input pixel then maps Cin channels to
// Cout·k·k outputs of its own, so the layer is a product over input channels vectorised over
// input pixels, and col2im / im2col are mere permutations (no zero-then-add). Other shapes
// keep GEMM + col2im (conv_transpose2d.cpp).
#pragma once
#include <cstddef>

#include "conv_transpose2d.h"

namespace aelab {

bool conv_transpose2d_direct_fits(const ConvTranspose2dShape& s);

// Floats of scratch: gradient shards, the transposed weight, and per thread x's and dy's planes
// and one sample's products.
size_t conv_transpose2d_direct_scratch_floats(const ConvTranspose2dShape& s, int threads);

// As conv_transpose2d_forward / conv_transpose2d_backward, for shapes that fit.
void conv_transpose2d_direct_forward(ThreadPool& pool, const ConvTranspose2dShape& s, ConstMatRef x,
                                     ConstMatRef weight, ConstVecRef bias, MatRef y, float* scratch,
                                     const SampleHooks* hooks);
void conv_transpose2d_direct_backward(ThreadPool& pool, const ConvTranspose2dShape& s, ConstMatRef dy,
                                      ConstMatRef x, ConstMatRef weight, MatRef dx, MatRef dweight, VecRef dbias,
                                      float* scratch, const SampleHooks* hooks);

}  // namespace aelab
