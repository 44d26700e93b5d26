// The project's one random number generator. std::mt19937 is bit-exact across standard
// libraries, but std::*_distribution is not (libstdc++ vs Emscripten's libc++), so the
// uniform and normal draws are written here.
#pragma once
#include <cstdint>
#include <random>

namespace aelab {

class Rng {
 public:
  explicit Rng(uint64_t seed) { reseed(seed); }
  void reseed(uint64_t seed);
  uint32_t next_u32() { return static_cast<uint32_t>(gen_()); }
  float uniform();                        // [0, 1) with 24 random bits
  float uniform(float lo, float hi) { return lo + (hi - lo) * uniform(); }
  float normal();                         // N(0, 1) by Box-Muller
  uint32_t below(uint32_t n);             // uniform integer in [0, n), unbiased

 private:
  std::mt19937 gen_;
  bool has_spare_ = false;
  float spare_ = 0.0f;
};

}  // namespace aelab
