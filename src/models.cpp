// Layer stacks of every model. The convolutional ones halve the image twice (28 -> 14 -> 7) to a
// code of C channels, C = code_dim / ((H/4)·(W/4)); they take and give the image's channels.
#include "models.h"

#include <algorithm>

#include "check.h"

namespace aelab {

namespace {

constexpr LayerKind kReLU = LayerKind::ReLU, kSigmoid = LayerKind::Sigmoid;

std::vector<LayerSpec> dense(int d, int k, LayerKind code_activation) {
  return {linear_layer(d, k), activation_layer(code_activation, k), linear_layer(k, d), activation_layer(kSigmoid, d)};
}

// ch image channels in, ch out.
ModelLayout convolutional(const std::string& arch, int h, int w, int ch, int k) {
  const int h2 = h / 2, w2 = w / 2, h4 = h / 4, w4 = w / 4, cc = k / (h4 * w4), d = ch * h * w;
  ModelLayout m;
  if (arch == "conv-strided") {
    m.layers = {conv2d_layer(ch, h, w, 16, 3, 2, 1), activation_layer(kReLU, 16 * h2 * w2),
                conv2d_layer(16, h2, w2, cc, 3, 2, 1), activation_layer(kReLU, k)};
  } else {
    m.layers = {conv2d_layer(ch, h, w, 16, 3, 1, 1),  activation_layer(kReLU, 16 * h * w), maxpool2d_layer(16, h, w, 2),
                conv2d_layer(16, h2, w2, cc, 3, 1, 1), activation_layer(kReLU, cc * h2 * w2),
                maxpool2d_layer(cc, h2, w2, 2)};
  }
  m.encoder_end = static_cast<int>(m.layers.size());
  if (arch == "conv-upsample") {
    // Nearest upsampling + 3x3 convolutions: every output pixel sees the same number of
    // inputs, so no checkerboard pattern.
    for (const LayerSpec& l : {upsample_layer(cc, h4, w4, 2), conv2d_layer(cc, h2, w2, 16, 3, 1, 1),
                               activation_layer(kReLU, 16 * h2 * w2), upsample_layer(16, h2, w2, 2),
                               conv2d_layer(16, h, w, ch, 3, 1, 1), activation_layer(kSigmoid, d)})
      m.layers.push_back(l);
  } else {
    for (const LayerSpec& l : {conv_transpose2d_layer(cc, h4, w4, 16, 2, 2, 0), activation_layer(kReLU, 16 * h2 * w2),
                               conv_transpose2d_layer(16, h2, w2, ch, 2, 2, 0), activation_layer(kSigmoid, d)})
      m.layers.push_back(l);
  }
  return m;
}

}  // namespace

ModelLayout build_model(const ModelConfig& config) {
  const ModelConfig c = resolve_defaults(config);
  // Dense models see an image as its d = C·H·W values (CHW, dataset.h).
  const int h = c.image_rows, w = c.image_cols, d = c.image_channels * h * w, k = c.code_dim;
  const std::string& arch = architecture(c);
  ModelLayout m;
  if (arch == "linear") {
    m.layers = dense(d, k, kReLU);
    m.encoder_end = 2;
  } else if (arch == "sparse") {
    // KL sparsity needs activations in (0, 1), hence a sigmoid code; L1 keeps the seed's ReLU.
    m.layers = dense(d, k, c.sparsity > 0.0f ? kSigmoid : kReLU);
    m.encoder_end = 2;
  } else if (arch == "contractive") {
    // The exact Jacobian penalty is written for this one-hidden-layer sigmoid encoder.
    m.layers = dense(d, k, kSigmoid);
    m.encoder_end = 2;
  } else if (arch == "mlp") {
    m.layers = {linear_layer(d, 256), activation_layer(kReLU, 256), linear_layer(256, 64), activation_layer(kReLU, 64),
                linear_layer(64, k),  activation_layer(kReLU, k),   linear_layer(k, 64),   activation_layer(kReLU, 64),
                linear_layer(64, 256), activation_layer(kReLU, 256), linear_layer(256, d), activation_layer(kSigmoid, d)};
    m.encoder_end = 6;
  } else if (arch == "vae") {
    // PyTorch's examples/vae: 784-400-(mu, logvar of Z) / Z-400-784.
    m.layers = {linear_layer(d, 400), activation_layer(kReLU, 400), linear_layer(400, 2 * k),
                linear_layer(k, 400), activation_layer(kReLU, 400), linear_layer(400, d), activation_layer(kSigmoid, d)};
    m.encoder_end = 3;
    m.seam = 3;
  } else {
    AELAB_CHECK(is_conv_model(arch));
    m = convolutional(arch, h, w, c.image_channels, k);
  }
  return m;
}

int64_t count_params(const ModelLayout& m) {
  int64_t n = 0;
  for (const LayerSpec& s : m.layers) n += layer_kind(s.kind).param_shape(s).count();
  return n;
}

int64_t working_floats(const ModelLayout& m, int rows) {
  int64_t per_row = 0, widest = 0;
  for (const LayerSpec& s : m.layers) {
    per_row += s.out + layer_kind(s.kind).cache_ints(s);  // a cache's int32 is a float's size
    widest = std::max<int64_t>({widest, s.in, s.out});
  }
  return (per_row + 2 * widest) * rows;
}

}  // namespace aelab
