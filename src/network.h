// A feed-forward stack of layers over one flat parameter arena [params | grads | m | v], so
// the optimizer is a single loop and a training step allocates nothing. Activations are
// preallocated for `capacity` rows. Knows nothing of datasets, files or threads' origin.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "aligned.h"
#include "dims.h"
#include "rng.h"
#include "thread_pool.h"

namespace aelab {

enum class LayerKind { Linear, ReLU, Sigmoid };

struct LayerSpec {
  LayerKind kind;
  int in = 0, out = 0;  // features in and out (equal for activations)
};

struct Layer {
  LayerSpec spec;
  int64_t weight_offset = 0, bias_offset = 0;  // into the arena's parameter block (Linear only)
};

class Network {
 public:
  Network(const std::vector<LayerSpec>& layers, int capacity);

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

  // Runs layers [first, last) on `rows` rows of x (row-major, layer(first).in wide) and
  // returns the output of layer last-1, valid until the next call.
  ConstMatMap forward(ThreadPool& pool, const float* x, int rows, int first, int last);
  ConstMatMap forward(ThreadPool& pool, const float* x, int rows) {
    return forward(pool, x, rows, 0, layer_count());
  }
  // Backward through every layer after a full forward of `rows` rows; dy is [rows, output_dim].
  // Accumulates into grads(); the input gradient is not needed and not computed.
  void backward(ThreadPool& pool, const float* dy, int rows);

  // Parameter views for a Linear layer.
  MatMap weight(int i, float* block);
  VecMap bias(int i, float* block);

 private:
  std::vector<Layer> layers_;
  int capacity_;
  int64_t n_params_ = 0;
  FloatBuffer arena_;
  const float* input_ = nullptr;      // forward cache: the caller's input rows
  std::vector<FloatBuffer> acts_;     // acts_[i]: output of layer i, [capacity, out]
  FloatBuffer dbuf_a_, dbuf_b_;       // ping-pong gradients, [capacity, max width]
};

}  // namespace aelab
