// MaxPool2d (kernel = stride, no padding, as nn.MaxPool2d(k)) and nearest-neighbour Upsample
// (nn.Upsample(scale_factor=k, mode='nearest')) over [B, C*H*W] activations.
#pragma once
#include <cstdint>

#include "dims.h"

namespace aelab {

struct Pool2dShape {
  int c, h, w, k;  // input channels and size; window (pool) or scale (upsample)
};

// x [B, C*H*W] -> y [B, C*(H/k)*(W/k)]; argmax [B, C*(H/k)*(W/k)] caches each window's winner
// (the first maximum in row-major window order, as PyTorch picks it).
void maxpool2d_forward(const Pool2dShape& s, ConstMatRef x, MatRef y, int32_t* argmax);
// dx = 0 except dx[argmax] = dy (overwritten).
void maxpool2d_backward(const Pool2dShape& s, ConstMatRef dy, const int32_t* argmax, MatRef dx);

// x [B, C*H*W] -> y [B, C*(H*k)*(W*k)], y[c][oy][ox] = x[c][oy/k][ox/k]
void upsample_nearest_forward(const Pool2dShape& s, ConstMatRef x, MatRef y);
// dx[c][iy][ix] = Σ over its k x k block of dy (overwritten)
void upsample_nearest_backward(const Pool2dShape& s, ConstMatRef dy, MatRef dx);

}  // namespace aelab
