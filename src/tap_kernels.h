// The vectorised kernels of the direct convolutions (conv2d_direct.cpp, conv_transpose2d.cpp):
// images copied into zero-padded planes whose rows share one pitch, so a kernel tap (c, ky, kx)
// is one contiguous run of them at c·plane + ky·pitch + kx; products over taps vectorised over
// output pixels, and weight-gradient reductions over pixels, each in register tiles. Every
// output sums its taps in order whatever the vector width; a reduction's lanes are summed in
// lane order, so the portable and wasm builds (4 lanes) agree bit for bit.
#pragma once
#include <cstdint>

namespace aelab {

// c zero-padded planes of `rows` rows of `pitch` floats each.
struct Planes {
  int c, rows, pitch;
  int64_t plane() const { return static_cast<int64_t>(rows) * pitch; }
  int64_t floats() const { return c * plane(); }
};

// Pixels the products compute past the last output (their count is rounded up to whole tiles),
// and the rounding itself for products and for reductions.
int tap_tile_pixels();
int64_t round_to_tiles(int64_t pixels);
int64_t round_to_lanes(int64_t pixels);

// dst[i] = src[i] for i < n, for the short runs of image rows, without a libc call per run.
void copy_floats(float* dst, const float* src, int64_t n);

// Copies image [g.c, h, w] into planes g with its top-left pixel at (pad, pad), zeros around.
void pad_image(const float* image, int h, int w, int pad, const Planes& g, float* out);

// out[o][q] = Σ_t wt[t][o] · in[tap t + q] for q in [0, q_count) (q_count from round_to_tiles),
// taps t = (c, ky, kx) of planes g in order; wt is [g.c·k·k, outs], out [outs, q_count].
void tap_products(const float* in, const Planes& g, int k, const float* wt, int outs, int64_t q_count, float* out);

// Weight gradients dw[o][t] = Σ_q dq[o·dplane + q] · xp[tap t + q] for q in [0, q_count) (from
// round_to_lanes), taps t of planes g as above, dw [outs, g.c·k·k]: tap_grads adds each sample's
// sums into per-lane partials (`lanes`, tap_grad_lane_floats of them, zeroed by the caller), so
// the lanes are summed once per gradient shard, by tap_grads_add (dw += the lanes' sums, n = outs·taps),
// rather than once per sample.
int64_t tap_grad_lane_floats(int outs, int taps);
void tap_grads(const float* dq, int64_t dplane, int outs, const float* xp, const Planes& g, int k, int64_t q_count,
               float* lanes);
void tap_grads_add(const float* lanes, int64_t n, float* dw);

}  // namespace aelab
