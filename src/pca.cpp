// PCA by orthogonal (subspace) iteration: Q <- orth(Xcᵀ Xc Q), then a Rayleigh-Ritz step on
// the k x k projected covariance orders the components. Warm-started from the previous fit,
// a few iterations suffice while the app refits the same, slowly changing codes.
#include "pca.h"

#include <algorithm>
#include <cmath>

#include "dims.h"
// After eigen.h (via dims.h), which fixes Eigen's vectorisation; only this file needs these.
#include <Eigen/Eigenvalues>
#include <Eigen/QR>

namespace aelab {

namespace {
using MatD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic>;

constexpr int kMaxIterations = 200;
constexpr double kTolerance = 1e-10;
}  // namespace

bool pca_fit(const float* x, int n, int dim, int k, const Pca* previous, Pca* out) {
  if (n < 2 || dim < 1 || k < 1) return false;
  k = std::min(k, dim);
  const MatD xc = [&] {
    MatD m = ConstMatMap(x, n, dim).cast<double>();
    m.rowwise() -= m.colwise().mean();
    return m;
  }();
  const Eigen::RowVectorXd mean = ConstMatMap(x, n, dim).cast<double>().colwise().mean();

  const bool warm = previous && previous->dim == dim && previous->k == k;
  MatD q(dim, k);
  if (warm) {
    for (int j = 0; j < k; ++j) {
      for (int i = 0; i < dim; ++i) q(i, j) = previous->components[static_cast<size_t>(j) * dim + i];
    }
  } else {
    // A fixed, deterministic start that is not orthogonal to any axis.
    for (int j = 0; j < k; ++j) {
      for (int i = 0; i < dim; ++i) q(i, j) = std::cos(1.0 + 0.7 * i + 1.3 * j * (i + 1));
    }
  }
  Eigen::HouseholderQR<MatD> qr(q);
  q = qr.householderQ() * MatD::Identity(dim, k);
  for (int it = 0; it < kMaxIterations; ++it) {
    MatD z = xc.transpose() * (xc * q);
    qr.compute(z);
    MatD next = qr.householderQ() * MatD::Identity(dim, k);
    // Converged when the subspace stops moving: ||Qᵀ next|| singular values all ~1.
    const double moved = k - (q.transpose() * next).cwiseAbs2().sum();
    q = next;
    if (moved < kTolerance) break;
  }
  // Rayleigh-Ritz: rotate within the subspace to the eigenvectors, by decreasing variance.
  const MatD b = (xc * q).transpose() * (xc * q) / (n - 1);
  Eigen::SelfAdjointEigenSolver<MatD> eig(b);
  const MatD v = q * eig.eigenvectors().rowwise().reverse();
  const Eigen::VectorXd var = eig.eigenvalues().reverse();

  out->dim = dim;
  out->k = k;
  out->mean.assign(dim, 0.0f);
  for (int i = 0; i < dim; ++i) out->mean[i] = static_cast<float>(mean(i));
  out->components.assign(static_cast<size_t>(k) * dim, 0.0f);
  out->variance.assign(k, 0.0f);
  for (int j = 0; j < k; ++j) {
    Eigen::VectorXd c = v.col(j);
    double sign_ref = 0.0;
    if (warm) {
      for (int i = 0; i < dim; ++i) sign_ref += c(i) * previous->components[static_cast<size_t>(j) * dim + i];
    } else {
      Eigen::Index at = 0;
      c.cwiseAbs().maxCoeff(&at);
      sign_ref = c(at);
    }
    if (sign_ref < 0) c = -c;
    for (int i = 0; i < dim; ++i) out->components[static_cast<size_t>(j) * dim + i] = static_cast<float>(c(i));
    out->variance[j] = static_cast<float>(std::max(0.0, var(j)));
  }
  out->total_variance = static_cast<float>(xc.cwiseAbs2().sum() / (n - 1));
  return true;
}

void pca_project(const Pca& pca, const float* x, int n, float* y) {
  for (int r = 0; r < n; ++r) {
    const float* row = x + static_cast<size_t>(r) * pca.dim;
    for (int j = 0; j < pca.k; ++j) {
      const float* c = &pca.components[static_cast<size_t>(j) * pca.dim];
      double sum = 0.0;
      for (int i = 0; i < pca.dim; ++i) sum += static_cast<double>(row[i] - pca.mean[i]) * c[i];
      y[static_cast<size_t>(r) * pca.k + j] = static_cast<float>(sum);
    }
  }
}

void pca_unproject(const Pca& pca, const float* y, int n, float* x) {
  for (int r = 0; r < n; ++r) {
    float* row = x + static_cast<size_t>(r) * pca.dim;
    for (int i = 0; i < pca.dim; ++i) row[i] = pca.mean[i];
    for (int j = 0; j < pca.k; ++j) {
      const float* c = &pca.components[static_cast<size_t>(j) * pca.dim];
      const float a = y[static_cast<size_t>(r) * pca.k + j];
      for (int i = 0; i < pca.dim; ++i) row[i] += a * c[i];
    }
  }
}

}  // namespace aelab
