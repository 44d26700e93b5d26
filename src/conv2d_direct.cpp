// Direct stride-1 convolution: zero-padded planes, a register-tiled product over the kernel's
// taps for the forward pass and for the input gradient (a convolution of dy with the flipped
// kernel), and a register-tiled reduction over pixels for the weight gradient. Plain GCC/Clang
// vector extensions: SSE in the portable build, SIMD128 in wasm, AVX-512 in the tuned one.
#include "conv2d_direct.h"

#include <algorithm>
#include <cstring>

namespace aelab {

namespace {

// ---- vectors as wide as the build's instruction set

#if defined(__AVX512F__)
constexpr int kLanes = 16;
#elif defined(__AVX__)
constexpr int kLanes = 8;
#else
constexpr int kLanes = 4;  // SSE, and wasm SIMD128 (the portable and wasm builds must agree)
#endif
typedef float Lanes __attribute__((vector_size(kLanes * sizeof(float))));

inline Lanes load(const float* p) {
  Lanes v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store(float* p, Lanes v) { std::memcpy(p, &v, sizeof v); }
inline Lanes splat(float s) { return Lanes{} + s; }
// In lane order, so the result depends on the lane count only.
inline float lane_sum(Lanes v) {
  float s = v[0];
  for (int l = 1; l < kLanes; ++l) s += v[l];
  return s;
}

// Register tiles: kChannelBlock output channels x kTile pixels for the products; kChannelBlock
// output channels x kTapBlock taps for the weight gradient (AVX-512 has 32 registers, SSE 16).
constexpr int kTileVecs = 2;
constexpr int kTile = kTileVecs * kLanes;
constexpr int kChannelBlock = 4;
constexpr int kTapBlock = kLanes == 16 ? 4 : 2;

int64_t round_up(int64_t n, int64_t m) { return (n + m - 1) / m * m; }

// c zero-padded planes of `rows` rows of `pitch` floats each.
struct Planes {
  int c, rows, pitch;
  int64_t plane() const { return static_cast<int64_t>(rows) * pitch; }
  int64_t floats() const { return c * plane(); }
};

// One pitch for x (padded by pad) and dy (padded by k-1-pad), so the weight gradient can pair
// them at a fixed offset. Below each image, `extra` zero rows take the reads of the tiles that
// run past the last output (rounded up to kTile) and of the taps past it (k).
struct Layout {
  int pitch, pad_dy;
  Planes xp, dyp;
  int64_t q_out, q_in, q_dw;  // pixels in pitch coordinates: forward and dx (tiles), dweight (lanes)
};

Layout layout(const Conv2dShape& s) {
  Layout l;
  l.pad_dy = s.k - 1 - s.pad;
  l.pitch = s.w_in + std::max(2 * s.pad, s.k - 1);
  const int extra = (kTile + s.k + l.pitch - 1) / l.pitch + 1;
  l.xp = {s.c_in, s.h_in + 2 * s.pad + extra, l.pitch};
  l.dyp = {s.c_out, s.h_out() + 2 * l.pad_dy + extra, l.pitch};
  l.q_out = round_up(static_cast<int64_t>(s.h_out()) * l.pitch, kTile);
  l.q_in = round_up(static_cast<int64_t>(s.h_in) * l.pitch, kTile);
  l.q_dw = round_up(static_cast<int64_t>(s.h_out()) * l.pitch, kLanes);
  return l;
}

size_t partial_floats(const Conv2dShape& s) {
  return kGradShards * (static_cast<size_t>(s.c_out) * s.patch() + s.c_out);
}
size_t aligned16(int64_t n) { return static_cast<size_t>(round_up(n, 16)); }
size_t thread_floats(const Layout& l, const Conv2dShape& s) {
  return aligned16(l.xp.floats()) + aligned16(l.dyp.floats()) +
         aligned16(std::max(s.c_out * l.q_out, s.c_in * l.q_in));
}

// Copies image [g.c, h, w] into planes g with its top-left pixel at (pad, pad), zeros around.
void pad_image(const float* image, int h, int w, int pad, const Planes& g, float* out) {
  for (int c = 0; c < g.c; ++c) {
    float* plane = out + c * g.plane();
    std::fill(plane, plane + static_cast<int64_t>(pad) * g.pitch + pad, 0.0f);
    for (int y = 0; y < h; ++y) {
      float* row = plane + static_cast<int64_t>(pad + y) * g.pitch + pad;
      std::memcpy(row, image + (static_cast<int64_t>(c) * h + y) * w, sizeof(float) * w);
      // This row's right border and the next row's left one.
      std::fill(row + w, row + g.pitch, 0.0f);
    }
    std::fill(plane + static_cast<int64_t>(pad + h) * g.pitch + pad, plane + g.plane(), 0.0f);
  }
}

// ---- products over taps: out[o][q] = Σ_t wt[t][o] · in[tap t + q], taps t = (c, ky, kx) in
// order at c·plane + ky·pitch + kx; wt is [g.c·k·k, outs], out [outs, q_count].

template <int CB>
void taps_tile(const float* in, const Planes& g, int k, const float* wt, int outs, int o0, int64_t q0, float* out,
               int64_t q_count) {
  Lanes acc[CB][kTileVecs] = {};
  const float* w = wt + o0;
  for (int c = 0; c < g.c; ++c)
    for (int ky = 0; ky < k; ++ky) {
      const float* row = in + c * g.plane() + static_cast<int64_t>(ky) * g.pitch + q0;
      for (int kx = 0; kx < k; ++kx, w += outs) {
        Lanes xv[kTileVecs];
        for (int v = 0; v < kTileVecs; ++v) xv[v] = load(row + kx + v * kLanes);
        for (int i = 0; i < CB; ++i) {
          const Lanes wi = splat(w[i]);
          for (int v = 0; v < kTileVecs; ++v) acc[i][v] += wi * xv[v];
        }
      }
    }
  for (int i = 0; i < CB; ++i)
    for (int v = 0; v < kTileVecs; ++v) store(out + (o0 + i) * q_count + q0 + v * kLanes, acc[i][v]);
}

void tap_products(const float* in, const Planes& g, int k, const float* wt, int outs, int64_t q_count, float* out) {
  for (int64_t q0 = 0; q0 < q_count; q0 += kTile) {
    int o = 0;
    for (; o + kChannelBlock <= outs; o += kChannelBlock)
      taps_tile<kChannelBlock>(in, g, k, wt, outs, o, q0, out, q_count);
    for (; o < outs; ++o) taps_tile<1>(in, g, k, wt, outs, o, q0, out, q_count);
  }
}

// ---- weight gradient: dw[o][t] += Σ_q dq[o][q] · xp[tap t + q], q in [0, q_count)

// Where tap t = (c, ky, kx) of planes g starts.
int64_t tap_offset(const Planes& g, int k, int t) {
  return t / (k * k) * g.plane() + static_cast<int64_t>(t % (k * k) / k) * g.pitch + t % k;
}

template <int CB, int TB>
void grad_tile(const float* dq, int64_t dplane, int o0, const float* xp, const Planes& g, int k, int t0,
               int64_t q_count, float* dw, int taps) {
  Lanes acc[CB][TB] = {};
  const float* xt[TB];
  for (int j = 0; j < TB; ++j) xt[j] = xp + tap_offset(g, k, t0 + j);
  for (int64_t q = 0; q < q_count; q += kLanes) {
    Lanes d[CB];
    for (int i = 0; i < CB; ++i) d[i] = load(dq + (o0 + i) * dplane + q);
    for (int j = 0; j < TB; ++j) {
      const Lanes xv = load(xt[j] + q);
      for (int i = 0; i < CB; ++i) acc[i][j] += d[i] * xv;
    }
  }
  for (int i = 0; i < CB; ++i)
    for (int j = 0; j < TB; ++j) dw[static_cast<int64_t>(o0 + i) * taps + t0 + j] += lane_sum(acc[i][j]);
}

template <int TB>
void grad_taps(const float* dq, int64_t dplane, int outs, const float* xp, const Planes& g, int k, int t0,
               int64_t q_count, float* dw, int taps) {
  int o = 0;
  for (; o + kChannelBlock <= outs; o += kChannelBlock)
    grad_tile<kChannelBlock, TB>(dq, dplane, o, xp, g, k, t0, q_count, dw, taps);
  for (; o < outs; ++o) grad_tile<1, TB>(dq, dplane, o, xp, g, k, t0, q_count, dw, taps);
}

}  // namespace

bool conv2d_direct_fits(const Conv2dShape& s) { return s.stride == 1 && s.pad <= s.k - 1; }

size_t conv2d_direct_scratch_floats(const Conv2dShape& s, int threads) {
  return partial_floats(s) + aligned16(s.c_out * s.patch()) + threads * thread_floats(layout(s), s);
}

void conv2d_direct_forward(ThreadPool& pool, const Conv2dShape& s, ConstMatRef x, ConstMatRef weight,
                           ConstVecRef bias, MatRef y, float* scratch) {
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
    }
  });
}

void conv2d_direct_backward(ThreadPool& pool, const Conv2dShape& s, ConstMatRef dy, ConstMatRef x,
                            ConstMatRef weight, MatRef dx, MatRef dweight, VecRef dbias, float* scratch) {
  const Layout l = layout(s);
  const int ho = s.h_out(), wo = s.w_out(), k = s.k, taps = s.patch();
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
    for (int64_t b = b0; b < b1; ++b) {
      pad_image(x.row(b).data(), s.h_in, s.w_in, s.pad, l.xp, xp);
      pad_image(dy.row(b).data(), ho, wo, l.pad_dy, l.dyp, dyp);
      int j = 0;
      for (; j + kTapBlock <= taps; j += kTapBlock)
        grad_taps<kTapBlock>(dyp + dy_origin, l.dyp.plane(), s.c_out, xp, l.xp, k, j, l.q_dw, dw.data(), taps);
      for (; j < taps; ++j) grad_taps<1>(dyp + dy_origin, l.dyp.plane(), s.c_out, xp, l.xp, k, j, l.q_dw, dw.data(), taps);
      db += ConstMatMap(dy.row(b).data(), s.c_out, ho * wo).rowwise().sum().transpose();
      if (dx.rows() == 0) continue;
      tap_products(dyp, l.dyp, k, wf, s.c_in, l.q_in, out);
      float* dxb = dx.row(b).data();
      for (int c = 0; c < s.c_in; ++c)
        for (int iy = 0; iy < s.h_in; ++iy)
          std::memcpy(dxb + (static_cast<int64_t>(c) * s.h_in + iy) * s.w_in,
                      out + c * l.q_in + static_cast<int64_t>(iy) * l.pitch, sizeof(float) * s.w_in);
    }
  });
}

}  // namespace aelab
