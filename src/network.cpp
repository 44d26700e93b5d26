// Network: owns the parameter arena, activations, caches and scratch, sizes and points them
// from each layer's row in the table of kinds, and runs the rows' forward / backward, a Leader's
// Followers per sample inside the Leader's own pass (FollowerRun).
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
  // The Followers right after each Leader, never across the seam.
  for (size_t i = 0; i < layers_.size(); ++i) {
    if (layer_kind(layers_[i].spec.kind).fusion != Fusion::Leader) continue;
    for (size_t j = i + 1; j < layers_.size() && static_cast<int>(j) != seam_ &&
                           layer_kind(layers_[j].spec.kind).fusion == Fusion::Follower;
         ++j) {
      AELAB_CHECK(layers_[j].shape.count() == 0);
      layers_[j].leader = static_cast<int>(i);
      ++layers_[i].followers;
    }
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
  follower_row_floats_ = (widest + 15) / 16 * 16 + 16;
  follower_rows_.resize(static_cast<size_t>(threads_) * 2 * follower_row_floats_);
}

// ----

// The hooks of one Leader `lead` and its Followers (lead, last], run on sample b by the
// Leader's thread. The Followers get one-row views of the buffers they would get for the batch,
// so they compute the same bits; only their gradients go to per-thread rows instead.
struct FollowerRun {
  Network* net;
  ThreadPool* pool;
  int lead, last;
  const float* dy;  // backward: the gradient of layer last's output, [rows, its out]

  static void forward(const void* ctx, int, int64_t b) {
    const FollowerRun& r = *static_cast<const FollowerRun*>(ctx);
    Network& n = *r.net;
    for (int j = r.lead + 1; j <= r.last; ++j) {
      const LayerSpec& s = n.layers_[j].spec;
      layer_kind(s.kind).forward(n.row_args(*r.pool, j, b), ConstMatMap(n.acts_[j - 1].data() + b * s.in, 1, s.in),
                                 MatMap(n.acts_[j].data() + b * s.out, 1, s.out));
    }
  }

  static const float* backward(const void* ctx, int thread, int64_t b) {
    const FollowerRun& r = *static_cast<const FollowerRun*>(ctx);
    Network& n = *r.net;
    float* rows = n.follower_rows_.data() + thread * 2 * n.follower_row_floats_;
    const float* g = r.dy + b * n.layers_[r.last].spec.out;
    for (int j = r.last; j > r.lead; --j) {
      const LayerSpec& s = n.layers_[j].spec;
      // At row b's offset modulo 16 floats (64 bytes) in the batch buffer it stands in for, so
      // the Leader's vectorised dbias sum peels the same elements, and rounds the same, as there.
      float* dx = rows + (r.last - j) % 2 * n.follower_row_floats_ + b * s.in % 16;
      layer_kind(s.kind).backward(n.row_args(*r.pool, j, b), ConstMatMap(g, 1, s.out),
                                  ConstMatMap(n.inputs_[j] + b * s.in, 1, s.in),
                                  ConstMatMap(n.acts_[j].data() + b * s.out, 1, s.out), MatMap(dx, 1, s.in));
      g = dx;
    }
    return g;
  }
};

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

LayerArgs Network::row_args(ThreadPool& pool, int i, int64_t b) {
  LayerArgs a = layer_args(pool, i);
  a.cache += b * layer_kind(layers_[i].spec.kind).cache_ints(layers_[i].spec);
  return a;
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
    const int fused = std::min(layers_[i].followers, last - 1 - i);
    FollowerRun run{this, &pool, i, i + fused, nullptr};
    const SampleHooks hooks{&run, &FollowerRun::forward, nullptr};
    LayerArgs args = layer_args(pool, i);
    if (fused > 0) args.hooks = &hooks;
    layer_kind(s.kind).forward(args, xin, y);
    for (int j = i + 1; j <= i + fused; ++j) inputs_[j] = acts_[j - 1].data();
    i += fused;
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
    // Followers (lead, i] in the range are run by their Leader, which asks for each sample's dy.
    const int lead = layers_[i].leader >= first ? layers_[i].leader : i;
    FollowerRun run{this, &pool, lead, i, dy};
    const SampleHooks hooks{&run, nullptr, &FollowerRun::backward};
    LayerArgs args = layer_args(pool, lead);
    if (lead < i) args.hooks = &hooks;
    const Layer& l = layers_[lead];
    const LayerSpec& s = l.spec;
    i = lead;
    AELAB_CHECK(inputs_[i] != nullptr);
    ConstMatMap dym(dy, rows, s.out);  // not read when fused: the hooks give its rows
    ConstMatMap y(acts_[i].data(), rows, s.out);
    ConstMatMap xin(inputs_[i], rows, s.in);
    // The first layer's input gradient is computed only when asked for; a layer without
    // parameters then has nothing left to do.
    const bool need = i > first || want_dx;
    MatMap dxm(dx, need ? rows : 0, s.in);
    if (need || l.shape.count() > 0) layer_kind(s.kind).backward(args, dym, xin, y, dxm);
    dy = dx;
    dx = (dx == dbuf_a_.data()) ? dbuf_b_.data() : dbuf_a_.data();
  }
  return want_dx ? dy : nullptr;
}

}  // namespace aelab
