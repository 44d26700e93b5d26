// Network: owns the parameter arena and activation buffers, and dispatches each layer to its
// *_forward / *_backward op.
#include "network.h"

#include <algorithm>

#include "activation.h"
#include "check.h"
#include "linear.h"

namespace aelab {

Network::Network(const std::vector<LayerSpec>& layers, int capacity) : capacity_(capacity) {
  AELAB_CHECK(!layers.empty() && capacity >= 1);
  int widest = 0;
  for (size_t i = 0; i < layers.size(); ++i) {
    Layer l{layers[i]};
    AELAB_CHECK(l.spec.in > 0 && l.spec.out > 0);
    AELAB_CHECK(i == 0 || l.spec.in == layers[i - 1].out);
    if (l.spec.kind == LayerKind::Linear) {
      l.weight_offset = n_params_;
      n_params_ += int64_t{l.spec.out} * l.spec.in;
      l.bias_offset = n_params_;
      n_params_ += l.spec.out;
    } else {
      AELAB_CHECK(l.spec.in == l.spec.out);
    }
    widest = std::max({widest, l.spec.in, l.spec.out});
    layers_.push_back(l);
  }
  arena_.assign(static_cast<size_t>(4 * n_params_), 0.0f);
  for (const Layer& l : layers_) acts_.emplace_back(static_cast<size_t>(capacity_) * l.spec.out);
  dbuf_a_.resize(static_cast<size_t>(capacity_) * widest);
  dbuf_b_.resize(static_cast<size_t>(capacity_) * widest);
}

void Network::zero_grads() { std::fill(grads(), grads() + n_params_, 0.0f); }

void Network::zero_optimizer_state() { std::fill(adam_m(), adam_m() + 2 * n_params_, 0.0f); }

MatMap Network::weight(int i, float* block) {
  const LayerSpec& s = layers_[i].spec;
  return MatMap(block + layers_[i].weight_offset, s.out, s.in);
}

VecMap Network::bias(int i, float* block) {
  return VecMap(block + layers_[i].bias_offset, layers_[i].spec.out);
}

void Network::init(Rng& rng) {
  for (int i = 0; i < layer_count(); ++i) {
    if (layers_[i].spec.kind == LayerKind::Linear) linear_init(rng, weight(i, params()), bias(i, params()));
  }
  zero_grads();
  zero_optimizer_state();
}

ConstMatMap Network::forward(ThreadPool& pool, const float* x, int rows, int first, int last) {
  AELAB_CHECK(rows >= 1 && rows <= capacity_ && 0 <= first && first < last && last <= layer_count());
  if (first == 0) input_ = x;
  const float* in = x;
  for (int i = first; i < last; ++i) {
    const LayerSpec& s = layers_[i].spec;
    ConstMatMap xin(in, rows, s.in);
    MatMap y(acts_[i].data(), rows, s.out);
    switch (s.kind) {
      case LayerKind::Linear:
        linear_forward(pool, xin, weight(i, params()), bias(i, params()), y);
        break;
      case LayerKind::ReLU:
        relu_forward(xin, y);
        break;
      case LayerKind::Sigmoid:
        sigmoid_forward(xin, y);
        break;
    }
    in = acts_[i].data();
  }
  return ConstMatMap(in, rows, layers_[last - 1].spec.out);
}

void Network::backward(ThreadPool& pool, const float* dy_in, int rows) {
  AELAB_CHECK(input_ != nullptr && rows >= 1 && rows <= capacity_);
  const float* dy = dy_in;
  float* dx = dbuf_a_.data();
  for (int i = layer_count() - 1; i >= 0; --i) {
    const LayerSpec& s = layers_[i].spec;
    ConstMatMap dym(dy, rows, s.out);
    ConstMatMap y(acts_[i].data(), rows, s.out);
    const float* in = i > 0 ? acts_[i - 1].data() : input_;
    // The first layer's input gradient is never used, so it is not computed.
    MatMap dxm(dx, i > 0 ? rows : 0, s.in);
    switch (s.kind) {
      case LayerKind::Linear:
        linear_backward(pool, dym, ConstMatMap(in, rows, s.in), weight(i, params()), dxm,
                        weight(i, grads()), bias(i, grads()));
        break;
      case LayerKind::ReLU:
        if (i > 0) relu_backward(y, dym, dxm);
        break;
      case LayerKind::Sigmoid:
        if (i > 0) sigmoid_backward(y, dym, dxm);
        break;
    }
    dy = dx;
    dx = (dx == dbuf_a_.data()) ? dbuf_b_.data() : dbuf_a_.data();
  }
}

}  // namespace aelab
