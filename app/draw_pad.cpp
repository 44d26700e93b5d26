// Brush painting on the 28x28 pad (the MNIST preprocessing is the core's image_preprocess).
#include "draw_pad.h"

#include <algorithm>
#include <cmath>

namespace aelab {

void DrawPad::clear() {
  std::fill(pixels_.begin(), pixels_.end(), 0.0f);
  ++version_;
}

void DrawPad::set(const std::vector<float>& pixels) {
  for (size_t i = 0; i < pixels_.size() && i < pixels.size(); ++i) pixels_[i] = std::clamp(pixels[i], 0.0f, 1.0f);
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

}  // namespace aelab
