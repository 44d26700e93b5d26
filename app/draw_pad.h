// The drawing pad (28x28 floats in [0, 1], painted with a soft round brush); the app runs the
// core's mnist_preprocess on it before the model sees it. No ImGui or GL here.
#pragma once
#include <cstdint>
#include <vector>

#include "image_preprocess.h"

namespace aelab {

class DrawPad {
 public:
  static constexpr int kSize = 28;
  DrawPad() : pixels_(kSize * kSize, 0.0f) {}
  void clear();
  // Paints a stroke from (x0, y0) to (x1, y1) in pad pixels (0..28, pixel centres at i + 0.5).
  void stroke(float x0, float y0, float x1, float y1, float radius);
  // Replaces the pad with kSize x kSize values (a picture, already preprocessed), clamped to [0, 1].
  void set(const std::vector<float>& pixels);
  const std::vector<float>& pixels() const { return pixels_; }
  bool empty() const;
  uint64_t version() const { return version_; }

 private:
  void dab(float x, float y, float radius);
  std::vector<float> pixels_;
  uint64_t version_ = 1;
};

}  // namespace aelab
