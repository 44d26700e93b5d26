// Direct stride-1 convolution over tap_kernels.h: the forward pass and the input gradient (a
// convolution of dy with the flipped kernel) as products over taps, the weight gradient as a
// reduction over pixels.
#include "conv2d_direct.h"

#include <algorithm>

#include "tap_kernels.h"

namespace aelab {

namespace {

// One pitch for x (padded by pad) and dy (padded by k-1-pad), so the weight gradient can pair
// them at a fixed offset. Below each image, `extra` zero rows take the reads of the tiles that
// run past the last output (rounded up to whole tiles) and of the taps past it (k).
struct Layout {
  int pitch, pad_dy;
  Planes xp, dyp;
  int64_t q_out, q_in, q_dw;  // pixels in pitch coordinates: forward and dx (tiles), dweight (lanes)
};

Layout layout(const Conv2dShape& s) {
  Layout l;
  l.pad_dy = s.k - 1 - s.pad;
  l.pitch = s.w_in + std::max(2 * s.pad, s.k - 1);
  const int extra = (tap_tile_pixels() + s.k + l.pitch - 1) / l.pitch + 1;
  l.xp = {s.c_in, s.h_in + 2 * s.pad + extra, l.pitch};
  l.dyp = {s.c_out, s.h_out() + 2 * l.pad_dy + extra, l.pitch};
  l.q_out = round_to_tiles(static_cast<int64_t>(s.h_out()) * l.pitch);
  l.q_in = round_to_tiles(static_cast<int64_t>(s.h_in) * l.pitch);
  l.q_dw = round_to_lanes(static_cast<int64_t>(s.h_out()) * l.pitch);
  return l;
}

size_t partial_floats(const Conv2dShape& s) {
  return kGradShards * (static_cast<size_t>(s.c_out) * s.patch() + s.c_out);
}
size_t aligned16(int64_t n) { return static_cast<size_t>((n + 15) / 16 * 16); }
size_t thread_floats(const Layout& l, const Conv2dShape& s) {
  return aligned16(l.xp.floats()) + aligned16(l.dyp.floats()) +
         aligned16(std::max(s.c_out * l.q_out, s.c_in * l.q_in)) + aligned16(tap_grad_lane_floats(s.c_out, s.patch()));
}

}  // namespace

bool conv2d_direct_fits(const Conv2dShape& s) { return s.stride == 1 && s.pad <= s.k - 1; }

size_t conv2d_direct_scratch_floats(const Conv2dShape& s, int threads) {
  return partial_floats(s) + aligned16(s.c_out * s.patch()) + threads * thread_floats(layout(s), s);
}

void conv2d_direct_forward(ThreadPool& pool, const Conv2dShape& s, ConstMatRef x, ConstMatRef weight,
                           ConstVecRef bias, MatRef y, float* scratch, const SampleHooks* hooks) {
  const Layout l = layout(s);
  const int ho = s.h_out(), wo = s.w_out();
  // wt [Cin·k·k, Cout]: one tap's weights for all output channels side by side.
  float* wt = scratch + partial_floats(s);
  for (int t = 0; t < s.patch(); ++t)
    for (int o = 0; o < s.c_out; ++o) wt[t * s.c_out + o] = weight(o, t);
  float* per_thread = wt + aligned16(s.c_out * s.patch());
  pool.parallel_for_thread(x.rows(), [&](int t, int64_t b0, int64_t b1) {
    float* xp = per_thread + t * thread_floats(l, s);
    float* out = xp + aligned16(l.xp.floats()) + aligned16(l.dyp.floats());
    for (int64_t b = b0; b < b1; ++b) {
      pad_image(x.row(b).data(), s.h_in, s.w_in, s.pad, l.xp, xp);
      tap_products(xp, l.xp, s.k, wt, s.c_out, l.q_out, out);
      float* yb = y.row(b).data();
      for (int o = 0; o < s.c_out; ++o)
        for (int oy = 0; oy < ho; ++oy) {
          const float* src = out + o * l.q_out + static_cast<int64_t>(oy) * l.pitch;
          float* dst = yb + (static_cast<int64_t>(o) * ho + oy) * wo;
          for (int ox = 0; ox < wo; ++ox) dst[ox] = src[ox] + bias[o];
        }
      after_sample(hooks, t, b);
    }
  });
}

void conv2d_direct_backward(ThreadPool& pool, const Conv2dShape& s, ConstMatRef dy, ConstMatRef x,
                            ConstMatRef weight, MatRef dx, MatRef dweight, VecRef dbias, float* scratch,
                            const SampleHooks* hooks) {
  const Layout l = layout(s);
  const int ho = s.h_out(), wo = s.w_out(), k = s.k;
  // The input gradient is the convolution of dy (padded by k-1-pad) with the kernel flipped in
  // both directions and its channels swapped: wf [Cout·k·k, Cin].
  float* wf = scratch + partial_floats(s);
  for (int o = 0; o < s.c_out; ++o)
    for (int c = 0; c < s.c_in; ++c)
      for (int ky = 0; ky < k; ++ky)
        for (int kx = 0; kx < k; ++kx)
          wf[((o * k + k - 1 - ky) * k + k - 1 - kx) * s.c_in + c] = weight(o, (c * k + ky) * k + kx);
  float* per_thread = wf + aligned16(s.c_out * s.patch());
  // dy's pixel (oy, ox) sits at (oy + pad_dy, ox + pad_dy) of its planes, and pairs with x's
  // pixel (oy + ky - pad, ox + kx - pad), at (oy + ky, ox + kx) of x's: same pitch, so the pair's
  // offset is the tap's alone. dy's zero borders silence the columns past wo.
  const int64_t dy_origin = static_cast<int64_t>(l.pad_dy) * (l.pitch + 1);
  for_each_grad_shard(pool, dy.rows(), scratch, dweight, dbias, [&](int t, MatMap dw, VecMap db, int64_t b0, int64_t b1) {
    float* xp = per_thread + t * thread_floats(l, s);
    float* dyp = xp + aligned16(l.xp.floats());
    float* out = dyp + aligned16(l.dyp.floats());
    float* lanes = out + aligned16(std::max(s.c_out * l.q_out, s.c_in * l.q_in));
    std::fill(lanes, lanes + tap_grad_lane_floats(s.c_out, s.patch()), 0.0f);
    for (int64_t b = b0; b < b1; ++b) {
      pad_image(x.row(b).data(), s.h_in, s.w_in, s.pad, l.xp, xp);
      const float* dyb = sample_dy(hooks, dy, t, b);
      pad_image(dyb, ho, wo, l.pad_dy, l.dyp, dyp);
      tap_grads(dyp + dy_origin, l.dyp.plane(), s.c_out, xp, l.xp, k, l.q_dw, lanes);
      db += ConstMatMap(dyb, s.c_out, ho * wo).rowwise().sum().transpose();
      if (dx.rows() == 0) continue;
      tap_products(dyp, l.dyp, k, wf, s.c_in, l.q_in, out);
      float* dxb = dx.row(b).data();
      for (int c = 0; c < s.c_in; ++c)
        for (int iy = 0; iy < s.h_in; ++iy)
          copy_floats(dxb + (static_cast<int64_t>(c) * s.h_in + iy) * s.w_in,
                      out + c * l.q_in + static_cast<int64_t>(iy) * l.pitch, s.w_in);
    }
    tap_grads_add(lanes, static_cast<int64_t>(s.c_out) * s.patch(), dw.data());
  });
}

}  // namespace aelab
