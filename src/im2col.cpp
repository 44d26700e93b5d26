// im2col and its adjoint, one col row (input channel, ky, kx) at a time: for each kernel row
// ky, the grid columns that read inside the image form one range [lo, hi), so the inner loops
// have no bounds checks and, at stride 1, are plain contiguous copies and adds.
#include "im2col.h"

#include <algorithm>

namespace aelab {

namespace {
// Grid columns gx whose pixel gx*s - p + kx lies in [0, w).
void inside_columns(const ConvGeometry& g, int kx, int* lo, int* hi) {
  const int first = g.pad - kx, last = g.w - 1 + g.pad - kx;  // gx*s must lie in [first, last]
  *lo = first <= 0 ? 0 : (first + g.stride - 1) / g.stride;
  *hi = last < 0 ? 0 : std::min(g.wg, last / g.stride + 1);
  *lo = std::min(*lo, *hi);
}
}  // namespace

void im2col(const ConvGeometry& g, const float* image, float* col) {
  const long pixels = static_cast<long>(g.hg) * g.wg;
  for (int c = 0; c < g.c; ++c) {
    const float* plane = image + static_cast<long>(c) * g.h * g.w;
    for (int ky = 0; ky < g.k; ++ky) {
      for (int kx = 0; kx < g.k; ++kx) {
        float* row = col + ((static_cast<long>(c) * g.k + ky) * g.k + kx) * pixels;
        int lo, hi;
        inside_columns(g, kx, &lo, &hi);
        for (int gy = 0; gy < g.hg; ++gy) {
          float* out = row + static_cast<long>(gy) * g.wg;
          const int iy = gy * g.stride - g.pad + ky;
          if (iy < 0 || iy >= g.h) {
            std::fill(out, out + g.wg, 0.0f);
            continue;
          }
          std::fill(out, out + lo, 0.0f);
          const float* line = plane + static_cast<long>(iy) * g.w;
          const int shift = kx - g.pad;
          if (g.stride == 1) {
            for (int gx = lo; gx < hi; ++gx) out[gx] = line[gx + shift];
          } else {
            for (int gx = lo; gx < hi; ++gx) out[gx] = line[gx * g.stride + shift];
          }
          std::fill(out + hi, out + g.wg, 0.0f);
        }
      }
    }
  }
}

void col2im_add(const ConvGeometry& g, const float* col, float* image) {
  const long pixels = static_cast<long>(g.hg) * g.wg;
  for (int c = 0; c < g.c; ++c) {
    float* plane = image + static_cast<long>(c) * g.h * g.w;
    for (int ky = 0; ky < g.k; ++ky) {
      for (int kx = 0; kx < g.k; ++kx) {
        const float* row = col + ((static_cast<long>(c) * g.k + ky) * g.k + kx) * pixels;
        int lo, hi;
        inside_columns(g, kx, &lo, &hi);
        for (int gy = 0; gy < g.hg; ++gy) {
          const int iy = gy * g.stride - g.pad + ky;
          if (iy < 0 || iy >= g.h) continue;
          const float* in = row + static_cast<long>(gy) * g.wg;
          float* line = plane + static_cast<long>(iy) * g.w;
          const int shift = kx - g.pad;
          if (g.stride == 1) {
            for (int gx = lo; gx < hi; ++gx) line[gx + shift] += in[gx];
          } else {
            for (int gx = lo; gx < hi; ++gx) line[gx * g.stride + shift] += in[gx];
          }
        }
      }
    }
  }
}

}  // namespace aelab
