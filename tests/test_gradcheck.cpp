// Finite-difference gradient checks for every layer and loss: loss = Σ y ⊙ R for a fixed random
// R, central differences, every parameter gradient and dx (sampled on large tensors).
#include <gtest/gtest.h>

#include "activation.h"
#include "linear.h"
#include "loss.h"
#include "network.h"
#include "regularizer.h"
#include "test_util.h"

namespace aelab {
namespace {

double weighted_sum(const float* y, const std::vector<float>& r) {
  double s = 0.0;
  for (size_t i = 0; i < r.size(); ++i) s += static_cast<double>(y[i]) * r[i];
  return s;
}

struct LinearShape {
  int b, c, o, threads;
};

class LinearGrad : public ::testing::TestWithParam<LinearShape> {};

TEST_P(LinearGrad, MatchesFiniteDifferences) {
  const LinearShape s = GetParam();
  ThreadPool pool(s.threads);
  Rng rng(7);
  std::vector<float> x = random_vector(rng, s.b * s.c, -1, 1), w = random_vector(rng, s.o * s.c, -1, 1),
                     b = random_vector(rng, s.o, -1, 1), r = random_vector(rng, s.b * s.o, -1, 1);
  std::vector<float> y(s.b * s.o), dx(s.b * s.c), dw(s.o * s.c, 0.0f), db(s.o, 0.0f);
  auto forward = [&] {
    linear_forward(pool, ConstMatMap(x.data(), s.b, s.c), ConstMatMap(w.data(), s.o, s.c),
                   ConstVecMap(b.data(), s.o), MatMap(y.data(), s.b, s.o));
    return weighted_sum(y.data(), r);
  };
  forward();
  // dL/dy = R
  linear_backward(pool, ConstMatMap(r.data(), s.b, s.o), ConstMatMap(x.data(), s.b, s.c),
                  ConstMatMap(w.data(), s.o, s.c), MatMap(dx.data(), s.b, s.c), MatMap(dw.data(), s.o, s.c),
                  VecMap(db.data(), s.o));
  expect_gradient(x, dx, forward, "dx");
  expect_gradient(w, dw, forward, "dweight");
  expect_gradient(b, db, forward, "dbias");
}

TEST_P(LinearGrad, BackwardAccumulatesIntoParameterGradients) {
  const LinearShape s = GetParam();
  ThreadPool pool(s.threads);
  Rng rng(3);
  std::vector<float> x = random_vector(rng, s.b * s.c, -1, 1), w = random_vector(rng, s.o * s.c, -1, 1),
                     dy = random_vector(rng, s.b * s.o, -1, 1);
  std::vector<float> dx(s.b * s.c), once(s.o * s.c, 0.0f), twice(s.o * s.c, 0.0f), db(s.o, 0.0f);
  auto run = [&](std::vector<float>& dw) {
    linear_backward(pool, ConstMatMap(dy.data(), s.b, s.o), ConstMatMap(x.data(), s.b, s.c),
                    ConstMatMap(w.data(), s.o, s.c), MatMap(dx.data(), s.b, s.c), MatMap(dw.data(), s.o, s.c),
                    VecMap(db.data(), s.o));
  };
  run(once);
  run(twice);
  run(twice);
  for (size_t i = 0; i < once.size(); ++i) ASSERT_NEAR(twice[i], 2.0f * once[i], 1e-5f * (1 + std::fabs(once[i])));
}

INSTANTIATE_TEST_SUITE_P(Shapes, LinearGrad,
                         ::testing::Values(LinearShape{1, 1, 1, 1}, LinearShape{1, 7, 5, 1}, LinearShape{3, 7, 5, 2},
                                           LinearShape{20, 33, 9, 2}, LinearShape{5, 64, 3, 3},
                                           LinearShape{4, 784, 32, 2}));

// Inputs kept at least 0.1 away from ReLU's kink so the difference quotient is valid.
std::vector<float> away_from_zero(Rng& rng, size_t n) {
  std::vector<float> v = random_vector(rng, n, 0.1f, 2.0f);
  for (float& x : v) x = rng.uniform() < 0.5f ? -x : x;
  return v;
}

TEST(ActivationGrad, ReLU) {
  Rng rng(11);
  const int b = 4, d = 37;
  std::vector<float> x = away_from_zero(rng, b * d), r = random_vector(rng, b * d, -1, 1), y(b * d), dx(b * d);
  auto forward = [&] {
    relu_forward(ConstMatMap(x.data(), b, d), MatMap(y.data(), b, d));
    return weighted_sum(y.data(), r);
  };
  forward();
  relu_backward(ConstMatMap(y.data(), b, d), ConstMatMap(r.data(), b, d), MatMap(dx.data(), b, d));
  expect_gradient(x, dx, forward, "relu dx");
}

TEST(ActivationGrad, Sigmoid) {
  Rng rng(12);
  const int b = 3, d = 41;
  std::vector<float> x = random_vector(rng, b * d, -6, 6), r = random_vector(rng, b * d, -1, 1), y(b * d), dx(b * d);
  auto forward = [&] {
    sigmoid_forward(ConstMatMap(x.data(), b, d), MatMap(y.data(), b, d));
    return weighted_sum(y.data(), r);
  };
  forward();
  sigmoid_backward(ConstMatMap(y.data(), b, d), ConstMatMap(r.data(), b, d), MatMap(dx.data(), b, d));
  expect_gradient(x, dx, forward, "sigmoid dx");
}

TEST(LossGrad, MSE) {
  Rng rng(13);
  const int b = 5, d = 29;
  std::vector<float> y = random_vector(rng, b * d, 0, 1), t = random_vector(rng, b * d, 0, 1), dy(b * d);
  mse_backward(ConstMatMap(y.data(), b, d), ConstMatMap(t.data(), b, d), MatMap(dy.data(), b, d));
  expect_gradient(y, dy, [&] { return double{mse_forward(ConstMatMap(y.data(), b, d), ConstMatMap(t.data(), b, d))}; },
                  "mse dy", 0.1f, 2e-2, 1e-2);  // quadratic: any h is exact, a large one beats float rounding
}

TEST(LossGrad, BCE) {
  Rng rng(14);
  const int b = 4, d = 31;
  // Predictions away from 0 and 1, where the log terms are smooth.
  std::vector<float> y = random_vector(rng, b * d, 0.2f, 0.8f), t = random_vector(rng, b * d, 0, 1), dy(b * d);
  bce_backward(ConstMatMap(y.data(), b, d), ConstMatMap(t.data(), b, d), MatMap(dy.data(), b, d));
  expect_gradient(y, dy, [&] { return double{bce_forward(ConstMatMap(y.data(), b, d), ConstMatMap(t.data(), b, d))}; },
                  "bce dy", 1e-2f, 2e-2, 1e-2);
}

TEST(LossValue, MSEAndBCEMatchTheirDefinitions) {
  std::vector<float> y = {0.25f, 0.5f, 0.75f, 1.0f}, t = {0.0f, 0.5f, 1.0f, 1.0f};
  EXPECT_FLOAT_EQ(mse_forward(ConstMatMap(y.data(), 2, 2), ConstMatMap(t.data(), 2, 2)),
                  (0.0625f + 0.0f + 0.0625f + 0.0f) / 4);
  // log(1 - 1) = -inf is clamped to -100 as in PyTorch, but t = 1 zeroes that term.
  const double want = -(std::log(0.75) + std::log(0.5) + std::log(0.75) + 0.0) / 4;
  EXPECT_NEAR(bce_forward(ConstMatMap(y.data(), 2, 2), ConstMatMap(t.data(), 2, 2)), want, 1e-6);
  std::vector<float> y0 = {0.0f}, t1 = {1.0f};
  EXPECT_FLOAT_EQ(bce_forward(ConstMatMap(y0.data(), 1, 1), ConstMatMap(t1.data(), 1, 1)), 100.0f);
}

// ---- code-space penalties

TEST(PenaltyGrad, L1AndKlSparsity) {
  Rng rng(31);
  const int b = 4, k = 7;
  std::vector<float> z = random_vector(rng, b * k, 0.1f, 1.0f), dz(b * k, 0.0f);
  for (int i = 0; i < b * k; i += 3) z[i] = -z[i];
  l1_penalty(ConstMatMap(z.data(), b, k), 0.3f, MatMap(dz.data(), b, k));
  expect_gradient(z, dz, [&] {
    std::vector<float> scratch(b * k, 0.0f);
    return double{l1_penalty(ConstMatMap(z.data(), b, k), 0.3f, MatMap(scratch.data(), b, k))};
  }, "l1 dz", 1e-2f);
  std::vector<float> p = random_vector(rng, b * k, 0.05f, 0.95f), dp(b * k, 0.0f);
  kl_sparsity_penalty(ConstMatMap(p.data(), b, k), 0.1f, 0.7f, MatMap(dp.data(), b, k));
  expect_gradient(p, dp, [&] {
    std::vector<float> scratch(b * k, 0.0f);
    return double{kl_sparsity_penalty(ConstMatMap(p.data(), b, k), 0.1f, 0.7f, MatMap(scratch.data(), b, k))};
  }, "kl sparsity dz", 1e-3f);
}

// The contractive penalty as a function of the encoder's parameters: its gradient is the
// direct term on W plus dh pushed back through the sigmoid and the linear layer.
TEST(PenaltyGrad, ContractiveThroughTheEncoder) {
  const int b = 3, d = 11, k = 5;
  ThreadPool pool(1);
  Network net({linear_layer(d, k), activation_layer(LayerKind::Sigmoid, k)}, b, 1);
  Rng rng(32);
  net.init(rng);
  std::vector<float> x = random_vector(rng, b * d, 0, 1);
  std::vector<float> params(net.params(), net.params() + net.param_count());
  auto penalty = [&](MatMap dh, MatMap dw) {
    std::copy(params.begin(), params.end(), net.params());
    ConstMatMap h = net.forward(pool, x.data(), b);
    return double{contractive_penalty(h, net.weight(0, net.params()), 0.5f, dh, dw)};
  };
  std::vector<float> dh(b * k, 0.0f), scratch_w(k * d, 0.0f);
  net.zero_grads();
  penalty(MatMap(dh.data(), b, k), net.weight(0, net.grads()));
  net.backward(pool, dh.data(), b);
  std::vector<float> grads(net.grads(), net.grads() + net.param_count());
  expect_gradient(params, grads, [&] {
    std::vector<float> sdh(b * k, 0.0f);
    std::fill(scratch_w.begin(), scratch_w.end(), 0.0f);
    return penalty(MatMap(sdh.data(), b, k), MatMap(scratch_w.data(), k, d));
  }, "contractive params", 1e-2f);
}

TEST(PenaltyGrad, VaeReparameterisationAndKl) {
  const int b = 3, k = 4;
  const float kKlWeight = 0.7f;  // not 1, so a lost weight shows
  Rng rng(33);
  std::vector<float> mulv = random_vector(rng, b * 2 * k, -1, 1), eps = random_vector(rng, b * k, -2, 2),
                     r = random_vector(rng, b * k, -1, 1), z(b * k), d(b * 2 * k);
  auto loss = [&] {
    reparameterize(ConstMatMap(mulv.data(), b, 2 * k), ConstMatMap(eps.data(), b, k), MatMap(z.data(), b, k));
    std::vector<float> scratch(b * 2 * k, 0.0f);
    return weighted_sum(z.data(), r) +
           vae_kl(ConstMatMap(mulv.data(), b, 2 * k), kKlWeight, MatMap(scratch.data(), b, 2 * k));
  };
  loss();
  reparameterize_backward(ConstMatMap(mulv.data(), b, 2 * k), ConstMatMap(eps.data(), b, k),
                          ConstMatMap(r.data(), b, k), MatMap(d.data(), b, 2 * k));
  vae_kl(ConstMatMap(mulv.data(), b, 2 * k), kKlWeight, MatMap(d.data(), b, 2 * k));
  expect_gradient(mulv, d, loss, "vae dmulv", 1e-2f);
}

// The whole seed architecture (small widths): every parameter gradient through the network.
TEST(NetworkGrad, SeedArchitectureParameters) {
  const int b = 3, d = 19, k = 6;
  ThreadPool pool(2);
  Network net({linear_layer(d, k), activation_layer(LayerKind::ReLU, k), linear_layer(k, d),
               activation_layer(LayerKind::Sigmoid, d)},
              b, 2);
  Rng rng(5);
  net.init(rng);
  std::vector<float> x = random_vector(rng, b * d, 0, 1), r = random_vector(rng, b * d, -1, 1);
  std::vector<float> params(net.params(), net.params() + net.param_count());
  auto loss = [&] {
    std::copy(params.begin(), params.end(), net.params());
    ConstMatMap y = net.forward(pool, x.data(), b);
    return weighted_sum(y.data(), r);
  };
  loss();
  net.zero_grads();
  net.backward(pool, r.data(), b);
  std::vector<float> grads(net.grads(), net.grads() + net.param_count());
  // h = 1e-3 moves no ReLU input of this seed across zero, so the difference quotient is valid.
  expect_gradient(params, grads, loss, "network params", 1e-3f, 2e-2, 1e-2, 1000);
}

// A small convolutional autoencoder (8x8 images): every parameter gradient through conv,
// pooling, upsampling and transposed convolution together.
TEST(NetworkGrad, ConvolutionalArchitectureParameters) {
  const int b = 2;
  ThreadPool pool(2);
  Network net({conv2d_layer(1, 8, 8, 3, 3, 1, 1), activation_layer(LayerKind::Tanh, 3 * 64),
               maxpool2d_layer(3, 8, 8, 2), conv2d_layer(3, 4, 4, 2, 3, 2, 1),
               activation_layer(LayerKind::LeakyReLU, 2 * 4), upsample_layer(2, 2, 2, 2),
               conv_transpose2d_layer(2, 4, 4, 1, 2, 2, 0), activation_layer(LayerKind::Sigmoid, 64)},
              b, 2);
  ASSERT_EQ(net.output_dim(), 64);
  Rng rng(8);
  net.init(rng);
  std::vector<float> x = random_vector(rng, b * 64, 0, 1), r = random_vector(rng, b * 64, -1, 1);
  std::vector<float> params(net.params(), net.params() + net.param_count());
  auto loss = [&] {
    std::copy(params.begin(), params.end(), net.params());
    ConstMatMap y = net.forward(pool, x.data(), b);
    return weighted_sum(y.data(), r);
  };
  loss();
  net.zero_grads();
  net.backward(pool, r.data(), b);
  std::vector<float> grads(net.grads(), net.grads() + net.param_count());
  expect_gradient(params, grads, loss, "conv network params", 3e-3f, 2e-2, 1e-2, 1000);
}

}  // namespace
}  // namespace aelab
