// The MNIST preprocessing of drawn digits (src/image_preprocess): box into 20x20, centre of mass
// at the centre, and defensive about sizes and values (the fuzz target tries the rest).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "image_preprocess.h"

namespace aelab {
namespace {

struct Moments {
  double mass = 0, cx = 0, cy = 0;
  int x0 = 28, x1 = -1, y0 = 28, y1 = -1;
};

Moments moments(const std::vector<float>& img) {
  Moments m;
  for (int y = 0; y < 28; ++y) {
    for (int x = 0; x < 28; ++x) {
      const double v = img[y * 28 + x];
      m.mass += v, m.cx += v * (x + 0.5), m.cy += v * (y + 0.5);
      if (v > 0) m.x0 = std::min(m.x0, x), m.x1 = std::max(m.x1, x), m.y0 = std::min(m.y0, y), m.y1 = std::max(m.y1, y);
    }
  }
  m.cx /= m.mass, m.cy /= m.mass;
  return m;
}

TEST(ImagePreprocess, InkInACornerIsScaledTo20AndCentred) {
  // A 6x12 bar in the top-left corner of a 40x30 drawing.
  std::vector<float> in(40 * 30, 0.0f), out(28 * 28);
  for (int y = 1; y < 13; ++y)
    for (int x = 2; x < 8; ++x) in[y * 40 + x] = 1.0f;
  ASSERT_TRUE(mnist_preprocess(in.data(), 40, 30, out.data()));
  const Moments m = moments(out);
  EXPECT_EQ(m.y1 - m.y0 + 1, 20);  // the long side becomes 20
  EXPECT_EQ(m.x1 - m.x0 + 1, 10);  // aspect ratio kept
  EXPECT_NEAR(m.cx, 14.0, 0.5);
  EXPECT_NEAR(m.cy, 14.0, 0.5);
  for (float v : out) EXPECT_TRUE(v >= 0.0f && v <= 1.0f);
}

TEST(ImagePreprocess, EmptyDrawingGivesZeros) {
  std::vector<float> in(28 * 28, 0.01f), out(28 * 28, 7.0f);
  EXPECT_TRUE(mnist_preprocess(in.data(), 28, 28, out.data()));
  for (float v : out) EXPECT_EQ(v, 0.0f);
}

TEST(ImagePreprocess, BadSizesAreRefusedWithZeros) {
  std::vector<float> in(4, 1.0f), out(28 * 28, 7.0f);
  for (auto [w, h] : {std::pair{0, 2}, {2, 0}, {-3, 5}, {kMaxPreprocessSide + 1, 1}}) {
    EXPECT_FALSE(mnist_preprocess(in.data(), w, h, out.data())) << w << "x" << h;
    for (float v : out) ASSERT_EQ(v, 0.0f);
  }
}

TEST(ImagePreprocess, NonFiniteAndOutOfRangeValuesAreClamped) {
  const float inf = std::numeric_limits<float>::infinity();
  std::vector<float> in = {std::nanf(""), inf, -inf, 5.0f, -1.0f, 0.5f, 1e-40f, 1.0f, 0.0f};
  std::vector<float> out(28 * 28);
  ASSERT_TRUE(mnist_preprocess(in.data(), 3, 3, out.data()));
  double sum = 0;
  for (float v : out) {
    ASSERT_TRUE(v >= 0.0f && v <= 1.0f);
    sum += v;
  }
  EXPECT_GT(sum, 0.0);
}

}  // namespace
}  // namespace aelab
