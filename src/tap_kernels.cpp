// Direct-convolution kernels (tap_kernels.h): GCC/Clang vector extensions, as wide as the
// build's instruction set (SSE in the portable build, SIMD128 in wasm, AVX-512 in the tuned one).
#include "tap_kernels.h"

#include <algorithm>
#include <cstring>
#if defined(__FMA__)
#include <immintrin.h>
#endif

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
// s - 0 is s for every float (-0 included), so compilers emit a bare broadcast.
inline Lanes splat(float s) { return s - Lanes{}; }
// acc + a·b. The tuned build fuses it (one rounding), as its Eigen products do; the portable and
// wasm builds, which must agree, round the product and the sum.
inline Lanes madd(Lanes a, Lanes b, Lanes acc) {
#if defined(__FMA__) && defined(__AVX512F__)
  return _mm512_fmadd_ps(a, b, acc);
#elif defined(__FMA__) && defined(__AVX__)
  return _mm256_fmadd_ps(a, b, acc);
#else
  return acc + a * b;
#endif
}
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
          for (int v = 0; v < kTileVecs; ++v) acc[i][v] = madd(wi, xv[v], acc[i][v]);
        }
      }
    }
  for (int i = 0; i < CB; ++i)
    for (int v = 0; v < kTileVecs; ++v) store(out + (o0 + i) * q_count + q0 + v * kLanes, acc[i][v]);
}


// ---- weight gradient tiles

// Where tap t = (c, ky, kx) of planes g starts.
int64_t tap_offset(const Planes& g, int k, int t) {
  return t / (k * k) * g.plane() + static_cast<int64_t>(t % (k * k) / k) * g.pitch + t % k;
}

template <int CB, int TB>
void grad_tile(const float* dq, int64_t dplane, int o0, const float* xp, const Planes& g, int k, int t0,
               int64_t q_count, float* lanes, int taps) {
  Lanes acc[CB][TB];
  for (int i = 0; i < CB; ++i)
    for (int j = 0; j < TB; ++j) acc[i][j] = load(lanes + (static_cast<int64_t>(o0 + i) * taps + t0 + j) * kLanes);
  const float* xt[TB];
  for (int j = 0; j < TB; ++j) xt[j] = xp + tap_offset(g, k, t0 + j);
  for (int64_t q = 0; q < q_count; q += kLanes) {
    Lanes d[CB];
    for (int i = 0; i < CB; ++i) d[i] = load(dq + (o0 + i) * dplane + q);
    for (int j = 0; j < TB; ++j) {
      const Lanes xv = load(xt[j] + q);
      for (int i = 0; i < CB; ++i) acc[i][j] = madd(d[i], xv, acc[i][j]);
    }
  }
  for (int i = 0; i < CB; ++i)
    for (int j = 0; j < TB; ++j) store(lanes + (static_cast<int64_t>(o0 + i) * taps + t0 + j) * kLanes, acc[i][j]);
}

template <int TB>
void grad_taps(const float* dq, int64_t dplane, int outs, const float* xp, const Planes& g, int k, int t0,
               int64_t q_count, float* lanes, int taps) {
  int o = 0;
  for (; o + kChannelBlock <= outs; o += kChannelBlock)
    grad_tile<kChannelBlock, TB>(dq, dplane, o, xp, g, k, t0, q_count, lanes, taps);
  for (; o < outs; ++o) grad_tile<1, TB>(dq, dplane, o, xp, g, k, t0, q_count, lanes, taps);
}


// Short runs: an image row is 7-28 floats and a row's borders 0-2, and a libc memcpy or memset
// call per run cost more than the copy itself (memmove and memset were 12 % and 4 % of a
// conv-b256 step). Moves of 4 floats, then up to 3 single ones; GCC would turn the loops back
// into the calls (loop distribution), so it is told not to here. Long runs still take libc's.
typedef float Quad __attribute__((vector_size(4 * sizeof(float))));
// From here on libc's wide moves win (the zero rows below an image are a few hundred floats).
constexpr int64_t kLongRun = 64;
#if defined(__GNUC__) && !defined(__clang__)
#define AELAB_NO_LIBC_LOOPS __attribute__((optimize("no-tree-loop-distribute-patterns")))
#else
#define AELAB_NO_LIBC_LOOPS
#endif

AELAB_NO_LIBC_LOOPS inline void copy_run(float* dst, const float* src, int64_t n) {
  if (n >= kLongRun) {
    std::memcpy(dst, src, sizeof(float) * n);
    return;
  }
  int64_t i = 0;
  for (; i + 4 <= n; i += 4) {
    Quad v;
    std::memcpy(&v, src + i, sizeof v);
    std::memcpy(dst + i, &v, sizeof v);
  }
  if (i < n) dst[i] = src[i];
  if (i + 1 < n) dst[i + 1] = src[i + 1];
  if (i + 2 < n) dst[i + 2] = src[i + 2];
}

AELAB_NO_LIBC_LOOPS inline void zero_run(float* dst, int64_t n) {
  if (n >= kLongRun) {
    std::memset(dst, 0, sizeof(float) * n);
    return;
  }
  const Quad z = {};
  int64_t i = 0;
  for (; i + 4 <= n; i += 4) std::memcpy(dst + i, &z, sizeof z);
  if (i < n) dst[i] = 0.0f;
  if (i + 1 < n) dst[i + 1] = 0.0f;
  if (i + 2 < n) dst[i + 2] = 0.0f;
}

}  // namespace

int tap_tile_pixels() { return kTile; }
int64_t round_to_tiles(int64_t pixels) { return round_up(pixels, kTile); }
int64_t round_to_lanes(int64_t pixels) { return round_up(pixels, kLanes); }

AELAB_NO_LIBC_LOOPS void copy_floats(float* dst, const float* src, int64_t n) { copy_run(dst, src, n); }

AELAB_NO_LIBC_LOOPS void pad_image(const float* image, int h, int w, int pad, const Planes& g, float* out) {
  for (int c = 0; c < g.c; ++c) {
    float* plane = out + c * g.plane();
    zero_run(plane, static_cast<int64_t>(pad) * g.pitch + pad);
    for (int y = 0; y < h; ++y) {
      float* row = plane + static_cast<int64_t>(pad + y) * g.pitch + pad;
      copy_run(row, image + (static_cast<int64_t>(c) * h + y) * w, w);
      // This row's right border and the next row's left one.
      zero_run(row + w, g.pitch - w);
    }
    const int64_t below = static_cast<int64_t>(pad + h) * g.pitch + pad;
    zero_run(plane + below, g.plane() - below);
  }
}


void tap_products(const float* in, const Planes& g, int k, const float* wt, int outs, int64_t q_count, float* out) {
  for (int64_t q0 = 0; q0 < q_count; q0 += kTile) {
    int o = 0;
    for (; o + kChannelBlock <= outs; o += kChannelBlock)
      taps_tile<kChannelBlock>(in, g, k, wt, outs, o, q0, out, q_count);
    for (; o < outs; ++o) taps_tile<1>(in, g, k, wt, outs, o, q0, out, q_count);
  }
}

int64_t tap_grad_lane_floats(int outs, int taps) { return static_cast<int64_t>(outs) * taps * kLanes; }

void tap_grads(const float* dq, int64_t dplane, int outs, const float* xp, const Planes& g, int k, int64_t q_count,
               float* lanes) {
  const int taps = g.c * k * k;
  int t = 0;
  for (; t + kTapBlock <= taps; t += kTapBlock)
    grad_taps<kTapBlock>(dq, dplane, outs, xp, g, k, t, q_count, lanes, taps);
  for (; t < taps; ++t) grad_taps<1>(dq, dplane, outs, xp, g, k, t, q_count, lanes, taps);
}

void tap_grads_add(const float* lanes, int64_t n, float* dw) {
  for (int64_t i = 0; i < n; ++i) dw[i] += lane_sum(load(lanes + i * kLanes));
}

}  // namespace aelab
