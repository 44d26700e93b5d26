// Losses on the code rather than the reconstruction: sparsity (L1 or KL to a target mean),
// the contractive penalty, and the VAE's reparameterisation and KL term. Each returns its
// value and ADDS its gradient into the given buffers, so it stacks on the reconstruction's.
#pragma once
#include "dims.h"

namespace aelab {

// z [B,Z]: P = w · Σ|z| / B;  dz += w · sign(z) / B
float l1_penalty(ConstMatRef z, float weight, MatRef dz);

// z [B,Z] in (0,1), ρ̂_j = mean_b z_bj:  P = w Σ_j [ρ log(ρ/ρ̂_j) + (1-ρ) log((1-ρ)/(1-ρ̂_j))];
// dz_bj += w (-(ρ/ρ̂_j) + (1-ρ)/(1-ρ̂_j)) / B.  ρ̂ is clamped to [1e-6, 1-1e-6].
float kl_sparsity_penalty(ConstMatRef z, float rho, float weight, MatRef dz);

// Encoder h = sigmoid(x·Wᵀ + b), h [B,K], weight W [K,D]. With s = h(1-h) and a_j = ||W_j||²:
//   P = w Σ_b Σ_j s_bj² a_j / B   (the squared Frobenius norm of dh/dx, averaged over the batch)
//   dh_bj += w · 2 a_j s_bj (1 - 2h_bj) / B;   dweight_j += w · 2 (Σ_b s_bj²) / B · W_j
float contractive_penalty(ConstMatRef h, ConstMatRef weight, float w, MatRef dh, MatRef dweight);

// mulv [B, 2Z] = [mu | logvar], eps [B,Z] ~ N(0,1):  z = mu + exp(logvar/2) ⊙ eps
void reparameterize(ConstMatRef mulv, ConstMatRef eps, MatRef z);
// dz [B,Z] -> dmulv [B,2Z] (overwritten): dmu = dz, dlogvar = dz ⊙ eps ⊙ exp(logvar/2) / 2
void reparameterize_backward(ConstMatRef mulv, ConstMatRef eps, ConstMatRef dz, MatRef dmulv);
// w · KL(q(z|x) || N(0,I)) summed over Z, averaged over B:  -½ w Σ (1 + lv - mu² - e^lv) / B;
// dmulv += w [mu, (e^lv - 1)/2] / B. w is the KL weight (β of a β-VAE; 1 is the ELBO).
float vae_kl(ConstMatRef mulv, float weight, MatRef dmulv);

}  // namespace aelab
