// The code-space penalties against PyTorch 1.13 (tests/fixtures/penalty_parity.bin, written by
// make_penalty_fixtures.py from each term's textbook definition): the L1 and KL sparsity terms,
// the contractive penalty (its value is the encoder Jacobian's squared Frobenius norm; its
// partials, and the total gradients in W and b they give through the sigmoid and the linear
// layer) and the VAE's reparameterisation and KL term, values and gradients.
#include <gtest/gtest.h>

#include <cmath>

#include "regularizer.h"
#include "test_util.h"

namespace aelab {
namespace {

class PenaltyParity : public ::testing::Test {
 protected:
  std::map<std::string, std::vector<float>> ref = read_fixture("penalty_parity.bin");
  const std::vector<float>& get(const std::string& name) {
    EXPECT_TRUE(ref.count(name)) << name;
    return ref[name];
  }
  float scalar(const std::string& name) {
    const std::vector<float>& v = get(name);
    return v.empty() ? NAN : v[0];
  }
  // PyTorch computed in float64, aelab in float with double sums; measured agreement is within
  // 2e-7 (two float ulps) everywhere, so 2e-6 leaves room for another libm's exp and log.
  void expect_near(const std::vector<float>& got, const std::string& name, float tol = 2e-6f) {
    const std::vector<float>& want = get(name);
    ASSERT_EQ(got.size(), want.size()) << name;
    for (size_t i = 0; i < got.size(); ++i)
      ASSERT_NEAR(got[i], want[i], tol * (1.0f + std::fabs(want[i]))) << name << "[" << i << "]";
  }
};

TEST_F(PenaltyParity, L1Sparsity) {
  const int b = 4, k = 7;
  const std::vector<float>& z = get("l1.z");
  ASSERT_EQ(z.size(), static_cast<size_t>(b * k));
  std::vector<float> dz(z.size(), 0.0f);
  const float p = l1_penalty(ConstMatMap(z.data(), b, k), scalar("l1.weight"), MatMap(dz.data(), b, k));
  expect_near({p}, "l1.value");
  expect_near(dz, "l1.dz");
}

TEST_F(PenaltyParity, KlSparsity) {
  const int b = 4, k = 7;
  const std::vector<float>& z = get("kl.z");
  ASSERT_EQ(z.size(), static_cast<size_t>(b * k));
  std::vector<float> dz(z.size(), 0.0f);
  const float p =
      kl_sparsity_penalty(ConstMatMap(z.data(), b, k), scalar("kl.rho"), scalar("kl.weight"), MatMap(dz.data(), b, k));
  expect_near({p}, "kl.value");
  expect_near(dz, "kl.dz");
}

TEST_F(PenaltyParity, ContractiveIsTheJacobianNorm) {
  const int b = 3, d = 11, k = 5;
  const std::vector<float>&x = get("contractive.x"), &h = get("contractive.h"), &w = get("contractive.weight");
  ASSERT_EQ(x.size(), static_cast<size_t>(b * d));
  ASSERT_EQ(h.size(), static_cast<size_t>(b * k));
  ASSERT_EQ(w.size(), static_cast<size_t>(k * d));
  std::vector<float> dh(b * k, 0.0f), dweight(k * d, 0.0f);
  const float p = contractive_penalty(ConstMatMap(h.data(), b, k), ConstMatMap(w.data(), k, d), scalar("contractive.w"),
                                      MatMap(dh.data(), b, k), MatMap(dweight.data(), k, d));
  expect_near({p}, "contractive.value");
  expect_near(dh, "contractive.dh");
  expect_near(dweight, "contractive.dweight_partial");
  // Through the encoder, as the network's backward pass takes dh: the sigmoid's s = h(1-h), then
  // the linear layer (dW += (dh ⊙ s)ᵀ x, db += Σ_b dh ⊙ s). PyTorch differentiated the
  // Jacobian's norm itself, so this checks that the closed form is that norm's gradient.
  Mat dpre = ConstMatMap(dh.data(), b, k).array() * ConstMatMap(h.data(), b, k).array() *
             (1.0f - ConstMatMap(h.data(), b, k).array());
  Mat total = ConstMatMap(dweight.data(), k, d);
  total.noalias() += dpre.transpose() * ConstMatMap(x.data(), b, d);
  const Vec dbias = dpre.colwise().sum();
  expect_near(std::vector<float>(total.data(), total.data() + total.size()), "contractive.dweight");
  expect_near(std::vector<float>(dbias.data(), dbias.data() + dbias.size()), "contractive.dbias");
}

TEST_F(PenaltyParity, VaeReparameterisationAndKl) {
  const int b = 3, k = 4;
  const std::vector<float>&mulv = get("vae.mulv"), &eps = get("vae.eps"), &dz = get("vae.dz");
  ASSERT_EQ(mulv.size(), static_cast<size_t>(b * 2 * k));
  ASSERT_EQ(eps.size(), static_cast<size_t>(b * k));
  ASSERT_EQ(dz.size(), static_cast<size_t>(b * k));
  std::vector<float> z(b * k), dmulv(b * 2 * k, -1.0f);  // the backward overwrites
  reparameterize(ConstMatMap(mulv.data(), b, 2 * k), ConstMatMap(eps.data(), b, k), MatMap(z.data(), b, k));
  expect_near(z, "vae.z");
  reparameterize_backward(ConstMatMap(mulv.data(), b, 2 * k), ConstMatMap(eps.data(), b, k),
                          ConstMatMap(dz.data(), b, k), MatMap(dmulv.data(), b, 2 * k));
  expect_near(dmulv, "vae.dmulv_reparam");
  std::vector<float> dkl(b * 2 * k, 0.0f);
  const float kl = vae_kl(ConstMatMap(mulv.data(), b, 2 * k), 1.0f, MatMap(dkl.data(), b, 2 * k));
  expect_near({kl}, "vae.kl");
  expect_near(dkl, "vae.dmulv_kl");
  // A beta-VAE's weighted term (the live KL weight).
  const float w = get("vae.kl_weight").at(0);
  std::fill(dkl.begin(), dkl.end(), 0.0f);
  const float kl_w = vae_kl(ConstMatMap(mulv.data(), b, 2 * k), w, MatMap(dkl.data(), b, 2 * k));
  expect_near({kl_w}, "vae.kl_weighted");
  expect_near(dkl, "vae.dmulv_kl_weighted");
}

}  // namespace
}  // namespace aelab
