// What each kind of layer is: LayerSpec (its shape), and one row per LayerKind holding
// everything the rest of the core asks of a kind (parameter shapes, init, scratch, cache,
// FLOPs, filters, forward and backward). The network, the model builder's memory estimate,
// the benchmark and the filter view read the rows; nothing else switches on LayerKind.
// A new kind is an enum value, a row here and its *_forward/*_backward pair.
#pragma once
#include <cstddef>
#include <cstdint>

#include "conv2d.h"
#include "conv_transpose2d.h"
#include "dims.h"
#include "rng.h"
#include "sample_hooks.h"
#include "thread_pool.h"

namespace aelab {

// In the table's order (layer_kinds.cpp checks it at compile time); Count is no kind, it
// counts them.
enum class LayerKind { Linear, ReLU, Sigmoid, LeakyReLU, Tanh, Conv2d, ConvTranspose2d, MaxPool2d, Upsample, Count };

// One layer. `in`/`out` are features per example (C*H*W for images, stored NCHW). Spatial
// layers also carry their input geometry, output channels, kernel, stride and padding.
struct LayerSpec {
  LayerKind kind;
  int in = 0, out = 0;
  int c = 0, h = 0, w = 0;                 // input channels, height, width (spatial layers)
  int c_out = 0, k = 0, stride = 1, pad = 0;
};

LayerSpec linear_layer(int in, int out);
LayerSpec activation_layer(LayerKind kind, int n);
LayerSpec conv2d_layer(int c, int h, int w, int c_out, int k, int stride, int pad);
LayerSpec conv_transpose2d_layer(int c, int h, int w, int c_out, int k, int stride, int pad);
LayerSpec maxpool2d_layer(int c, int h, int w, int k);
LayerSpec upsample_layer(int c, int h, int w, int scale);

Conv2dShape conv2d_shape(const LayerSpec& s);
ConvTranspose2dShape conv_transpose2d_shape(const LayerSpec& s);

// A layer's parameters in each arena block: a [weight_rows, weight_cols] weight, then bias_size
// biases. All zero for a layer without parameters.
struct ParamShape {
  int64_t weight_rows = 0, weight_cols = 0, bias_size = 0;
  int64_t count() const { return weight_rows * weight_cols + bias_size; }
};

// The weight block read row-major as `count` images of rows x cols (the app's filter view);
// count = 0 when a kind's weights are not pictures of its input.
struct FilterGrid {
  int count = 0, rows = 0, cols = 0;
};

// What a forward or backward call gets besides its activations. Parameter views are 0 x 0 for
// a layer without parameters; backward adds into dweight and dbias.
struct LayerArgs {
  ThreadPool& pool;
  const LayerSpec& spec;
  MatMap weight, dweight;
  VecMap bias, dbias;
  float* scratch;  // the network's scratch (sized for its threads), shared by all layers
  int32_t* cache;  // this layer's cache, cache_ints per row: written by forward, read by backward
  const SampleHooks* hooks = nullptr;  // a Leader's followers, run per sample (sample_hooks.h)
};

// How a kind takes part in fusing layers per sample (network.cpp). A Leader (the convolutions)
// runs the Followers right after it on each sample as it finishes it, through SampleHooks. A
// Follower's forward and backward work on each row alone, give the same bits on one row as on
// the batch, have no parameters and never use the pool (ReLU, max-pool, upsample: not sigmoid or
// tanh, whose Eigen exp/tanh round differently in a vector's scalar tail).
enum class Fusion { None, Leader, Follower };

struct LayerKindInfo {
  LayerKind kind;
  const char* name;  // PyTorch's module name
  ParamShape (*param_shape)(const LayerSpec&);
  // PyTorch's default initialisation of weight and bias (nothing for a layer without parameters).
  void (*init)(Rng& rng, const LayerSpec&, MatRef weight, VecRef bias);
  size_t (*scratch_floats)(const LayerSpec&, int threads);  // for that many threads
  int64_t (*cache_ints)(const LayerSpec&);     // per row
  // Multiply-adds x 2 of the forward pass's matrix products, per example; elementwise work is 0.
  double (*forward_flops)(const LayerSpec&);
  FilterGrid (*filters)(const LayerSpec&, int image_rows, int image_cols);
  // x [B, in] -> y [B, out] (overwritten).
  void (*forward)(const LayerArgs&, ConstMatRef x, MatRef y);
  // dy [B, out], x and y from forward -> dx [B, in] (overwritten), parameter gradients added
  // into dweight and dbias. dx has no rows when the network does not want it; a kind without
  // parameters then has nothing to do and is not called.
  void (*backward)(const LayerArgs&, ConstMatRef dy, ConstMatRef x, ConstMatRef y, MatRef dx);
  Fusion fusion;
};

const LayerKindInfo& layer_kind(LayerKind kind);

}  // namespace aelab
