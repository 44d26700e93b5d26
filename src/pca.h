// Principal component analysis of a set of rows (the app projects the test set's codes to 2-D
// with it). Orthogonal iteration on the implicit covariance, so a 4096-wide code costs
// O(n·d·k) per iteration instead of a d x d eigendecomposition.
#pragma once
#include <vector>

namespace aelab {

struct Pca {
  int dim = 0, k = 0;
  std::vector<float> mean;        // dim
  std::vector<float> components;  // k rows of dim, orthonormal, by decreasing variance
  std::vector<float> variance;    // k: variance along each component
  float total_variance = 0.0f;    // summed over all dim directions
};

// Fits the top k = min(k, dim) components of n rows of x (n x dim, row-major). `previous`
// (nullable, same dim and k) is the starting point and fixes the signs: each new component
// points the same way as its predecessor, so a map redrawn as training goes does not flip.
// Without it the largest entry of each component is positive. Returns false for n < 2.
bool pca_fit(const float* x, int n, int dim, int k, const Pca* previous, Pca* out);
// y (n x k) = (x - mean) · componentsᵀ
void pca_project(const Pca& pca, const float* x, int n, float* y);
// x (n x dim) = mean + y · components: the point of the code space that projects to y.
void pca_unproject(const Pca& pca, const float* y, int n, float* x);

}  // namespace aelab
