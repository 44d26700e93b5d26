// Uniform, integer and Box-Muller normal draws over std::mt19937; see rng.h for why.
#include "rng.h"

#include <cmath>

namespace aelab {

void Rng::reseed(uint64_t seed) {
  // seed_seq's algorithm is fixed by the standard, so every library expands it alike.
  std::seed_seq seq{static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32)};
  gen_.seed(seq);
  has_spare_ = false;
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

}  // namespace aelab
