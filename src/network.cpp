// Network: owns the parameter arena, activations, caches and scratch, sizes and points them
// from each layer's row in the table of kinds, and runs the rows' forward / backward.
#include "network.h"

#include <algorithm>

#include "check.h"

namespace aelab {

Network::Network(const std::vector<LayerSpec>& layers, int capacity, int threads, int seam)
    : capacity_(capacity), threads_(threads), seam_(seam) {
  AELAB_CHECK(!layers.empty() && capacity >= 1 && threads >= 1);
  int widest = 0;
  size_t scratch = 0;
  for (size_t i = 0; i < layers.size(); ++i) {
    const LayerSpec& s = layers[i];
    const LayerKindInfo& kind = layer_kind(s.kind);
    AELAB_CHECK(s.in > 0 && s.out > 0);
    AELAB_CHECK(i == 0 || s.in == layers[i - 1].out || static_cast<int>(i) == seam);
    // Each layer's weight then bias, in layer order, as llm.c lays out param_sizes[].
    Layer l{s, kind.param_shape(s)};
    l.weight_offset = n_params_;
    n_params_ += l.shape.weight_rows * l.shape.weight_cols;
    l.bias_offset = n_params_;
    n_params_ += l.shape.bias_size;
    scratch = std::max(scratch, kind.scratch_floats(s, threads_));
    widest = std::max({widest, s.in, s.out});
    layers_.push_back(l);
  }
  arena_.assign(static_cast<size_t>(4 * n_params_), 0.0f);
  inputs_.assign(layers_.size(), nullptr);
  for (const Layer& l : layers_) {
    acts_.emplace_back(static_cast<size_t>(capacity_) * l.spec.out);
    caches_.emplace_back(static_cast<size_t>(capacity_ * layer_kind(l.spec.kind).cache_ints(l.spec)));
  }
  scratch_.resize(scratch);
  dbuf_a_.resize(static_cast<size_t>(capacity_) * widest);
  dbuf_b_.resize(static_cast<size_t>(capacity_) * widest);
}

void Network::zero_grads() { std::fill(grads(), grads() + n_params_, 0.0f); }

void Network::zero_optimizer_state() { std::fill(adam_m(), adam_m() + 2 * n_params_, 0.0f); }

MatMap Network::weight(int i, float* block) {
  const Layer& l = layers_[i];
  return MatMap(block + l.weight_offset, l.shape.weight_rows, l.shape.weight_cols);
}

VecMap Network::bias(int i, float* block) {
  const Layer& l = layers_[i];
  return VecMap(block + l.bias_offset, l.shape.bias_size);
}

LayerArgs Network::layer_args(ThreadPool& pool, int i) {
  return {pool, layers_[i].spec, weight(i, params()), weight(i, grads()), bias(i, params()), bias(i, grads()),
          scratch_.data(), caches_[i].data()};
}

void Network::init(Rng& rng) {
  for (int i = 0; i < layer_count(); ++i) {
    const LayerSpec& s = layers_[i].spec;
    layer_kind(s.kind).init(rng, s, weight(i, params()), bias(i, params()));
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
    layer_kind(s.kind).forward(layer_args(pool, i), xin, y);
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
    const Layer& l = layers_[i];
    const LayerSpec& s = l.spec;
    AELAB_CHECK(inputs_[i] != nullptr);
    ConstMatMap dym(dy, rows, s.out);
    ConstMatMap y(acts_[i].data(), rows, s.out);
    ConstMatMap xin(inputs_[i], rows, s.in);
    // The first layer's input gradient is computed only when asked for; a layer without
    // parameters then has nothing left to do.
    const bool need = i > first || want_dx;
    MatMap dxm(dx, need ? rows : 0, s.in);
    if (need || l.shape.count() > 0) layer_kind(s.kind).backward(layer_args(pool, i), dym, xin, y, dxm);
    dy = dx;
    dx = (dx == dbuf_a_.data()) ? dbuf_b_.data() : dbuf_a_.data();
  }
  return want_dx ? dy : nullptr;
}

}  // namespace aelab
