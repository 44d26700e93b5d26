// Max pooling and nearest upsampling: pure data movement, so plain loops over rows.
#include "pool2d.h"

namespace aelab {

void maxpool2d_forward(const Pool2dShape& s, ConstMatRef x, MatRef y, int32_t* argmax) {
  const int ho = s.h / s.k, wo = s.w / s.k;
  for (int64_t b = 0; b < x.rows(); ++b) {
    const float* in = x.row(b).data();
    float* out = y.row(b).data();
    int32_t* arg = argmax + b * y.cols();
    for (int c = 0; c < s.c; ++c)
      for (int oy = 0; oy < ho; ++oy)
        for (int ox = 0; ox < wo; ++ox) {
          int best = (c * s.h + oy * s.k) * s.w + ox * s.k;
          for (int ky = 0; ky < s.k; ++ky)
            for (int kx = 0; kx < s.k; ++kx) {
              const int i = (c * s.h + oy * s.k + ky) * s.w + ox * s.k + kx;
              if (in[i] > in[best]) best = i;
            }
          const int o = (c * ho + oy) * wo + ox;
          out[o] = in[best];
          arg[o] = best;
        }
  }
}

void maxpool2d_backward(const Pool2dShape& s, ConstMatRef dy, const int32_t* argmax, MatRef dx) {
  (void)s;
  dx.setZero();
  for (int64_t b = 0; b < dy.rows(); ++b) {
    const int32_t* arg = argmax + b * dy.cols();
    for (int64_t o = 0; o < dy.cols(); ++o) dx(b, arg[o]) += dy(b, o);
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

void upsample_nearest_backward(const Pool2dShape& s, ConstMatRef dy, MatRef dx) {
  const int ho = s.h * s.k, wo = s.w * s.k;
  dx.setZero();
  for (int64_t b = 0; b < dy.rows(); ++b)
    for (int c = 0; c < s.c; ++c)
      for (int oy = 0; oy < ho; ++oy) {
        const float* in = dy.row(b).data() + (c * ho + oy) * wo;
        float* out = dx.row(b).data() + (c * s.h + oy / s.k) * s.w;
        for (int ox = 0; ox < wo; ++ox) out[ox / s.k] += in[ox];
      }
}

}  // namespace aelab
