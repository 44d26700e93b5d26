// Brush painting and MNIST-style preprocessing (bounding box -> 20x20 -> centre of mass).
#include "draw_pad.h"

#include <algorithm>
#include <cmath>

namespace aelab {

void DrawPad::clear() {
  std::fill(pixels_.begin(), pixels_.end(), 0.0f);
  ++version_;
}

bool DrawPad::empty() const {
  return std::all_of(pixels_.begin(), pixels_.end(), [](float v) { return v <= 0.0f; });
}

void DrawPad::dab(float x, float y, float radius) {
  // Ink falls off linearly over the last pixel of the radius, and strokes only ever darken.
  const int x0 = std::max(0, static_cast<int>(std::floor(x - radius - 1)));
  const int x1 = std::min(kSize - 1, static_cast<int>(std::ceil(x + radius + 1)));
  const int y0 = std::max(0, static_cast<int>(std::floor(y - radius - 1)));
  const int y1 = std::min(kSize - 1, static_cast<int>(std::ceil(y + radius + 1)));
  for (int j = y0; j <= y1; ++j) {
    for (int i = x0; i <= x1; ++i) {
      const float d = std::hypot(i + 0.5f - x, j + 0.5f - y);
      const float ink = std::clamp(radius + 0.5f - d, 0.0f, 1.0f);
      float& p = pixels_[j * kSize + i];
      p = std::max(p, ink);
    }
  }
}

void DrawPad::stroke(float x0, float y0, float x1, float y1, float radius) {
  const float len = std::hypot(x1 - x0, y1 - y0);
  const int steps = std::max(1, static_cast<int>(std::ceil(len / 0.25f)));
  for (int s = 0; s <= steps; ++s) {
    const float t = static_cast<float>(s) / steps;
    dab(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, radius);
  }
  ++version_;
}

void mnist_preprocess(const float* in, int w, int h, float* out) {
  constexpr int kOut = 28, kBox = 20;
  std::fill(out, out + kOut * kOut, 0.0f);
  int bx0 = w, by0 = h, bx1 = -1, by1 = -1;
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      if (in[y * w + x] > 0.05f) {
        bx0 = std::min(bx0, x), bx1 = std::max(bx1, x);
        by0 = std::min(by0, y), by1 = std::max(by1, y);
      }
    }
  }
  if (bx1 < 0) return;
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
          sum += in[iy * w + ix];
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
  if (mass <= 0.0) return;
  const int dx = static_cast<int>(std::lround(kOut / 2.0 - cx / mass));
  const int dy = static_cast<int>(std::lround(kOut / 2.0 - cy / mass));
  for (int y = 0; y < oh; ++y) {
    for (int x = 0; x < ow; ++x) {
      const int tx = x + dx, ty = y + dy;
      if (tx >= 0 && tx < kOut && ty >= 0 && ty < kOut) out[ty * kOut + tx] = std::min(1.0f, small[y * ow + x]);
    }
  }
}

}  // namespace aelab
