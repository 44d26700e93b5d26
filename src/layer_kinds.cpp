// The layer specs' constructors and the table of layer kinds: per kind, small adapters from the
// table's uniform signatures to its *_forward / *_backward / *_init ops, then one row each.
// The kernels themselves live in linear, activation, conv2d, conv_transpose2d and pool2d.
#include "layer_kinds.h"

#include "activation.h"
#include "check.h"
#include "linear.h"
#include "pool2d.h"

namespace aelab {

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

namespace {

// ---- the columns of kinds that lack them

ParamShape no_params(const LayerSpec&) { return {}; }
void no_init(Rng&, const LayerSpec&, MatRef, VecRef) {}
size_t no_scratch(const LayerSpec&, int) { return 0; }
int64_t no_cache(const LayerSpec&) { return 0; }
double no_flops(const LayerSpec&) { return 0.0; }
FilterGrid no_filters(const LayerSpec&, int, int) { return {}; }

// ---- elementwise activations: backward needs only y

template <void (*Forward)(ConstMatRef, MatRef)>
void elementwise_forward(const LayerArgs&, ConstMatRef x, MatRef y) {
  Forward(x, y);
}

template <void (*Backward)(ConstMatRef, ConstMatRef, MatRef)>
void elementwise_backward(const LayerArgs&, ConstMatRef dy, ConstMatRef, ConstMatRef y, MatRef dx) {
  Backward(y, dy, dx);
}

namespace leaky {
constexpr float kSlope = 0.01f;  // nn.LeakyReLU's default
void forward(const LayerArgs&, ConstMatRef x, MatRef y) { leaky_relu_forward(x, y, kSlope); }
void backward(const LayerArgs&, ConstMatRef dy, ConstMatRef, ConstMatRef y, MatRef dx) {
  leaky_relu_backward(y, dy, dx, kSlope);
}
}  // namespace leaky

// ---- Linear: weight [out, in]

namespace linear {
ParamShape params(const LayerSpec& s) { return {s.out, s.in, s.out}; }
void init(Rng& rng, const LayerSpec&, MatRef weight, VecRef bias) { linear_init(rng, weight, bias); }
double flops(const LayerSpec& s) { return 2.0 * s.in * s.out; }
// A unit's weights over a whole input image are a picture of what it looks for.
FilterGrid filters(const LayerSpec& s, int image_rows, int image_cols) {
  if (s.in != image_rows * image_cols) return {};
  return {s.out, image_rows, image_cols};
}
void forward(const LayerArgs& a, ConstMatRef x, MatRef y) { linear_forward(a.pool, x, a.weight, a.bias, y); }
void backward(const LayerArgs& a, ConstMatRef dy, ConstMatRef x, ConstMatRef, MatRef dx) {
  linear_backward(a.pool, dy, x, a.weight, dx, a.dweight, a.dbias);
}
}  // namespace linear

// ---- Conv2d: weight [c_out, c*k*k]

namespace conv {
ParamShape params(const LayerSpec& s) { return {s.c_out, conv2d_shape(s).patch(), s.c_out}; }
void init(Rng& rng, const LayerSpec& s, MatRef weight, VecRef bias) {
  conv2d_init(rng, conv2d_shape(s), weight, bias);
}
size_t scratch(const LayerSpec& s, int threads) { return conv2d_scratch_floats(conv2d_shape(s), threads); }
double flops(const LayerSpec& s) {
  const Conv2dShape c = conv2d_shape(s);
  return 2.0 * c.c_out * c.patch() * c.h_out() * c.w_out();
}
// Weight rows are output channels, columns the im2col patch [input channel][ky][kx]: one k x k
// kernel per (output, input) channel pair.
FilterGrid filters(const LayerSpec& s, int, int) { return {s.c_out * s.c, s.k, s.k}; }
void forward(const LayerArgs& a, ConstMatRef x, MatRef y) {
  conv2d_forward(a.pool, conv2d_shape(a.spec), x, a.weight, a.bias, y, a.scratch, a.hooks);
}
void backward(const LayerArgs& a, ConstMatRef dy, ConstMatRef x, ConstMatRef, MatRef dx) {
  conv2d_backward(a.pool, conv2d_shape(a.spec), dy, x, a.weight, dx, a.dweight, a.dbias, a.scratch, a.hooks);
}
}  // namespace conv

// ---- ConvTranspose2d: weight [c, c_out*k*k]

namespace conv_t {
ParamShape params(const LayerSpec& s) { return {s.c, conv_transpose2d_shape(s).patch(), s.c_out}; }
void init(Rng& rng, const LayerSpec& s, MatRef weight, VecRef bias) {
  conv_transpose2d_init(rng, conv_transpose2d_shape(s), weight, bias);
}
size_t scratch(const LayerSpec& s, int threads) {
  return conv_transpose2d_scratch_floats(conv_transpose2d_shape(s), threads);
}
double flops(const LayerSpec& s) {
  const ConvTranspose2dShape c = conv_transpose2d_shape(s);
  return 2.0 * c.c_in * c.patch() * c.h_in * c.w_in;
}
void forward(const LayerArgs& a, ConstMatRef x, MatRef y) {
  conv_transpose2d_forward(a.pool, conv_transpose2d_shape(a.spec), x, a.weight, a.bias, y, a.scratch, a.hooks);
}
void backward(const LayerArgs& a, ConstMatRef dy, ConstMatRef x, ConstMatRef, MatRef dx) {
  conv_transpose2d_backward(a.pool, conv_transpose2d_shape(a.spec), dy, x, a.weight, dx, a.dweight, a.dbias,
                            a.scratch, a.hooks);
}
}  // namespace conv_t

// ---- MaxPool2d and Upsample: k is the window or the scale

Pool2dShape pool2d_shape(const LayerSpec& s) { return {s.c, s.h, s.w, s.k}; }

namespace maxpool {
int64_t cache(const LayerSpec& s) { return s.out; }  // each window's winner
void forward(const LayerArgs& a, ConstMatRef x, MatRef y) { maxpool2d_forward(pool2d_shape(a.spec), x, y, a.cache); }
void backward(const LayerArgs& a, ConstMatRef dy, ConstMatRef, ConstMatRef, MatRef dx) {
  maxpool2d_backward(pool2d_shape(a.spec), dy, a.cache, dx);
}
}  // namespace maxpool

namespace upsample {
void forward(const LayerArgs& a, ConstMatRef x, MatRef y) { upsample_nearest_forward(pool2d_shape(a.spec), x, y); }
void backward(const LayerArgs& a, ConstMatRef dy, ConstMatRef, ConstMatRef, MatRef dx) {
  upsample_nearest_backward(pool2d_shape(a.spec), dy, dx);
}
}  // namespace upsample

// ---- the table

constexpr LayerKindInfo kLayerKinds[] = {
    // kind, name, param_shape, init, scratch_floats, cache_ints, forward_flops, filters, forward, backward,
    // fusion
    {LayerKind::Linear, "Linear", linear::params, linear::init, no_scratch, no_cache, linear::flops, linear::filters,
     linear::forward, linear::backward, Fusion::None},
    {LayerKind::ReLU, "ReLU", no_params, no_init, no_scratch, no_cache, no_flops, no_filters,
     elementwise_forward<relu_forward>, elementwise_backward<relu_backward>, Fusion::Follower},
    {LayerKind::Sigmoid, "Sigmoid", no_params, no_init, no_scratch, no_cache, no_flops, no_filters,
     elementwise_forward<sigmoid_forward>, elementwise_backward<sigmoid_backward>, Fusion::None},
    {LayerKind::LeakyReLU, "LeakyReLU", no_params, no_init, no_scratch, no_cache, no_flops, no_filters,
     leaky::forward, leaky::backward, Fusion::Follower},
    {LayerKind::Tanh, "Tanh", no_params, no_init, no_scratch, no_cache, no_flops, no_filters,
     elementwise_forward<tanh_forward>, elementwise_backward<tanh_backward>, Fusion::None},
    {LayerKind::Conv2d, "Conv2d", conv::params, conv::init, conv::scratch, no_cache, conv::flops, conv::filters,
     conv::forward, conv::backward, Fusion::Leader},
    {LayerKind::ConvTranspose2d, "ConvTranspose2d", conv_t::params, conv_t::init, conv_t::scratch, no_cache,
     conv_t::flops, no_filters, conv_t::forward, conv_t::backward, Fusion::Leader},
    {LayerKind::MaxPool2d, "MaxPool2d", no_params, no_init, no_scratch, maxpool::cache, no_flops, no_filters,
     maxpool::forward, maxpool::backward, Fusion::Follower},
    {LayerKind::Upsample, "Upsample", no_params, no_init, no_scratch, no_cache, no_flops, no_filters,
     upsample::forward, upsample::backward, Fusion::Follower},
};

constexpr int kLayerKindCount = static_cast<int>(sizeof kLayerKinds / sizeof kLayerKinds[0]);

// layer_kind() indexes the table by the enum's value.
constexpr bool rows_follow_the_enum() {
  for (int i = 0; i < kLayerKindCount; ++i)
    if (static_cast<int>(kLayerKinds[i].kind) != i) return false;
  return kLayerKindCount == static_cast<int>(LayerKind::Count);
}
static_assert(rows_follow_the_enum(), "kLayerKinds must hold one row per LayerKind, in the enum's order");

}  // namespace

const LayerKindInfo& layer_kind(LayerKind kind) {
  const int i = static_cast<int>(kind);
  AELAB_CHECK(0 <= i && i < kLayerKindCount);
  return kLayerKinds[i];
}

}  // namespace aelab
