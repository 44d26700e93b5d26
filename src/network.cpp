// Network: owns the parameter arena, activations, caches and scratch, and dispatches each layer
// to its *_forward / *_backward op.
#include "network.h"

#include <algorithm>

#include "activation.h"
#include "check.h"
#include "linear.h"

namespace aelab {

namespace {
constexpr float kLeakySlope = 0.01f;  // nn.LeakyReLU's default
}

LayerSpec linear_layer(int in, int out) { return {LayerKind::Linear, in, out}; }

LayerSpec activation_layer(LayerKind kind, int n) { return {kind, n, n}; }

LayerSpec conv2d_layer(int c, int h, int w, int c_out, int k, int stride, int pad) {
  LayerSpec s{LayerKind::Conv2d, c * h * w, 0, c, h, w, c_out, k, stride, pad};
  const Conv2dShape cs = conv2d_shape(s);
  s.out = c_out * cs.h_out() * cs.w_out();
  return s;
}

LayerSpec conv_transpose2d_layer(int c, int h, int w, int c_out, int k, int stride, int pad) {
  LayerSpec s{LayerKind::ConvTranspose2d, c * h * w, 0, c, h, w, c_out, k, stride, pad};
  const ConvTranspose2dShape cs = conv_transpose2d_shape(s);
  s.out = c_out * cs.h_out() * cs.w_out();
  return s;
}

LayerSpec maxpool2d_layer(int c, int h, int w, int k) {
  return {LayerKind::MaxPool2d, c * h * w, c * (h / k) * (w / k), c, h, w, c, k, k, 0};
}

LayerSpec upsample_layer(int c, int h, int w, int scale) {
  return {LayerKind::Upsample, c * h * w, c * h * scale * w * scale, c, h, w, c, scale, scale, 0};
}

Conv2dShape conv2d_shape(const LayerSpec& s) { return {s.c, s.h, s.w, s.c_out, s.k, s.stride, s.pad}; }

ConvTranspose2dShape conv_transpose2d_shape(const LayerSpec& s) {
  return {s.c, s.h, s.w, s.c_out, s.k, s.stride, s.pad};
}

const char* layer_name(LayerKind kind) {
  switch (kind) {
    case LayerKind::Linear: return "Linear";
    case LayerKind::ReLU: return "ReLU";
    case LayerKind::Sigmoid: return "Sigmoid";
    case LayerKind::LeakyReLU: return "LeakyReLU";
    case LayerKind::Tanh: return "Tanh";
    case LayerKind::Conv2d: return "Conv2d";
    case LayerKind::ConvTranspose2d: return "ConvTranspose2d";
    case LayerKind::MaxPool2d: return "MaxPool2d";
    case LayerKind::Upsample: return "Upsample";
  }
  return "?";
}

bool has_params(LayerKind kind) {
  return kind == LayerKind::Linear || kind == LayerKind::Conv2d || kind == LayerKind::ConvTranspose2d;
}

Network::Network(const std::vector<LayerSpec>& layers, int capacity, int threads, int seam)
    : capacity_(capacity), threads_(threads), seam_(seam) {
  AELAB_CHECK(!layers.empty() && capacity >= 1 && threads >= 1);
  int widest = 0;
  size_t scratch_per_thread = 0;
  for (size_t i = 0; i < layers.size(); ++i) {
    Layer l{layers[i]};
    const LayerSpec& s = l.spec;
    AELAB_CHECK(s.in > 0 && s.out > 0);
    AELAB_CHECK(i == 0 || s.in == layers[i - 1].out || static_cast<int>(i) == seam);
    switch (s.kind) {
      case LayerKind::Linear:
        l.weight_rows = s.out;
        l.weight_cols = s.in;
        break;
      case LayerKind::Conv2d:
        l.weight_rows = s.c_out;
        l.weight_cols = conv2d_shape(s).patch();
        scratch_per_thread = std::max(scratch_per_thread, conv2d_scratch_floats(conv2d_shape(s)));
        break;
      case LayerKind::ConvTranspose2d:
        l.weight_rows = s.c;
        l.weight_cols = conv_transpose2d_shape(s).patch();
        scratch_per_thread = std::max(scratch_per_thread, conv_transpose2d_scratch_floats(conv_transpose2d_shape(s)));
        break;
      default:
        break;
    }
    if (has_params(s.kind)) {
      l.weight_offset = n_params_;
      n_params_ += l.weight_rows * l.weight_cols;
      l.bias_offset = n_params_;
      n_params_ += s.kind == LayerKind::Linear ? s.out : s.c_out;
    }
    widest = std::max({widest, s.in, s.out});
    layers_.push_back(l);
  }
  arena_.assign(static_cast<size_t>(4 * n_params_), 0.0f);
  inputs_.assign(layers_.size(), nullptr);
  for (const Layer& l : layers_) {
    acts_.emplace_back(static_cast<size_t>(capacity_) * l.spec.out);
    argmax_.emplace_back(l.spec.kind == LayerKind::MaxPool2d ? static_cast<size_t>(capacity_) * l.spec.out : 0);
  }
  scratch_.resize(scratch_per_thread * threads_);
  dbuf_a_.resize(static_cast<size_t>(capacity_) * widest);
  dbuf_b_.resize(static_cast<size_t>(capacity_) * widest);
}

void Network::zero_grads() { std::fill(grads(), grads() + n_params_, 0.0f); }

void Network::zero_optimizer_state() { std::fill(adam_m(), adam_m() + 2 * n_params_, 0.0f); }

MatMap Network::weight(int i, float* block) {
  const Layer& l = layers_[i];
  return MatMap(block + l.weight_offset, l.weight_rows, l.weight_cols);
}

VecMap Network::bias(int i, float* block) {
  const Layer& l = layers_[i];
  return VecMap(block + l.bias_offset, l.spec.kind == LayerKind::Linear ? l.spec.out : l.spec.c_out);
}

void Network::init(Rng& rng) {
  for (int i = 0; i < layer_count(); ++i) {
    const LayerSpec& s = layers_[i].spec;
    if (s.kind == LayerKind::Linear) linear_init(rng, weight(i, params()), bias(i, params()));
    if (s.kind == LayerKind::Conv2d) conv2d_init(rng, conv2d_shape(s), weight(i, params()), bias(i, params()));
    if (s.kind == LayerKind::ConvTranspose2d)
      conv_transpose2d_init(rng, conv_transpose2d_shape(s), weight(i, params()), bias(i, params()));
  }
  zero_grads();
  zero_optimizer_state();
}

ConstMatMap Network::forward(ThreadPool& pool, const float* x, int rows, int first, int last) {
  AELAB_CHECK(rows >= 1 && rows <= capacity_ && 0 <= first && first < last && last <= layer_count());
  AELAB_CHECK(!(first < seam_ && seam_ < last));
  AELAB_CHECK(pool.size() <= threads_);
  const float* in = x;
  for (int i = first; i < last; ++i) {
    const LayerSpec& s = layers_[i].spec;
    inputs_[i] = in;
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
      case LayerKind::LeakyReLU:
        leaky_relu_forward(xin, y, kLeakySlope);
        break;
      case LayerKind::Tanh:
        tanh_forward(xin, y);
        break;
      case LayerKind::Conv2d:
        conv2d_forward(pool, conv2d_shape(s), xin, weight(i, params()), bias(i, params()), y, scratch_.data());
        break;
      case LayerKind::ConvTranspose2d:
        conv_transpose2d_forward(pool, conv_transpose2d_shape(s), xin, weight(i, params()), bias(i, params()), y,
                                 scratch_.data());
        break;
      case LayerKind::MaxPool2d:
        maxpool2d_forward({s.c, s.h, s.w, s.k}, xin, y, argmax_[i].data());
        break;
      case LayerKind::Upsample:
        upsample_nearest_forward({s.c, s.h, s.w, s.k}, xin, y);
        break;
    }
    in = acts_[i].data();
  }
  return ConstMatMap(in, rows, layers_[last - 1].spec.out);
}

const float* Network::backward(ThreadPool& pool, const float* dy_in, int rows, int first, int last, bool want_dx) {
  AELAB_CHECK(rows >= 1 && rows <= capacity_ && 0 <= first && first < last && last <= layer_count());
  AELAB_CHECK(!(first < seam_ && seam_ < last));
  const float* dy = dy_in;
  float* dx = dbuf_a_.data();
  for (int i = last - 1; i >= first; --i) {
    const LayerSpec& s = layers_[i].spec;
    AELAB_CHECK(inputs_[i] != nullptr);
    ConstMatMap dym(dy, rows, s.out);
    ConstMatMap y(acts_[i].data(), rows, s.out);
    ConstMatMap xin(inputs_[i], rows, s.in);
    // The first layer's input gradient is computed only when asked for.
    const bool need = i > first || want_dx;
    MatMap dxm(dx, need ? rows : 0, s.in);
    switch (s.kind) {
      case LayerKind::Linear:
        linear_backward(pool, dym, xin, weight(i, params()), dxm, weight(i, grads()), bias(i, grads()));
        break;
      case LayerKind::ReLU:
        if (need) relu_backward(y, dym, dxm);
        break;
      case LayerKind::Sigmoid:
        if (need) sigmoid_backward(y, dym, dxm);
        break;
      case LayerKind::LeakyReLU:
        if (need) leaky_relu_backward(y, dym, dxm, kLeakySlope);
        break;
      case LayerKind::Tanh:
        if (need) tanh_backward(y, dym, dxm);
        break;
      case LayerKind::Conv2d:
        conv2d_backward(pool, conv2d_shape(s), dym, xin, weight(i, params()), dxm, weight(i, grads()),
                        bias(i, grads()), scratch_.data());
        break;
      case LayerKind::ConvTranspose2d:
        conv_transpose2d_backward(pool, conv_transpose2d_shape(s), dym, xin, weight(i, params()), dxm,
                                  weight(i, grads()), bias(i, grads()), scratch_.data());
        break;
      case LayerKind::MaxPool2d:
        if (need) maxpool2d_backward({s.c, s.h, s.w, s.k}, dym, argmax_[i].data(), dxm);
        break;
      case LayerKind::Upsample:
        if (need) upsample_nearest_backward({s.c, s.h, s.w, s.k}, dym, dxm);
        break;
    }
    dy = dx;
    dx = (dx == dbuf_a_.data()) ? dbuf_b_.data() : dbuf_a_.data();
  }
  return want_dx ? dy : nullptr;
}

}  // namespace aelab
