// The project's one random number generator. std::mt19937 is bit-exact across standard
// libraries, but std::*_distribution is not (libstdc++ vs Emscripten's libc++), and neither is
// its textual state, so the generator (MT19937, seeded through std::seed_seq exactly as
// std::mt19937 is) and the uniform and normal draws are written here.
#pragma once
#include <array>
#include <cstdint>

namespace aelab {

class Rng {
 public:
  explicit Rng(uint64_t seed) { reseed(seed); }
  void reseed(uint64_t seed);
  uint32_t next_u32();                    // the same sequence as std::mt19937 seeded alike
  float uniform();                        // [0, 1) with 24 random bits
  float uniform(float lo, float hi) { return lo + (hi - lo) * uniform(); }
  float normal();                         // N(0, 1) by Box-Muller
  uint32_t below(uint32_t n);             // uniform integer in [0, n), unbiased

  // The whole state, so a checkpoint continues a stream exactly where it stopped: the 624
  // words, the position in them, and the Box-Muller spare (flag, float bits).
  static constexpr int kStateWords = 624 + 3;
  using State = std::array<uint32_t, kStateWords>;
  State state() const;
  // False (state unchanged) for a state no generator can be in (position past 624).
  bool set_state(const State& s);

 private:
  std::array<uint32_t, 624> mt_{};
  uint32_t index_ = 624;
  bool has_spare_ = false;
  float spare_ = 0.0f;
};

}  // namespace aelab
