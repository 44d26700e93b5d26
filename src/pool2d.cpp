// Max pooling and nearest upsampling: pure data movement, so plain loops over rows, branch-free
// where the compiler can vectorise them; every output written once (no zero-then-add).
#include "pool2d.h"

#include <algorithm>

namespace aelab {

namespace {

// One output row of windows over input rows [row, row + k) (plane offset `base` of `row`): each
// window's first maximum in row-major window order, as PyTorch picks it. Written without
// branches, so the 2x2 case (K = 2) vectorises; K = 0 reads the window from k.
template <int K>
void max_row(const float* in, int64_t base, int w, int wo, int k, float* out, int32_t* arg) {
  const int kk = K > 0 ? K : k;
  for (int ox = 0; ox < wo; ++ox) {
    int32_t best = static_cast<int32_t>(base + ox * kk);
    float m = in[best];
    for (int ky = 0; ky < kk; ++ky)
      for (int kx = 0; kx < kk; ++kx) {
        const int32_t i = static_cast<int32_t>(base + ky * w + ox * kk + kx);
        const bool wins = in[i] > m;
        m = wins ? in[i] : m;
        best = wins ? i : best;
      }
    out[ox] = m;
    arg[ox] = best;
  }
}

// One input row of dx (plane offset `base`) under output row `o0` of windows: dy where the
// window's winner is, 0 elsewhere and past the last window. 0 + dy, as the former zero-then-add
// gave it (-0 becomes +0).
template <int K>
void unpool_row(const float* dy, const int32_t* arg, int64_t base, int w, int wo, int k, float* dx) {
  const int kk = K > 0 ? K : k;
  for (int ix = 0; ix < wo * kk; ++ix) {
    const int o = ix / kk;
    dx[ix] = arg[o] == base + ix ? 0.0f + dy[o] : 0.0f;
  }
  for (int ix = wo * kk; ix < w; ++ix) dx[ix] = 0.0f;
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
          max_row<2>(in, base, s.w, wo, 2, out + o, arg + o);
        } else {
          max_row<0>(in, base, s.w, wo, s.k, out + o, arg + o);
        }
      }
  }
}

void maxpool2d_backward(const Pool2dShape& s, ConstMatRef dy, const int32_t* argmax, MatRef dx) {
  const int ho = s.h / s.k, wo = s.w / s.k;
  for (int64_t b = 0; b < dy.rows(); ++b) {
    const float* g = dy.row(b).data();
    const int32_t* arg = argmax + b * dy.cols();
    float* out = dx.row(b).data();
    for (int c = 0; c < s.c; ++c)
      for (int iy = 0; iy < s.h; ++iy) {
        const int64_t base = (static_cast<int64_t>(c) * s.h + iy) * s.w;
        const int oy = iy / s.k;
        if (oy >= ho) {
          std::fill(out + base, out + base + s.w, 0.0f);  // below the last row of windows
          continue;
        }
        const int64_t o = (static_cast<int64_t>(c) * ho + oy) * wo;
        if (s.k == 2) {
          unpool_row<2>(g + o, arg + o, base, s.w, wo, 2, out + base);
        } else {
          unpool_row<0>(g + o, arg + o, base, s.w, wo, s.k, out + base);
        }
      }
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
