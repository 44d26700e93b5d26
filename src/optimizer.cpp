// Adam and SGD-momentum updates, written in PyTorch's operation order so one step matches it
// to float rounding.
#include "optimizer.h"

#include <cmath>

#include "eigen.h"

namespace aelab {

void adam_step(float* param, const float* grad, float* m, float* v, int64_t n, const AdamOptions& opt,
               int64_t t) {
  const double bc1 = 1.0 - std::pow(static_cast<double>(opt.beta1), static_cast<double>(t));
  const double bc2 = 1.0 - std::pow(static_cast<double>(opt.beta2), static_cast<double>(t));
  const float step_size = static_cast<float>(opt.lr / bc1);
  const float bc2_sqrt = static_cast<float>(std::sqrt(bc2));
  const float b1 = opt.beta1, b2 = opt.beta2, eps = opt.eps;
  // Eigen arrays so the square root and division vectorise (a scalar loop calling std::sqrt
  // does not, because of errno); each element sees the same operations in the same order,
  // and sqrt and division are correctly rounded, so the result is the scalar loop's bit for bit.
  Eigen::Map<Eigen::ArrayXf> p(param, n), mm(m, n), vv(v, n);
  Eigen::Map<const Eigen::ArrayXf> g(grad, n);
  mm = mm * b1 + (1.0f - b1) * g;  // exp_avg.mul_(b1).add_(g, alpha=1-b1)
  vv = vv * b2 + (1.0f - b2) * g * g;
  p -= step_size * (mm / (vv.sqrt() / bc2_sqrt + eps));
}

void sgd_step(float* param, const float* grad, float* buf, int64_t n, const SgdOptions& opt) {
  for (int64_t i = 0; i < n; ++i) {
    buf[i] = opt.momentum * buf[i] + grad[i];
    param[i] -= opt.lr * buf[i];
  }
}

}  // namespace aelab
