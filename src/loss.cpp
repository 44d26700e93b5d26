// MSE and BCE losses. Sums are taken row by row in double so the value does not drift with
// batch size; the gradients follow PyTorch's formulas exactly.
#include "loss.h"

namespace aelab {

float mse_forward(ConstMatRef y, ConstMatRef target) {
  double sum = 0.0;
  for (int64_t r = 0; r < y.rows(); ++r) sum += (y.row(r) - target.row(r)).squaredNorm();
  return static_cast<float>(sum / static_cast<double>(y.size()));
}

void mse_backward(ConstMatRef y, ConstMatRef target, MatRef dy) {
  const float scale = 2.0f / static_cast<float>(y.size());
  dy.array() = (y.array() - target.array()) * scale;
}

float bce_forward(ConstMatRef y, ConstMatRef target) {
  double sum = 0.0;
  for (int64_t r = 0; r < y.rows(); ++r) {
    sum -= (target.row(r).array() * y.row(r).array().log().max(-100.0f) +
            (1.0f - target.row(r).array()) * (1.0f - y.row(r).array()).log().max(-100.0f))
               .sum();
  }
  return static_cast<float>(sum / static_cast<double>(y.size()));
}

void bce_backward(ConstMatRef y, ConstMatRef target, MatRef dy) {
  const float scale = 1.0f / static_cast<float>(y.size());
  dy.array() = (y.array() - target.array()) / (y.array() * (1.0f - y.array())).max(1e-12f) * scale;
}

}  // namespace aelab
