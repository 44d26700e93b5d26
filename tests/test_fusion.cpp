// A convolution runs the ReLU / max-pool / upsample layers after it on each sample inside its
// own pass (network.cpp's FollowerRun): that must give the bits the layers give one at a time
// over the whole batch, which is what a network run one layer per call does.
#include <gtest/gtest.h>

#include <cstring>

#include "aligned.h"
#include "models.h"
#include "network.h"
#include "test_util.h"

namespace aelab {
namespace {

struct Pass {
  std::vector<FloatBuffer> outputs;  // every layer's forward output
  FloatBuffer dx, grads;
};

bool same_bits(const FloatBuffer& a, const FloatBuffer& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), sizeof(float) * a.size()) == 0;
}

FloatBuffer copy(const float* p, int64_t n) {
  FloatBuffer b(static_cast<size_t>(n));
  std::copy(p, p + n, b.data());
  return b;
}

// Forward and backward over all layers at once (fused), or one layer per call (not fused:
// a group cut by a call's range runs layer by layer). Copies land in 64-byte aligned buffers,
// as the network's own, so Eigen's reductions peel the same elements either way.
Pass run(Network& net, ThreadPool& pool, const std::vector<float>& x, const std::vector<float>& dy, int rows,
         bool fused) {
  Pass p;
  const int n = net.layer_count();
  if (fused) {
    net.forward(pool, x.data(), rows);
  } else {
    const float* in = x.data();
    for (int i = 0; i < n; ++i) in = net.forward(pool, in, rows, i, i + 1).data();
  }
  for (int i = 0; i < n; ++i)
    p.outputs.push_back(copy(net.forward_output(i, rows).data(), int64_t{rows} * net.layer(i).spec.out));
  net.zero_grads();
  if (fused) {
    p.dx = copy(net.backward(pool, dy.data(), rows, 0, n, true), int64_t{rows} * net.input_dim());
  } else {
    FloatBuffer g = copy(dy.data(), static_cast<int64_t>(dy.size()));
    for (int i = n - 1; i >= 0; --i)
      g = copy(net.backward(pool, g.data(), rows, i, i + 1, true), int64_t{rows} * net.layer(i).spec.in);
    p.dx = std::move(g);
  }
  p.grads = copy(net.grads(), net.param_count());
  return p;
}

void expect_same_bits(const std::vector<LayerSpec>& layers, const std::string& what) {
  for (int rows : {1, 3, 5}) {
    for (int threads : {1, 2}) {
      Network net(layers, 8, threads);
      Rng rng(31);
      net.init(rng);
      ThreadPool pool(threads);
      const std::vector<float> x = random_vector(rng, static_cast<size_t>(rows) * net.input_dim(), -1, 1),
                               dy = random_vector(rng, static_cast<size_t>(rows) * net.output_dim(), -1, 1);
      const Pass a = run(net, pool, x, dy, rows, true), b = run(net, pool, x, dy, rows, false);
      const std::string at = what + ", " + std::to_string(rows) + " rows, " + std::to_string(threads) + " threads";
      for (int i = 0; i < net.layer_count(); ++i)
        EXPECT_TRUE(same_bits(a.outputs[i], b.outputs[i])) << at << ": layer " << i << "'s output";
      EXPECT_TRUE(same_bits(a.dx, b.dx)) << at << ": dx";
      EXPECT_TRUE(same_bits(a.grads, b.grads)) << at << ": parameter gradients";
    }
  }
}

TEST(Fusion, ZooConvModelsGiveTheBitsOfLayerByLayer) {
  for (const char* model : {"conv", "conv-strided", "conv-upsample"}) {
    ModelConfig c;
    c.model = model;
    const std::vector<LayerSpec> layers = build_model(c).layers;
    EXPECT_GE(Network(layers, 1, 1).layer(0).followers, 1) << model << ": its first convolution runs its ReLU";
    expect_same_bits(layers, model);
  }
}

// The im2col paths (stride 2, and a transposed kernel larger than its stride), LeakyReLU, and
// sizes whose rows are not whole multiples of 16 floats (the dbias sum's peeling).
TEST(Fusion, Im2colPathsAndOddSizes) {
  expect_same_bits({conv2d_layer(3, 9, 7, 5, 3, 2, 1), activation_layer(LayerKind::ReLU, 5 * 5 * 4),
                    conv_transpose2d_layer(5, 5, 4, 3, 3, 2, 1), activation_layer(LayerKind::LeakyReLU, 3 * 9 * 7),
                    conv2d_layer(3, 9, 7, 2, 3, 1, 1), activation_layer(LayerKind::ReLU, 2 * 9 * 7),
                    maxpool2d_layer(2, 9, 7, 3), upsample_layer(2, 3, 2, 2), activation_layer(LayerKind::Sigmoid, 2 * 6 * 4)},
                   "mixed stack");
}

}  // namespace
}  // namespace aelab
