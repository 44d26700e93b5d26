// Element-wise activations. Forward writes y; backward overwrites dx from dy and the cached
// forward output y (both ReLU and sigmoid derivatives are functions of y alone).
#pragma once
#include "dims.h"

namespace aelab {

// x [B,D] -> y [B,D]: y = max(x, 0). May run in place (x and y the same buffer).
void relu_forward(ConstMatRef x, MatRef y);
// dx = dy ⊙ [y > 0]
void relu_backward(ConstMatRef y, ConstMatRef dy, MatRef dx);

// y = 1 / (1 + e^-x)
void sigmoid_forward(ConstMatRef x, MatRef y);
// dx = dy ⊙ y ⊙ (1 - y)
void sigmoid_backward(ConstMatRef y, ConstMatRef dy, MatRef dx);

// y = x for x > 0, slope·x otherwise (nn.LeakyReLU)
void leaky_relu_forward(ConstMatRef x, MatRef y, float slope);
// dx = dy ⊙ (y > 0 ? 1 : slope)   (y and x share their sign for slope > 0)
void leaky_relu_backward(ConstMatRef y, ConstMatRef dy, MatRef dx, float slope);

// y = tanh x
void tanh_forward(ConstMatRef x, MatRef y);
// dx = dy ⊙ (1 - y²)
void tanh_backward(ConstMatRef y, ConstMatRef dy, MatRef dx);

}  // namespace aelab
