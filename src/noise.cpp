// The three corruptions of noise.h.
#include "noise.h"

#include <algorithm>

#include "check.h"

namespace aelab {

void corrupt(const std::string& noise, float level, Rng& rng, const float* x, long n, float* out) {
  if (noise == "gaussian") {
    for (long i = 0; i < n; ++i) out[i] = std::clamp(x[i] + level * rng.normal(), 0.0f, 1.0f);
  } else if (noise == "saltpepper") {
    for (long i = 0; i < n; ++i) {
      const bool hit = rng.uniform() < level;
      const bool salt = rng.uniform() < 0.5f;  // drawn always, so the stream does not depend on x
      out[i] = hit ? (salt ? 1.0f : 0.0f) : x[i];
    }
  } else {
    AELAB_CHECK(noise == "mask");
    for (long i = 0; i < n; ++i) out[i] = rng.uniform() < level ? 0.0f : x[i];
  }
}

}  // namespace aelab
