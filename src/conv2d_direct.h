// Stride-1 Conv2d without im2col, for the small channel counts of the model zoo (1-16), over
// tap_kernels.h: a sample's image is copied once into zero-padded planes, each kernel tap reads
// one contiguous run of them, and products are vectorised over output pixels (computed with the
// planes' pitch; the columns past Wo are dropped). conv2d.cpp sends other shapes to im2col + GEMM.
#pragma once
#include <cstddef>

#include "conv2d.h"

namespace aelab {

// Stride 1 and pad <= k - 1 (the input gradient is then a convolution of dy padded by k-1-pad).
bool conv2d_direct_fits(const Conv2dShape& s);

// Floats of scratch: gradient shards, a rearranged weight, and per thread the padded input and
// output gradient and one sample's output planes.
size_t conv2d_direct_scratch_floats(const Conv2dShape& s, int threads);

// As conv2d_forward / conv2d_backward (conv2d.h), for shapes that fit.
void conv2d_direct_forward(ThreadPool& pool, const Conv2dShape& s, ConstMatRef x, ConstMatRef weight,
                           ConstVecRef bias, MatRef y, float* scratch, const SampleHooks* hooks);
void conv2d_direct_backward(ThreadPool& pool, const Conv2dShape& s, ConstMatRef dy, ConstMatRef x,
                            ConstMatRef weight, MatRef dx, MatRef dweight, VecRef dbias, float* scratch,
                            const SampleHooks* hooks);

}  // namespace aelab
