// im2col / col2im: the rearrangements that turn convolutions into GEMMs.
// An image is [C, H, W]; a grid of Hg x Wg kernel positions with kernel k, stride s, padding p
// reads image pixel (c, gy*s - p + ky, gx*s - p + kx) into col[(c*k + ky)*k + kx, gy*Wg + gx]
// (zero where that pixel is outside the image). col is [C*k*k, Hg*Wg], row-major: PyTorch's
// layout, where a row is the image shifted by (ky, kx), so rows are built from whole runs of
// image rows (contiguous when s = 1) rather than k floats at a time.
#pragma once

namespace aelab {

struct ConvGeometry {
  int c, h, w;    // image
  int hg, wg;     // grid of kernel positions
  int k, stride, pad;
};

void im2col(const ConvGeometry& g, const float* image, float* col);
// The adjoint of im2col: image += scatter(col). The caller zeroes image first to overwrite.
void col2im_add(const ConvGeometry& g, const float* col, float* image);

}  // namespace aelab
