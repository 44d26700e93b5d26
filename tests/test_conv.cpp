// Convolution, pooling and upsampling layers, LeakyReLU and Tanh: finite differences for dx and
// every parameter gradient, the fast kernels (direct, im2col+GEMM) against the naive loops, and
// PyTorch 1.13 parity (tests/fixtures/make_layer_fixtures.py).
#include <gtest/gtest.h>

#include "activation.h"
#include "conv2d.h"
#include "conv_transpose2d.h"
#include "pool2d.h"
#include "test_util.h"

namespace aelab {
namespace {

double weighted_sum(const std::vector<float>& y, const std::vector<float>& r) {
  double s = 0.0;
  for (size_t i = 0; i < r.size(); ++i) s += static_cast<double>(y[i]) * r[i];
  return s;
}

struct ConvCase {
  int b, c_in, h, w, c_out, k, stride, pad, threads;
};

std::ostream& operator<<(std::ostream& o, const ConvCase& c) {
  return o << "B" << c.b << " C" << c.c_in << " " << c.h << "x" << c.w << " -> " << c.c_out << " k" << c.k << " s"
           << c.stride << " p" << c.pad << " T" << c.threads;
}

class Conv2dTest : public ::testing::TestWithParam<ConvCase> {};

TEST_P(Conv2dTest, GradientsAndNaive) {
  const ConvCase c = GetParam();
  const Conv2dShape s{c.c_in, c.h, c.w, c.c_out, c.k, c.stride, c.pad};
  const int in = c.c_in * c.h * c.w, out = c.c_out * s.h_out() * s.w_out();
  ThreadPool pool(c.threads);
  Rng rng(21);
  std::vector<float> x = random_vector(rng, c.b * in, -1, 1), w = random_vector(rng, c.c_out * s.patch(), -1, 1),
                     bias = random_vector(rng, c.c_out, -1, 1), r = random_vector(rng, c.b * out, -1, 1);
  std::vector<float> y(c.b * out), scratch(conv2d_scratch_floats(s, c.threads));
  auto forward = [&] {
    conv2d_forward(pool, s, ConstMatMap(x.data(), c.b, in), ConstMatMap(w.data(), c.c_out, s.patch()),
                   ConstVecMap(bias.data(), c.c_out), MatMap(y.data(), c.b, out), scratch.data());
    return weighted_sum(y, r);
  };
  forward();
  std::vector<float> naive(y.size());
  conv2d_forward_naive(s, ConstMatMap(x.data(), c.b, in), ConstMatMap(w.data(), c.c_out, s.patch()),
                       ConstVecMap(bias.data(), c.c_out), MatMap(naive.data(), c.b, out));
  for (size_t i = 0; i < y.size(); ++i) ASSERT_NEAR(y[i], naive[i], 1e-4f) << i;
  std::vector<float> dx(c.b * in), dw(w.size(), 0.0f), db(c.c_out, 0.0f);
  conv2d_backward(pool, s, ConstMatMap(r.data(), c.b, out), ConstMatMap(x.data(), c.b, in), ConstMatMap(w.data(), c.c_out, s.patch()),
                  MatMap(dx.data(), c.b, in), MatMap(dw.data(), c.c_out, s.patch()), VecMap(db.data(), c.c_out),
                  scratch.data());
  expect_gradient(x, dx, forward, "conv dx");
  expect_gradient(w, dw, forward, "conv dweight");
  expect_gradient(bias, db, forward, "conv dbias");
}

INSTANTIATE_TEST_SUITE_P(Shapes, Conv2dTest,
                         ::testing::Values(ConvCase{1, 1, 5, 5, 1, 3, 1, 1, 1}, ConvCase{2, 3, 7, 6, 4, 3, 1, 1, 2},
                                           ConvCase{3, 2, 9, 9, 3, 3, 2, 1, 2}, ConvCase{2, 1, 8, 8, 5, 2, 2, 0, 3},
                                           ConvCase{1, 4, 6, 7, 2, 1, 1, 0, 1}, ConvCase{4, 16, 14, 14, 4, 3, 1, 1, 2},
                                           ConvCase{3, 2, 5, 5, 2, 5, 1, 2, 2},
                                           // Direct kernels (stride 1): dy padded by 2 and by 0,
                                           // the conv model's first layer; pad > k-1 takes im2col.
                                           ConvCase{2, 3, 9, 8, 5, 3, 1, 0, 2}, ConvCase{1, 2, 6, 5, 3, 3, 1, 2, 1},
                                           ConvCase{3, 1, 28, 28, 16, 3, 1, 1, 2}, ConvCase{2, 5, 7, 9, 6, 3, 1, 3, 2}));

class ConvTranspose2dTest : public ::testing::TestWithParam<ConvCase> {};

TEST_P(ConvTranspose2dTest, GradientsAndNaive) {
  const ConvCase c = GetParam();
  const ConvTranspose2dShape s{c.c_in, c.h, c.w, c.c_out, c.k, c.stride, c.pad};
  const int in = c.c_in * c.h * c.w, out = c.c_out * s.h_out() * s.w_out();
  ThreadPool pool(c.threads);
  Rng rng(22);
  std::vector<float> x = random_vector(rng, c.b * in, -1, 1), w = random_vector(rng, c.c_in * s.patch(), -1, 1),
                     bias = random_vector(rng, c.c_out, -1, 1), r = random_vector(rng, c.b * out, -1, 1);
  std::vector<float> y(c.b * out), scratch(conv_transpose2d_scratch_floats(s, c.threads));
  auto forward = [&] {
    conv_transpose2d_forward(pool, s, ConstMatMap(x.data(), c.b, in), ConstMatMap(w.data(), c.c_in, s.patch()),
                             ConstVecMap(bias.data(), c.c_out), MatMap(y.data(), c.b, out), scratch.data());
    return weighted_sum(y, r);
  };
  forward();
  std::vector<float> naive(y.size());
  conv_transpose2d_forward_naive(s, ConstMatMap(x.data(), c.b, in), ConstMatMap(w.data(), c.c_in, s.patch()),
                                 ConstVecMap(bias.data(), c.c_out), MatMap(naive.data(), c.b, out));
  for (size_t i = 0; i < y.size(); ++i) ASSERT_NEAR(y[i], naive[i], 1e-4f) << i;
  std::vector<float> dx(c.b * in), dw(w.size(), 0.0f), db(c.c_out, 0.0f);
  conv_transpose2d_backward(pool, s, ConstMatMap(r.data(), c.b, out), ConstMatMap(x.data(), c.b, in),
                            ConstMatMap(w.data(), c.c_in, s.patch()), MatMap(dx.data(), c.b, in),
                            MatMap(dw.data(), c.c_in, s.patch()), VecMap(db.data(), c.c_out), scratch.data());
  expect_gradient(x, dx, forward, "convT dx");
  expect_gradient(w, dw, forward, "convT dweight");
  expect_gradient(bias, db, forward, "convT dbias");
}

INSTANTIATE_TEST_SUITE_P(Shapes, ConvTranspose2dTest,
                         ::testing::Values(ConvCase{1, 1, 3, 3, 1, 2, 2, 0, 1}, ConvCase{2, 4, 7, 7, 16, 2, 2, 0, 2},
                                           ConvCase{3, 2, 5, 4, 3, 3, 2, 1, 2}, ConvCase{2, 3, 4, 4, 2, 3, 1, 1, 3},
                                           ConvCase{1, 2, 3, 5, 1, 4, 2, 1, 1},
                                           // Direct (k = stride, no padding): 3x3 tiles, and
                                           // the conv model's decoder layers at batch 3.
                                           ConvCase{2, 3, 4, 5, 2, 3, 3, 0, 2}, ConvCase{3, 4, 7, 7, 16, 2, 2, 0, 2},
                                           ConvCase{3, 16, 14, 14, 1, 2, 2, 0, 3}));

// The 2x2 kernel and the generic one (3x3 over 7x8: a row and two columns no window covers).
TEST(Pool2d, MaxPoolGradientAndFirstMaximum) {
  for (const Pool2dShape s : {Pool2dShape{3, 6, 4, 2}, Pool2dShape{2, 7, 8, 3}}) {
    const int b = 2, in = s.c * s.h * s.w, out = s.c * (s.h / s.k) * (s.w / s.k);
    Rng rng(23);
    // Distinct values at least 0.05 apart so a step of h = 0.01 never changes a window's winner.
    std::vector<float> x(b * in);
    for (int i = 0; i < b * in; ++i) x[i] = 0.05f * static_cast<float>((i * 37) % (b * in));
    std::vector<float> r = random_vector(rng, b * out, -1, 1), y(b * out), dx(b * in, 7.0f);  // dx is overwritten
    std::vector<int32_t> arg(b * out);
    auto forward = [&] {
      maxpool2d_forward(s, ConstMatMap(x.data(), b, in), MatMap(y.data(), b, out), arg.data());
      return weighted_sum(y, r);
    };
    forward();
    maxpool2d_backward(s, ConstMatMap(r.data(), b, out), arg.data(), MatMap(dx.data(), b, in));
    expect_gradient(x, dx, forward, "maxpool dx");
    std::vector<float> ties(s.k * s.k, 1.0f), one(1);
    std::vector<int32_t> a(1);
    maxpool2d_forward({1, s.k, s.k, s.k}, ConstMatMap(ties.data(), 1, s.k * s.k), MatMap(one.data(), 1, 1), a.data());
    EXPECT_EQ(a[0], 0);
  }
}

TEST(Pool2d, UpsampleGradient) {
  const Pool2dShape s{2, 3, 4, 2};
  const int b = 2, in = 2 * 3 * 4, out = 2 * 6 * 8;
  Rng rng(24);
  std::vector<float> x = random_vector(rng, b * in, -1, 1), r = random_vector(rng, b * out, -1, 1), y(b * out),
                     dx(b * in, 7.0f);  // overwritten by backward
  auto forward = [&] {
    upsample_nearest_forward(s, ConstMatMap(x.data(), b, in), MatMap(y.data(), b, out));
    return weighted_sum(y, r);
  };
  forward();
  EXPECT_EQ(y[8 + 3], x[1]);  // row 1 of the output repeats input row 0; column 3 is input column 1
  upsample_nearest_backward(s, ConstMatMap(r.data(), b, out), MatMap(dx.data(), b, in));
  expect_gradient(x, dx, forward, "upsample dx");
}

TEST(ActivationGrad, LeakyReLUAndTanh) {
  Rng rng(25);
  const int b = 3, d = 29;
  std::vector<float> x = random_vector(rng, b * d, 0.1f, 2.0f), r = random_vector(rng, b * d, -1, 1), y(b * d),
                     dx(b * d);
  for (int i = 0; i < b * d; i += 2) x[i] = -x[i];
  auto leaky = [&] {
    leaky_relu_forward(ConstMatMap(x.data(), b, d), MatMap(y.data(), b, d), 0.01f);
    return weighted_sum(y, r);
  };
  leaky();
  leaky_relu_backward(ConstMatMap(y.data(), b, d), ConstMatMap(r.data(), b, d), MatMap(dx.data(), b, d), 0.01f);
  expect_gradient(x, dx, leaky, "leaky_relu dx", 1e-2f, 2e-2, 1e-4);
  auto tanh = [&] {
    tanh_forward(ConstMatMap(x.data(), b, d), MatMap(y.data(), b, d));
    return weighted_sum(y, r);
  };
  tanh();
  tanh_backward(ConstMatMap(y.data(), b, d), ConstMatMap(r.data(), b, d), MatMap(dx.data(), b, d));
  expect_gradient(x, dx, tanh, "tanh dx");
}

// ---- PyTorch parity: y, dx, dweight, dbias for dy from the fixture

class LayerParity : public ::testing::Test {
 public:
  std::map<std::string, std::vector<float>> ref = read_fixture("layer_parity.bin");
  const std::vector<float>& get(const std::string& name) {
    EXPECT_TRUE(ref.count(name)) << name;
    return ref[name];
  }
  void expect_near(const std::vector<float>& got, const std::string& name, float tol = 1e-4f) {
    const std::vector<float>& want = get(name);
    ASSERT_EQ(got.size(), want.size()) << name;
    for (size_t i = 0; i < got.size(); ++i)
      ASSERT_NEAR(got[i], want[i], tol * (1.0f + std::fabs(want[i]))) << name << "[" << i << "]";
  }
};

void conv_parity(LayerParity& t, const std::string& name, const Conv2dShape& s, int b) {
  ThreadPool pool(2);
  const int in = s.c_in * s.h_in * s.w_in, out = s.c_out * s.h_out() * s.w_out();
  const std::vector<float>&x = t.get(name + ".x"), &w = t.get(name + ".weight"), &bias = t.get(name + ".bias"),
                  &dy = t.get(name + ".dy");
  std::vector<float> y(b * out), scratch(conv2d_scratch_floats(s, 2));
  std::vector<float> dx(b * in), dw(w.size(), 0.0f), db(bias.size(), 0.0f);
  conv2d_forward(pool, s, ConstMatMap(x.data(), b, in), ConstMatMap(w.data(), s.c_out, s.patch()),
                 ConstVecMap(bias.data(), s.c_out), MatMap(y.data(), b, out), scratch.data());
  conv2d_backward(pool, s, ConstMatMap(dy.data(), b, out), ConstMatMap(x.data(), b, in), ConstMatMap(w.data(), s.c_out, s.patch()),
                  MatMap(dx.data(), b, in), MatMap(dw.data(), s.c_out, s.patch()), VecMap(db.data(), s.c_out),
                  scratch.data());
  t.expect_near(y, name + ".y");
  t.expect_near(dx, name + ".dx");
  t.expect_near(dw, name + ".dweight");
  t.expect_near(db, name + ".dbias");
}

void convt_parity(LayerParity& t, const std::string& name, const ConvTranspose2dShape& s, int b) {
  ThreadPool pool(2);
  const int in = s.c_in * s.h_in * s.w_in, out = s.c_out * s.h_out() * s.w_out();
  const std::vector<float>&x = t.get(name + ".x"), &w = t.get(name + ".weight"), &bias = t.get(name + ".bias"),
                  &dy = t.get(name + ".dy");
  std::vector<float> y(b * out), scratch(conv_transpose2d_scratch_floats(s, 2));
  std::vector<float> dx(b * in), dw(w.size(), 0.0f), db(bias.size(), 0.0f);
  conv_transpose2d_forward(pool, s, ConstMatMap(x.data(), b, in), ConstMatMap(w.data(), s.c_in, s.patch()),
                           ConstVecMap(bias.data(), s.c_out), MatMap(y.data(), b, out), scratch.data());
  conv_transpose2d_backward(pool, s, ConstMatMap(dy.data(), b, out), ConstMatMap(x.data(), b, in),
                            ConstMatMap(w.data(), s.c_in, s.patch()), MatMap(dx.data(), b, in),
                            MatMap(dw.data(), s.c_in, s.patch()), VecMap(db.data(), s.c_out), scratch.data());
  t.expect_near(y, name + ".y");
  t.expect_near(dx, name + ".dx");
  t.expect_near(dw, name + ".dweight");
  t.expect_near(db, name + ".dbias");
}

TEST_F(LayerParity, Conv2d) {
  conv_parity(*this, "conv", {3, 7, 6, 4, 3, 1, 1}, 2);
  conv_parity(*this, "conv_s2", {2, 9, 8, 3, 3, 2, 1}, 2);
}

TEST_F(LayerParity, ConvTranspose2d) {
  convt_parity(*this, "convt", {4, 7, 7, 16, 2, 2, 0}, 2);
  convt_parity(*this, "convt_p1", {3, 5, 4, 2, 3, 2, 1}, 2);
}

TEST_F(LayerParity, PoolingUpsamplingActivations) {
  {
    const Pool2dShape s{3, 6, 4, 2};
    const std::vector<float>&x = get("maxpool.x"), &dy = get("maxpool.dy");
    std::vector<float> y(2 * 18), dx(x.size());
    std::vector<int32_t> arg(y.size());
    maxpool2d_forward(s, ConstMatMap(x.data(), 2, 72), MatMap(y.data(), 2, 18), arg.data());
    maxpool2d_backward(s, ConstMatMap(dy.data(), 2, 18), arg.data(), MatMap(dx.data(), 2, 72));
    expect_near(y, "maxpool.y", 0.0f);
    expect_near(dx, "maxpool.dx", 0.0f);
  }
  {
    const Pool2dShape s{2, 3, 4, 2};
    const std::vector<float>&x = get("upsample.x"), &dy = get("upsample.dy");
    std::vector<float> y(2 * 96), dx(x.size());
    upsample_nearest_forward(s, ConstMatMap(x.data(), 2, 24), MatMap(y.data(), 2, 96));
    upsample_nearest_backward(s, ConstMatMap(dy.data(), 2, 96), MatMap(dx.data(), 2, 24));
    expect_near(y, "upsample.y", 0.0f);
    expect_near(dx, "upsample.dx", 1e-6f);
  }
  {
    const std::vector<float>&x = get("leaky.x"), &dy = get("leaky.dy");
    std::vector<float> y(30), dx(30);
    leaky_relu_forward(ConstMatMap(x.data(), 3, 10), MatMap(y.data(), 3, 10), 0.01f);
    leaky_relu_backward(ConstMatMap(y.data(), 3, 10), ConstMatMap(dy.data(), 3, 10), MatMap(dx.data(), 3, 10), 0.01f);
    expect_near(y, "leaky.y", 1e-6f);
    expect_near(dx, "leaky.dx", 1e-6f);
  }
  {
    const std::vector<float>&x = get("tanh.x"), &dy = get("tanh.dy");
    std::vector<float> y(30), dx(30);
    tanh_forward(ConstMatMap(x.data(), 3, 10), MatMap(y.data(), 3, 10));
    tanh_backward(ConstMatMap(y.data(), 3, 10), ConstMatMap(dy.data(), 3, 10), MatMap(dx.data(), 3, 10));
    expect_near(y, "tanh.y", 1e-6f);
    expect_near(dx, "tanh.dx", 1e-5f);
  }
}

}  // namespace
}  // namespace aelab
