// PCA (src/pca.h): recovers known principal axes and their variances, orders them, round-trips
// points of the fitted plane exactly, keeps signs across warm-started refits, and handles
// dim <= k and degenerate input.
#include <gtest/gtest.h>

#include <cmath>

#include "pca.h"
#include "rng.h"

namespace aelab {
namespace {

// n points in 5-D: stds 3 and 1 along two orthonormal axes a and b, 0.05 elsewhere, plus an offset.
std::vector<float> cloud(int n, const std::vector<float>& a, const std::vector<float>& b, uint64_t seed) {
  Rng rng(seed);
  std::vector<float> x(static_cast<size_t>(n) * 5);
  for (int r = 0; r < n; ++r) {
    const float s = 3.0f * rng.normal(), t = 1.0f * rng.normal();
    for (int i = 0; i < 5; ++i) x[r * 5 + i] = 2.0f + s * a[i] + t * b[i] + 0.05f * rng.normal();
  }
  return x;
}

float dot(const float* u, const float* v, int d) {
  float s = 0;
  for (int i = 0; i < d; ++i) s += u[i] * v[i];
  return s;
}

const std::vector<float> kA = {0.6f, 0.8f, 0.0f, 0.0f, 0.0f};
const std::vector<float> kB = {0.0f, 0.0f, 0.6f, 0.0f, -0.8f};

TEST(Pca, RecoversAxesInOrderWithTheirVariances) {
  const std::vector<float> x = cloud(4000, kA, kB, 3);
  Pca p;
  ASSERT_TRUE(pca_fit(x.data(), 4000, 5, 2, nullptr, &p));
  ASSERT_EQ(p.k, 2);
  EXPECT_GT(std::fabs(dot(&p.components[0], kA.data(), 5)), 0.999f);
  EXPECT_GT(std::fabs(dot(&p.components[5], kB.data(), 5)), 0.999f);
  EXPECT_NEAR(dot(&p.components[0], &p.components[5], 5), 0.0f, 1e-5f);
  EXPECT_NEAR(p.variance[0], 9.0f, 0.6f);
  EXPECT_NEAR(p.variance[1], 1.0f, 0.1f);
  EXPECT_GT(p.variance[0] + p.variance[1], 0.99f * p.total_variance);
  for (int i = 0; i < 5; ++i) EXPECT_NEAR(p.mean[i], 2.0f, 0.15f);
  // Without a previous fit, the largest entry of each component is positive.
  for (int j = 0; j < 2; ++j) {
    int at = 0;
    for (int i = 1; i < 5; ++i) {
      if (std::fabs(p.components[j * 5 + i]) > std::fabs(p.components[j * 5 + at])) at = i;
    }
    EXPECT_GT(p.components[j * 5 + at], 0.0f);
  }
}

TEST(Pca, ProjectThenUnprojectIsExactOnThePlane) {
  // Points exactly on a 2-D affine plane come back unchanged.
  std::vector<float> x(200 * 5);
  Rng rng(5);
  for (int r = 0; r < 200; ++r) {
    const float s = rng.normal(), t = rng.normal();
    for (int i = 0; i < 5; ++i) x[r * 5 + i] = 1.0f + s * kA[i] + 0.5f * t * kB[i];
  }
  Pca p;
  ASSERT_TRUE(pca_fit(x.data(), 200, 5, 2, nullptr, &p));
  std::vector<float> y(200 * 2), back(200 * 5);
  pca_project(p, x.data(), 200, y.data());
  pca_unproject(p, y.data(), 200, back.data());
  for (size_t i = 0; i < x.size(); ++i) EXPECT_NEAR(back[i], x[i], 1e-4f);
}

TEST(Pca, WarmStartKeepsSignsOfThePreviousFit) {
  const std::vector<float> x = cloud(2000, kA, kB, 7);
  Pca first;
  ASSERT_TRUE(pca_fit(x.data(), 2000, 5, 2, nullptr, &first));
  // A "previous" fit whose components point the other way: the refit follows it.
  Pca flipped = first;
  for (float& v : flipped.components) v = -v;
  const std::vector<float> x2 = cloud(2000, kA, kB, 8);
  Pca next;
  ASSERT_TRUE(pca_fit(x2.data(), 2000, 5, 2, &flipped, &next));
  EXPECT_LT(dot(&next.components[0], &first.components[0], 5), -0.99f);
  EXPECT_LT(dot(&next.components[5], &first.components[5], 5), -0.99f);
}

TEST(Pca, SmallAndDegenerateInput) {
  const float one_d[] = {1, 2, 3, 4};
  Pca p;
  ASSERT_TRUE(pca_fit(one_d, 4, 1, 2, nullptr, &p));
  EXPECT_EQ(p.k, 1);
  EXPECT_FLOAT_EQ(p.components[0], 1.0f);
  EXPECT_NEAR(p.variance[0], 5.0f / 3.0f, 1e-5f);
  EXPECT_FALSE(pca_fit(one_d, 1, 4, 2, nullptr, &p));
  // Identical rows: zero variance, still a finite orthonormal basis.
  const std::vector<float> same(10 * 3, 0.5f);
  ASSERT_TRUE(pca_fit(same.data(), 10, 3, 2, nullptr, &p));
  EXPECT_EQ(p.variance[0], 0.0f);
  for (float v : p.components) EXPECT_TRUE(std::isfinite(v));
}

}  // namespace
}  // namespace aelab
