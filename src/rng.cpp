// MT19937 with an open state, and the uniform, integer and Box-Muller normal draws over it;
// see rng.h for why they are written here.
#include "rng.h"

#include <cmath>
#include <cstring>
#include <random>

namespace aelab {

void Rng::reseed(uint64_t seed) {
  // seed_seq's algorithm is fixed by the standard; mersenne_twister_engine::seed(seq) takes its
  // 624 words as the state and, if the state's significant bits are all zero, sets the top bit.
  std::seed_seq seq{static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32)};
  seq.generate(mt_.begin(), mt_.end());
  bool zero = (mt_[0] & 0x80000000u) == 0;
  for (int i = 1; i < 624 && zero; ++i) zero = mt_[i] == 0;
  if (zero) mt_[0] = 0x80000000u;
  index_ = 624;
  has_spare_ = false;
}

uint32_t Rng::next_u32() {
  if (index_ >= 624) {
    for (int i = 0; i < 624; ++i) {
      const uint32_t y = (mt_[i] & 0x80000000u) | (mt_[(i + 1) % 624] & 0x7fffffffu);
      mt_[i] = mt_[(i + 397) % 624] ^ (y >> 1) ^ ((y & 1u) ? 0x9908b0dfu : 0u);
    }
    index_ = 0;
  }
  uint32_t y = mt_[index_++];
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680u;
  y ^= (y << 15) & 0xefc60000u;
  y ^= y >> 18;
  return y;
}

float Rng::uniform() { return static_cast<float>(next_u32() >> 8) * (1.0f / 16777216.0f); }

uint32_t Rng::below(uint32_t n) {
  // Rejection sampling keeps the draw unbiased for every n.
  const uint32_t limit = UINT32_MAX - UINT32_MAX % n;
  uint32_t x;
  do x = next_u32(); while (x >= limit);
  return x % n;
}

float Rng::normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  // Computed in double so the result does not hinge on float libm differences.
  double u1 = (static_cast<double>(next_u32() >> 5) + 1.0) * (1.0 / 134217729.0);  // (0, 1]
  double u2 = static_cast<double>(next_u32() >> 5) * (1.0 / 134217728.0);          // [0, 1)
  double r = std::sqrt(-2.0 * std::log(u1));
  double a = 6.283185307179586 * u2;
  spare_ = static_cast<float>(r * std::sin(a));
  has_spare_ = true;
  return static_cast<float>(r * std::cos(a));
}

Rng::State Rng::state() const {
  State s{};
  std::copy(mt_.begin(), mt_.end(), s.begin());
  s[624] = index_;
  s[625] = has_spare_ ? 1u : 0u;
  std::memcpy(&s[626], &spare_, 4);
  return s;
}

bool Rng::set_state(const State& s) {
  if (s[624] > 624 || s[625] > 1) return false;
  std::copy(s.begin(), s.begin() + 624, mt_.begin());
  index_ = s[624];
  has_spare_ = s[625] != 0;
  std::memcpy(&spare_, &s[626], 4);
  return true;
}

}  // namespace aelab
