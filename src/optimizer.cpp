// Adam and SGD-momentum updates, written in PyTorch's operation order so one step matches it
// to float rounding.
#include "optimizer.h"

#include <cmath>

namespace aelab {

void adam_step(float* param, const float* grad, float* m, float* v, int64_t n, const AdamOptions& opt,
               int64_t t) {
  const double bc1 = 1.0 - std::pow(static_cast<double>(opt.beta1), static_cast<double>(t));
  const double bc2 = 1.0 - std::pow(static_cast<double>(opt.beta2), static_cast<double>(t));
  const float step_size = static_cast<float>(opt.lr / bc1);
  const float bc2_sqrt = static_cast<float>(std::sqrt(bc2));
  const float b1 = opt.beta1, b2 = opt.beta2, eps = opt.eps;
  // A plain loop: with -fno-math-errno (cmake/flags.cmake) it vectorises to correctly rounded
  // sqrtps / f32x4.sqrt. Eigen's ArrayXf::sqrt() would not do: under EIGEN_FAST_MATH it is an
  // rsqrt estimate plus one Newton step, and Emscripten computes that estimate exactly while x86
  // does not, so native and wasm runs (same_run) and PyTorch's sqrt would all differ.
  for (int64_t i = 0; i < n; ++i) {
    const float g = grad[i];
    m[i] = m[i] * b1 + (1.0f - b1) * g;  // exp_avg.mul_(b1).add_(g, alpha=1-b1)
    v[i] = v[i] * b2 + (1.0f - b2) * g * g;
    const float denom = std::sqrt(v[i]) / bc2_sqrt + eps;
    param[i] -= step_size * (m[i] / denom);
  }
}

void sgd_step(float* param, const float* grad, float* buf, int64_t n, const SgdOptions& opt) {
  for (int64_t i = 0; i < n; ++i) {
    buf[i] = opt.momentum * buf[i] + grad[i];
    param[i] -= opt.lr * buf[i];
  }
}

}  // namespace aelab
