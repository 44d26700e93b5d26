// Max pooling and nearest upsampling: pure data movement, so plain loops over rows, branch-free
// where the compiler can vectorise them.
#include "pool2d.h"

#include <algorithm>
#include <cstring>

namespace aelab {

namespace {

// One output row of k x k windows over input rows [row, row + k), `row` at plane offset base:
// each window's first maximum in row-major window order, as PyTorch picks it.
void max_row(const float* in, int64_t base, int w, int wo, int k, float* out, int32_t* arg) {
  for (int ox = 0; ox < wo; ++ox) {
    int32_t best = static_cast<int32_t>(base + ox * k);
    for (int ky = 0; ky < k; ++ky)
      for (int kx = 0; kx < k; ++kx) {
        const int32_t i = static_cast<int32_t>(base + ky * w + ox * k + kx);
        if (in[i] > in[best]) best = i;
      }
    out[ox] = in[best];
    arg[ox] = best;
  }
}

// The same for 2x2 windows, 4 windows at a time: the two input rows' even and odd columns are
// the windows' four corners, each taken where it is strictly greater, in window order.
typedef float F4 __attribute__((vector_size(16)));
typedef int32_t I4 __attribute__((vector_size(16)));

F4 load4(const float* p) {
  F4 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

void take(F4 v, I4 index, F4* m, I4* best) {
  const I4 wins = v > *m;  // all ones where v wins
  *m = reinterpret_cast<F4>((wins & reinterpret_cast<I4>(v)) | (~wins & reinterpret_cast<I4>(*m)));
  *best = (wins & index) | (~wins & *best);
}

void max_row2(const float* in, int64_t base, int w, int wo, float* out, int32_t* arg) {
  const float* top = in + base;
  const float* bottom = top + w;
  int ox = 0;
  for (; ox + 4 <= wo; ox += 4) {
    const F4 t0 = load4(top + 2 * ox), t1 = load4(top + 2 * ox + 4);
    const F4 b0 = load4(bottom + 2 * ox), b1 = load4(bottom + 2 * ox + 4);
    const I4 i = static_cast<int32_t>(base) + 2 * ox + I4{0, 2, 4, 6};
    F4 m = __builtin_shufflevector(t0, t1, 0, 2, 4, 6);
    I4 best = i;
    take(__builtin_shufflevector(t0, t1, 1, 3, 5, 7), i + 1, &m, &best);
    take(__builtin_shufflevector(b0, b1, 0, 2, 4, 6), i + w, &m, &best);
    take(__builtin_shufflevector(b0, b1, 1, 3, 5, 7), i + w + 1, &m, &best);
    std::memcpy(out + ox, &m, sizeof m);
    std::memcpy(arg + ox, &best, sizeof best);
  }
  max_row(in, base + 2 * ox, w, wo - ox, 2, out + ox, arg + ox);
}

}  // namespace

void maxpool2d_forward(const Pool2dShape& s, ConstMatRef x, MatRef y, int32_t* argmax) {
  const int ho = s.h / s.k, wo = s.w / s.k;
  for (int64_t b = 0; b < x.rows(); ++b) {
    const float* in = x.row(b).data();
    float* out = y.row(b).data();
    int32_t* arg = argmax + b * y.cols();
    for (int c = 0; c < s.c; ++c)
      for (int oy = 0; oy < ho; ++oy) {
        const int64_t base = (static_cast<int64_t>(c) * s.h + oy * s.k) * s.w;
        const int64_t o = (static_cast<int64_t>(c) * ho + oy) * wo;
        if (s.k == 2) {
          max_row2(in, base, s.w, wo, out + o, arg + o);
        } else {
          max_row(in, base, s.w, wo, s.k, out + o, arg + o);
        }
      }
  }
}

// Windows do not overlap, so each winner is written once; zeroing first is the cheap way here
// (one memset of the image, then a sparse scatter), cheaper than writing every pixel by choice.
// 0 + dy keeps the former zero-then-add's bits (-0 becomes +0).
void maxpool2d_backward(const Pool2dShape& s, ConstMatRef dy, const int32_t* argmax, MatRef dx) {
  (void)s;
  for (int64_t b = 0; b < dy.rows(); ++b) {
    const float* g = dy.row(b).data();
    const int32_t* arg = argmax + b * dy.cols();
    float* out = dx.row(b).data();
    std::fill(out, out + dx.cols(), 0.0f);
    for (int64_t o = 0; o < dy.cols(); ++o) out[arg[o]] = 0.0f + g[o];
  }
}

void upsample_nearest_forward(const Pool2dShape& s, ConstMatRef x, MatRef y) {
  const int ho = s.h * s.k, wo = s.w * s.k;
  for (int64_t b = 0; b < x.rows(); ++b)
    for (int c = 0; c < s.c; ++c)
      for (int oy = 0; oy < ho; ++oy) {
        const float* in = x.row(b).data() + (c * s.h + oy / s.k) * s.w;
        float* out = y.row(b).data() + (c * ho + oy) * wo;
        for (int ox = 0; ox < wo; ++ox) out[ox] = in[ox / s.k];
      }
}

// Each dx pixel sums its block in row-major order from 0, as the former zero-then-add did.
void upsample_nearest_backward(const Pool2dShape& s, ConstMatRef dy, MatRef dx) {
  const int ho = s.h * s.k, wo = s.w * s.k;
  for (int64_t b = 0; b < dy.rows(); ++b)
    for (int c = 0; c < s.c; ++c)
      for (int iy = 0; iy < s.h; ++iy) {
        float* out = dx.row(b).data() + (static_cast<int64_t>(c) * s.h + iy) * s.w;
        for (int ix = 0; ix < s.w; ++ix) {
          float sum = 0.0f;
          for (int ky = 0; ky < s.k; ++ky) {
            const float* in = dy.row(b).data() + (static_cast<int64_t>(c) * ho + iy * s.k + ky) * wo + ix * s.k;
            for (int kx = 0; kx < s.k; ++kx) sum += in[kx];
          }
          out[ix] = sum;
        }
      }
}

}  // namespace aelab
