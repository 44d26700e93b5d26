// A feed-forward stack of layers over one flat parameter arena [params | grads | m | v], so
// the optimizer is a single loop and a training step allocates nothing. Activations, caches and
// scratch are preallocated for `capacity` rows and `threads` threads. What a layer
// needs and does comes from its kind's row (layer_kinds.h). A convolution runs the row-local
// layers right after it (its followers) on each sample as it finishes it (sample_hooks.h).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "aligned.h"
#include "dims.h"
#include "layer_kinds.h"
#include "rng.h"
#include "thread_pool.h"

namespace aelab {

struct Layer {
  LayerSpec spec;
  ParamShape shape;                            // its kind's param_shape(spec)
  int64_t weight_offset = 0, bias_offset = 0;  // into each arena block
  int followers = 0;                           // a Leader's Followers right after it (layer_kinds.h)
  int leader = -1;                             // a Follower run by a Leader: that layer
};

class Network {
 public:
  // seam >= 0 names a layer that does not read its predecessor's output (the VAE decoder's
  // first layer reads z, not [mu | logvar]); forward/backward ranges must not cross it.
  Network(const std::vector<LayerSpec>& layers, int capacity, int threads, int seam = -1);

  int64_t param_count() const { return n_params_; }
  int capacity() const { return capacity_; }
  int input_dim() const { return layers_.front().spec.in; }
  int output_dim() const { return layers_.back().spec.out; }
  int layer_count() const { return static_cast<int>(layers_.size()); }
  const Layer& layer(int i) const { return layers_[i]; }

  float* params() { return arena_.data(); }
  const float* params() const { return arena_.data(); }
  float* grads() { return arena_.data() + n_params_; }
  float* adam_m() { return arena_.data() + 2 * n_params_; }
  float* adam_v() { return arena_.data() + 3 * n_params_; }
  void zero_grads();
  void zero_optimizer_state();

  void init(Rng& rng);

  // Runs layers [first, last) on `rows` rows of x (layer(first).in wide) and returns the output
  // of layer last-1, valid until the next call. x must stay valid until backward.
  ConstMatMap forward(ThreadPool& pool, const float* x, int rows, int first, int last);
  ConstMatMap forward(ThreadPool& pool, const float* x, int rows) {
    return forward(pool, x, rows, 0, layer_count());
  }
  // Backward through layers [first, last) after their forward on the same rows; dy is the
  // gradient of layer last-1's output. Accumulates into grads(). Returns the gradient of
  // layer first's input when want_dx (valid until the next call), else nullptr.
  const float* backward(ThreadPool& pool, const float* dy, int rows, int first, int last, bool want_dx);
  void backward(ThreadPool& pool, const float* dy, int rows) { backward(pool, dy, rows, 0, layer_count(), false); }

  // Layer i's output from the latest forward that ran it.
  ConstMatMap forward_output(int i, int rows) const { return ConstMatMap(acts_[i].data(), rows, layers_[i].spec.out); }

  // Parameter views of a parameter layer, in any arena block (params(), grads(), ...).
  MatMap weight(int i, float* block);
  VecMap bias(int i, float* block);

 private:
  friend struct FollowerRun;
  LayerArgs layer_args(ThreadPool& pool, int i);
  // Layer i's LayerArgs and its cache for one row b.
  LayerArgs row_args(ThreadPool& pool, int i, int64_t b);

  std::vector<Layer> layers_;
  int capacity_, threads_, seam_;
  int64_t n_params_ = 0;
  FloatBuffer arena_;
  std::vector<const float*> inputs_;       // forward cache: each layer's input rows
  std::vector<FloatBuffer> acts_;          // acts_[i]: output of layer i, [capacity, out]
  std::vector<IntBuffer> caches_;          // per layer: its kind's cache_ints per row
  FloatBuffer scratch_;                    // scratch for threads_ threads, shared by all layers
  FloatBuffer dbuf_a_, dbuf_b_;            // ping-pong gradients, [capacity, widest]
  FloatBuffer follower_rows_;              // per thread two rows of followers' gradients
  int64_t follower_row_floats_ = 0;        // one such row: widest + 16, a multiple of 16
};

}  // namespace aelab
