// The drawing pad (28x28 floats in [0, 1], painted with a soft round brush) and the MNIST
// preprocessing applied to it before the model sees it. No ImGui or GL here: testable alone.
#pragma once
#include <cstdint>
#include <vector>

namespace aelab {

class DrawPad {
 public:
  static constexpr int kSize = 28;
  DrawPad() : pixels_(kSize * kSize, 0.0f) {}
  void clear();
  // Paints a stroke from (x0, y0) to (x1, y1) in pad pixels (0..28, pixel centres at i + 0.5).
  void stroke(float x0, float y0, float x1, float y1, float radius);
  const std::vector<float>& pixels() const { return pixels_; }
  bool empty() const;
  uint64_t version() const { return version_; }

 private:
  void dab(float x, float y, float radius);
  std::vector<float> pixels_;
  uint64_t version_ = 1;
};

// MNIST's own preprocessing: the ink's bounding box is scaled to fit 20x20 keeping its aspect
// ratio (area-averaged), then placed in 28x28 so its centre of mass is at the centre.
// in: w x h values in [0, 1]; out: 28 x 28. An empty drawing gives all zeros.
void mnist_preprocess(const float* in, int w, int h, float* out);

}  // namespace aelab
