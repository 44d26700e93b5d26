// Code-space penalties and the VAE's reparameterisation; formulas in regularizer.h.
#include "regularizer.h"

#include <algorithm>
#include <cmath>

namespace aelab {

float l1_penalty(ConstMatRef z, float weight, MatRef dz) {
  const float scale = weight / static_cast<float>(z.rows());
  dz.array() += z.array().sign() * scale;
  return static_cast<float>(z.cwiseAbs().cast<double>().sum()) * scale;
}

float kl_sparsity_penalty(ConstMatRef z, float rho, float weight, MatRef dz) {
  const double b = static_cast<double>(z.rows());
  double penalty = 0.0;
  for (int64_t j = 0; j < z.cols(); ++j) {
    const double mean = std::clamp(z.col(j).cast<double>().sum() / b, 1e-6, 1.0 - 1e-6);
    penalty += rho * std::log(rho / mean) + (1.0 - rho) * std::log((1.0 - rho) / (1.0 - mean));
    const float g = static_cast<float>(weight * (-rho / mean + (1.0 - rho) / (1.0 - mean)) / b);
    dz.col(j).array() += g;
  }
  return static_cast<float>(weight * penalty);
}

float contractive_penalty(ConstMatRef h, ConstMatRef weight, float w, MatRef dh, MatRef dweight) {
  const float scale = w / static_cast<float>(h.rows());
  double penalty = 0.0;
  for (int64_t j = 0; j < h.cols(); ++j) {
    const float a = weight.row(j).squaredNorm();
    double s2_sum = 0.0;
    for (int64_t b = 0; b < h.rows(); ++b) {
      const float hv = h(b, j), s = hv * (1.0f - hv);
      s2_sum += static_cast<double>(s) * s;
      dh(b, j) += scale * 2.0f * a * s * (1.0f - 2.0f * hv);
    }
    penalty += s2_sum * a;
    dweight.row(j) += (scale * 2.0f * static_cast<float>(s2_sum)) * weight.row(j);
  }
  return static_cast<float>(penalty) * scale;
}

void reparameterize(ConstMatRef mulv, ConstMatRef eps, MatRef z) {
  const int64_t k = z.cols();
  z.array() = mulv.leftCols(k).array() + (0.5f * mulv.rightCols(k).array()).exp() * eps.array();
}

void reparameterize_backward(ConstMatRef mulv, ConstMatRef eps, ConstMatRef dz, MatRef dmulv) {
  const int64_t k = dz.cols();
  dmulv.leftCols(k) = dz;
  dmulv.rightCols(k).array() = dz.array() * eps.array() * (0.5f * mulv.rightCols(k).array()).exp() * 0.5f;
}

float vae_kl(ConstMatRef mulv, float weight, MatRef dmulv) {
  const int64_t k = mulv.cols() / 2;
  // w / B is 1 / B exactly for weight 1, so the plain ELBO keeps its bits.
  const float w_b = weight / static_cast<float>(mulv.rows());
  double kl = 0.0;
  for (int64_t b = 0; b < mulv.rows(); ++b)
    for (int64_t j = 0; j < k; ++j) {
      const double mu = mulv(b, j), lv = mulv(b, k + j);
      kl += -0.5 * (1.0 + lv - mu * mu - std::exp(lv));
    }
  dmulv.leftCols(k) += mulv.leftCols(k) * w_b;
  dmulv.rightCols(k).array() += (mulv.rightCols(k).array().exp() - 1.0f) * (0.5f * w_b);
  return static_cast<float>(kl) * w_b;
}

}  // namespace aelab
