// im2col and its adjoint, row by row of the kernel so the inner loops are contiguous runs.
// Kernel positions that lie wholly inside the image (all but the border ones) take a loop
// without bounds checks.
#include "im2col.h"

namespace aelab {

void im2col(const ConvGeometry& g, const float* image, float* col) {
  const int kk = g.c * g.k * g.k;
  for (int gy = 0; gy < g.hg; ++gy) {
    for (int gx = 0; gx < g.wg; ++gx) {
      float* row = col + static_cast<long>(gy * g.wg + gx) * kk;
      const int x0 = gx * g.stride - g.pad;
      const bool inside = x0 >= 0 && x0 + g.k <= g.w;
      for (int c = 0; c < g.c; ++c) {
        const float* plane = image + static_cast<long>(c) * g.h * g.w;
        for (int ky = 0; ky < g.k; ++ky) {
          const int iy = gy * g.stride - g.pad + ky;
          float* out = row + (c * g.k + ky) * g.k;
          if (iy < 0 || iy >= g.h) {
            for (int kx = 0; kx < g.k; ++kx) out[kx] = 0.0f;
            continue;
          }
          const float* line = plane + static_cast<long>(iy) * g.w;
          if (inside) {
            for (int kx = 0; kx < g.k; ++kx) out[kx] = line[x0 + kx];
            continue;
          }
          for (int kx = 0; kx < g.k; ++kx) {
            const int ix = x0 + kx;
            out[kx] = (ix >= 0 && ix < g.w) ? line[ix] : 0.0f;
          }
        }
      }
    }
  }
}

void col2im_add(const ConvGeometry& g, const float* col, float* image) {
  const int kk = g.c * g.k * g.k;
  for (int gy = 0; gy < g.hg; ++gy) {
    for (int gx = 0; gx < g.wg; ++gx) {
      const float* row = col + static_cast<long>(gy * g.wg + gx) * kk;
      const int x0 = gx * g.stride - g.pad;
      const bool inside = x0 >= 0 && x0 + g.k <= g.w;
      for (int c = 0; c < g.c; ++c) {
        float* plane = image + static_cast<long>(c) * g.h * g.w;
        for (int ky = 0; ky < g.k; ++ky) {
          const int iy = gy * g.stride - g.pad + ky;
          if (iy < 0 || iy >= g.h) continue;
          const float* in = row + (c * g.k + ky) * g.k;
          float* line = plane + static_cast<long>(iy) * g.w;
          if (inside) {
            for (int kx = 0; kx < g.k; ++kx) line[x0 + kx] += in[kx];
            continue;
          }
          for (int kx = 0; kx < g.k; ++kx) {
            const int ix = x0 + kx;
            if (ix >= 0 && ix < g.w) line[ix] += in[kx];
          }
        }
      }
    }
  }
}

}  // namespace aelab
