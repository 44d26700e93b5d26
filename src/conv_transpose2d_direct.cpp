// Non-overlapping ConvTranspose2d over tap_kernels.h, with k = 1 taps: x is Cin planes of one row
// of Hin·Win pixels, dy rearranged is Cout·k·k such planes (D, im2col's layout), and
//   y = scatter(Wᵀ·x) + b,  dweight += x·Dᵀ (a reduction over pixels),  dx = W·D.
#include "conv_transpose2d_direct.h"

#include <algorithm>
#include <cstring>

#include "tap_kernels.h"

namespace aelab {

namespace {

// One row of `pixels` per plane, then zero rows for the reads past it (rounded up to tiles).
struct Layout {
  int pixels;
  Planes xp, dp;
  int64_t q, q_dw;
};

Layout layout(const ConvTranspose2dShape& s) {
  const int pixels = s.h_in * s.w_in;
  const int rows = 1 + (tap_tile_pixels() + pixels - 1) / pixels;
  return {pixels, {s.c_in, rows, pixels}, {s.patch(), rows, pixels}, round_to_tiles(pixels), round_to_lanes(pixels)};
}

size_t aligned16(int64_t n) { return static_cast<size_t>((n + 15) / 16 * 16); }
size_t partial_floats(const ConvTranspose2dShape& s) {
  return kGradShards * (static_cast<size_t>(s.c_in) * s.patch() + s.c_out);
}
size_t thread_floats(const Layout& l, const ConvTranspose2dShape& s) {
  return aligned16(l.xp.floats()) + aligned16(l.dp.floats()) + aligned16(std::max(s.patch(), s.c_in) * l.q) +
         aligned16(tap_grad_lane_floats(s.c_in, s.patch()));
}

// y[co][iy·k + ky][ix·k + kx] = cols[(co·k + ky)·k + kx][iy·Win + ix] + b[co]: every output once.
void scatter_tiles(const ConvTranspose2dShape& s, const float* cols, int64_t q, ConstVecRef bias, float* y) {
  const int k = s.k, wo = s.w_out();
  for (int co = 0; co < s.c_out; ++co)
    for (int ky = 0; ky < k; ++ky)
      for (int iy = 0; iy < s.h_in; ++iy) {
        float* out = y + (static_cast<int64_t>(co) * s.h_out() + iy * k + ky) * wo;
        for (int kx = 0; kx < k; ++kx) {
          const float* in = cols + ((co * k + ky) * k + kx) * q + static_cast<int64_t>(iy) * s.w_in;
          for (int ix = 0; ix < s.w_in; ++ix) out[ix * k + kx] = in[ix] + bias[co];
        }
      }
}

// The inverse permutation, dy into D's planes (their tails zeroed).
void gather_tiles(const ConvTranspose2dShape& s, const float* dy, const Planes& dp, float* d) {
  const int k = s.k, wo = s.w_out();
  for (int co = 0; co < s.c_out; ++co)
    for (int ky = 0; ky < k; ++ky)
      for (int kx = 0; kx < k; ++kx) {
        float* plane = d + ((co * k + ky) * k + kx) * dp.plane();
        for (int iy = 0; iy < s.h_in; ++iy) {
          const float* in = dy + (static_cast<int64_t>(co) * s.h_out() + iy * k + ky) * wo + kx;
          float* out = plane + static_cast<int64_t>(iy) * s.w_in;
          for (int ix = 0; ix < s.w_in; ++ix) out[ix] = in[ix * k];
        }
        std::fill(plane + static_cast<int64_t>(s.h_in) * s.w_in, plane + dp.plane(), 0.0f);
      }
}

}  // namespace

bool conv_transpose2d_direct_fits(const ConvTranspose2dShape& s) { return s.k == s.stride && s.pad == 0; }

size_t conv_transpose2d_direct_scratch_floats(const ConvTranspose2dShape& s, int threads) {
  return partial_floats(s) + aligned16(static_cast<int64_t>(s.c_in) * s.patch()) +
         threads * thread_floats(layout(s), s);
}

void conv_transpose2d_direct_forward(ThreadPool& pool, const ConvTranspose2dShape& s, ConstMatRef x,
                                     ConstMatRef weight, ConstVecRef bias, MatRef y, float* scratch,
                                     const SampleHooks* hooks) {
  const Layout l = layout(s);
  // The weight [Cin, Cout·k·k] is already one input channel's weights for all outputs per row.
  float* per_thread = scratch + partial_floats(s) + aligned16(static_cast<int64_t>(s.c_in) * s.patch());
  pool.parallel_for_thread(x.rows(), [&](int t, int64_t b0, int64_t b1) {
    float* xp = per_thread + t * thread_floats(l, s);
    float* out = xp + aligned16(l.xp.floats()) + aligned16(l.dp.floats());
    for (int64_t b = b0; b < b1; ++b) {
      pad_image(x.row(b).data(), 1, l.pixels, 0, l.xp, xp);
      tap_products(xp, l.xp, 1, weight.data(), s.patch(), l.q, out);
      scatter_tiles(s, out, l.q, bias, y.row(b).data());
      after_sample(hooks, t, b);
    }
  });
}

void conv_transpose2d_direct_backward(ThreadPool& pool, const ConvTranspose2dShape& s, ConstMatRef dy,
                                      ConstMatRef x, ConstMatRef weight, MatRef dx, MatRef dweight, VecRef dbias,
                                      float* scratch, const SampleHooks* hooks) {
  const Layout l = layout(s);
  const int out_pixels = s.h_out() * s.w_out();
  // wt [Cout·k·k, Cin] for dx = W·D.
  float* wt = scratch + partial_floats(s);
  for (int c = 0; c < s.c_in; ++c)
    for (int r = 0; r < s.patch(); ++r) wt[r * s.c_in + c] = weight(c, r);
  float* per_thread = wt + aligned16(static_cast<int64_t>(s.c_in) * s.patch());
  for_each_grad_shard(pool, dy.rows(), scratch, dweight, dbias, [&](int t, MatMap dw, VecMap db, int64_t b0, int64_t b1) {
    float* xp = per_thread + t * thread_floats(l, s);
    float* d = xp + aligned16(l.xp.floats());
    float* out = d + aligned16(l.dp.floats());
    float* lanes = out + aligned16(std::max(s.patch(), s.c_in) * l.q);
    std::fill(lanes, lanes + tap_grad_lane_floats(s.c_in, s.patch()), 0.0f);
    for (int64_t b = b0; b < b1; ++b) {
      pad_image(x.row(b).data(), 1, l.pixels, 0, l.xp, xp);
      const float* dyb = sample_dy(hooks, dy, t, b);
      gather_tiles(s, dyb, l.dp, d);
      tap_grads(xp, l.xp.plane(), s.c_in, d, l.dp, 1, l.q_dw, lanes);
      db += ConstMatMap(dyb, s.c_out, out_pixels).rowwise().sum().transpose();
      if (dx.rows() == 0) continue;
      tap_products(d, l.dp, 1, wt, s.c_in, l.q, out);
      float* dxb = dx.row(b).data();
      for (int c = 0; c < s.c_in; ++c)
        std::memcpy(dxb + static_cast<int64_t>(c) * l.pixels, out + c * l.q, sizeof(float) * l.pixels);
    }
    tap_grads_add(lanes, static_cast<int64_t>(s.c_in) * s.patch(), dw.data());
  });
}

}  // namespace aelab
