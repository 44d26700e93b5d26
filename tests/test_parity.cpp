// The seed model against PyTorch 1.13: forward output, MSE and BCE, gradients, two Adam steps
// and two SGD-momentum steps on fixed weights and inputs. Reference tensors come from
// tests/fixtures/make_parity_fixtures.py (the same closed-form weights and inputs are rebuilt here).
#include <gtest/gtest.h>

#include <cmath>

#include "linear.h"
#include "loss.h"
#include "network.h"
#include "optimizer.h"
#include "test_util.h"

namespace aelab {
namespace {

constexpr int D = 784, K = 32, B = 20;

std::vector<float> formula(int n, double (*f)(int)) {
  std::vector<float> v(n);
  for (int i = 0; i < n; ++i) v[i] = static_cast<float>(f(i));
  return v;
}

std::vector<float> batch(int step) {
  std::vector<float> v(B * D);
  for (int i = 0; i < B * D; ++i) v[i] = static_cast<float>(0.5 + 0.5 * std::sin(0.013 * i + 0.7 * step));
  return v;
}

// Parameters in PyTorch's model.parameters() order: enc.weight, enc.bias, dec.weight, dec.bias,
// which is also the arena order.
std::vector<float> seed_params() {
  std::vector<float> p;
  for (const std::vector<float>& part :
       {formula(K * D, [](int i) { return 0.05 * std::sin(0.011 * i + 0.3); }),
        formula(K, [](int i) { return 0.02 * std::cos(0.7 * i); }),
        formula(D * K, [](int i) { return 0.1 * std::sin(0.017 * i + 1.1); }),
        formula(D, [](int i) { return 0.03 * std::cos(0.29 * i); })})
    p.insert(p.end(), part.begin(), part.end());
  return p;
}

struct SeedNet {
  ThreadPool pool{2};
  Network net{{linear_layer(D, K), activation_layer(LayerKind::ReLU, K), linear_layer(K, D),
               activation_layer(LayerKind::Sigmoid, D)},
              B, 2};
  std::vector<float> dy = std::vector<float>(B * D);

  SeedNet() {
    std::vector<float> p = seed_params();
    EXPECT_EQ(static_cast<int64_t>(p.size()), net.param_count());
    std::copy(p.begin(), p.end(), net.params());
  }
  // Forward + loss + backward; returns the loss.
  float grad_step(const std::vector<float>& x, bool bce = false) {
    net.zero_grads();
    ConstMatMap y = net.forward(pool, x.data(), B);
    ConstMatMap t(x.data(), B, D);
    MatMap dym(dy.data(), B, D);
    float loss = bce ? bce_forward(y, t) : mse_forward(y, t);
    if (bce) bce_backward(y, t, dym);
    else mse_backward(y, t, dym);
    net.backward(pool, dy.data(), B);
    return loss;
  }
  std::vector<float> params() const { return {net.params(), net.params() + net.param_count()}; }
  std::vector<float> grads() { return {net.grads(), net.grads() + net.param_count()}; }
};

// |a - b| <= atol + rtol |b|, reporting the first mismatch and the worst error.
void expect_close(const std::vector<float>& got, const std::vector<float>& want, float atol, float rtol,
                  const char* what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  double worst = 0.0;
  for (size_t i = 0; i < got.size(); ++i) {
    const double err = std::fabs(double{got[i]} - want[i]);
    worst = std::max(worst, err);
    ASSERT_LE(err, atol + rtol * std::fabs(want[i])) << what << "[" << i << "]: got " << got[i] << " want " << want[i];
  }
  ::testing::Test::RecordProperty(std::string(what) + "_max_abs_error", std::to_string(worst));
}

class Parity : public ::testing::Test {
 protected:
  std::map<std::string, std::vector<float>> ref = read_fixture("seed_parity.bin");
};

TEST_F(Parity, ForwardLossAndGradients) {
  SeedNet s;
  const std::vector<float> x0 = batch(0);
  const float loss = s.grad_step(x0);
  ConstMatMap y = s.net.forward(s.pool, x0.data(), B);
  expect_close(std::vector<float>(y.data(), y.data() + y.size()), ref["y0"], 1e-6f, 1e-5f, "y0");
  EXPECT_NEAR(loss, ref["mse0"][0], 1e-6f * ref["mse0"][0]);
  expect_close(s.grads(), ref["grads0"], 1e-7f, 1e-3f, "grads0");
}

TEST_F(Parity, TwoAdamSteps) {
  SeedNet s;
  AdamOptions opt;  // lr 1e-3, PyTorch defaults
  s.grad_step(batch(0));
  adam_step(s.net.params(), s.net.grads(), s.net.adam_m(), s.net.adam_v(), s.net.param_count(), opt, 1);
  const float loss1 = s.grad_step(batch(1));
  EXPECT_NEAR(loss1, ref["mse1"][0], 1e-5f * ref["mse1"][0]);
  adam_step(s.net.params(), s.net.grads(), s.net.adam_m(), s.net.adam_v(), s.net.param_count(), opt, 2);
  expect_close(s.params(), ref["adam_params2"], 2e-6f, 1e-5f, "adam_params2");
}

TEST_F(Parity, TwoSgdMomentumSteps) {
  SeedNet s;
  SgdOptions opt{0.05f, 0.9f};
  for (int step = 0; step < 2; ++step) {
    s.grad_step(batch(step));
    sgd_step(s.net.params(), s.net.grads(), s.net.adam_m(), s.net.param_count(), opt);
  }
  expect_close(s.params(), ref["sgd_params2"], 1e-6f, 1e-5f, "sgd_params2");
}

TEST_F(Parity, BinaryCrossEntropy) {
  SeedNet s;
  const float loss = s.grad_step(batch(0), true);
  EXPECT_NEAR(loss, ref["bce0"][0], 1e-5f * ref["bce0"][0]);
  expect_close(s.grads(), ref["bce_grads0"], 1e-7f, 1e-3f, "bce_grads0");
}

}  // namespace
}  // namespace aelab
