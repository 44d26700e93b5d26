// ReLU and sigmoid over whole batches with Eigen array expressions (vectorised).
#include "activation.h"

namespace aelab {

void relu_forward(ConstMatRef x, MatRef y) { y.array() = x.array().max(0.0f); }

void relu_backward(ConstMatRef y, ConstMatRef dy, MatRef dx) {
  dx.array() = (y.array() > 0.0f).select(dy.array(), 0.0f);
}

void sigmoid_forward(ConstMatRef x, MatRef y) { y.array() = 1.0f / (1.0f + (-x.array()).exp()); }

void sigmoid_backward(ConstMatRef y, ConstMatRef dy, MatRef dx) {
  dx.array() = dy.array() * y.array() * (1.0f - y.array());
}

void leaky_relu_forward(ConstMatRef x, MatRef y, float slope) {
  y.array() = (x.array() > 0.0f).select(x.array(), x.array() * slope);
}

void leaky_relu_backward(ConstMatRef y, ConstMatRef dy, MatRef dx, float slope) {
  dx.array() = (y.array() > 0.0f).select(dy.array(), dy.array() * slope);
}

void tanh_forward(ConstMatRef x, MatRef y) { y.array() = x.array().tanh(); }

void tanh_backward(ConstMatRef y, ConstMatRef dy, MatRef dx) {
  dx.array() = dy.array() * (1.0f - y.array().square());
}

}  // namespace aelab
