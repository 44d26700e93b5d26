// MNIST-style preprocessing of a drawn or imported image: ink bounding box -> 20x20 keeping the
// aspect ratio (area-averaged) -> 28x28 with the centre of mass at the centre.
#include "image_preprocess.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace aelab {

bool mnist_preprocess(const float* in, int w, int h, float* out) {
  constexpr int kOut = 28, kBox = 20;
  std::fill(out, out + kOut * kOut, 0.0f);
  if (w < 1 || h < 1 || w > kMaxPreprocessSide || h > kMaxPreprocessSide) return false;
  // Ink is a value in [0, 1]; anything else (NaN, inf, negative, > 1) is clamped, NaN to 0.
  auto ink = [in, w](int x, int y) {
    const float v = in[y * w + x];
    return v > 0.0f ? std::min(v, 1.0f) : 0.0f;
  };
  int bx0 = w, by0 = h, bx1 = -1, by1 = -1;
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      if (ink(x, y) > 0.05f) {
        bx0 = std::min(bx0, x), bx1 = std::max(bx1, x);
        by0 = std::min(by0, y), by1 = std::max(by1, y);
      }
    }
  }
  if (bx1 < 0) return true;
  const int bw = bx1 - bx0 + 1, bh = by1 - by0 + 1;
  const float scale = static_cast<float>(kBox) / std::max(bw, bh);
  const int ow = std::max(1, static_cast<int>(std::lround(bw * scale)));
  const int oh = std::max(1, static_cast<int>(std::lround(bh * scale)));
  // Area average: 4x4 point samples per output pixel, each a box-filtered source pixel.
  std::vector<float> small(static_cast<size_t>(ow) * oh, 0.0f);
  constexpr int kSub = 4;
  for (int oy = 0; oy < oh; ++oy) {
    for (int ox = 0; ox < ow; ++ox) {
      float sum = 0.0f;
      for (int sy = 0; sy < kSub; ++sy) {
        for (int sx = 0; sx < kSub; ++sx) {
          const float fx = bx0 + (ox + (sx + 0.5f) / kSub) * bw / ow;
          const float fy = by0 + (oy + (sy + 0.5f) / kSub) * bh / oh;
          const int ix = std::clamp(static_cast<int>(fx), 0, w - 1);
          const int iy = std::clamp(static_cast<int>(fy), 0, h - 1);
          sum += ink(ix, iy);
        }
      }
      small[oy * ow + ox] = sum / (kSub * kSub);
    }
  }
  double mass = 0.0, cx = 0.0, cy = 0.0;
  for (int y = 0; y < oh; ++y) {
    for (int x = 0; x < ow; ++x) {
      const double v = small[y * ow + x];
      mass += v, cx += v * (x + 0.5), cy += v * (y + 0.5);
    }
  }
  if (mass <= 0.0) return true;
  const int dx = static_cast<int>(std::lround(kOut / 2.0 - cx / mass));
  const int dy = static_cast<int>(std::lround(kOut / 2.0 - cy / mass));
  for (int y = 0; y < oh; ++y) {
    for (int x = 0; x < ow; ++x) {
      const int tx = x + dx, ty = y + dy;
      if (tx >= 0 && tx < kOut && ty >= 0 && ty < kOut) out[ty * kOut + tx] = std::min(1.0f, small[y * ow + x]);
    }
  }
  return true;
}

void picture_ink(const float* grey, int w, int h, float* ink) {
  const size_t n = static_cast<size_t>(w) * h;
  double border = 0.0;
  int count = 0;
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      if (y == 0 || y == h - 1 || x == 0 || x == w - 1) border += grey[static_cast<size_t>(y) * w + x], ++count;
    }
  }
  const bool invert = count > 0 && border / count > 0.5;
  const float paper = count > 0 ? static_cast<float>(invert ? 1.0 - border / count : border / count) : 0.0f;
  float top = paper;
  for (size_t i = 0; i < n; ++i) top = std::max(top, invert ? 1.0f - grey[i] : grey[i]);
  const float range = top - paper;
  for (size_t i = 0; i < n; ++i) {
    const float v = invert ? 1.0f - grey[i] : grey[i];
    ink[i] = range > 1e-3f ? std::clamp((v - paper) / range, 0.0f, 1.0f) : 0.0f;
  }
}

}  // namespace aelab
