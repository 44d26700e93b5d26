// Optimizers over the flat parameter arena: one loop over every parameter of the model.
#pragma once
#include <cstdint>

namespace aelab {

struct AdamOptions {
  float lr = 1e-3f, beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f;  // PyTorch's defaults
};

// One Adam step, t >= 1 (PyTorch 1.13 torch.optim.Adam, weight_decay 0, amsgrad off):
//   m = β1 m + (1-β1) g;  v = β2 v + (1-β2) g²
//   p -= lr / (1-β1^t) · m / (√v / √(1-β2^t) + eps)
void adam_step(float* param, const float* grad, float* m, float* v, int64_t n, const AdamOptions& opt,
               int64_t t);

struct SgdOptions {
  float lr = 1e-2f, momentum = 0.9f;
};

// One SGD step with momentum (torch.optim.SGD, dampening 0, no nesterov):
//   buf = momentum·buf + g;  p -= lr · buf
// buf starts at zero, which makes the first step buf = g as in PyTorch.
void sgd_step(float* param, const float* grad, float* buf, int64_t n, const SgdOptions& opt);

}  // namespace aelab
