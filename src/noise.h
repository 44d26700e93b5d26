// Input corruption for denoising autoencoders, drawn from the project's RNG so a seed fixes it.
#pragma once
#include <string>

#include "rng.h"

namespace aelab {

// out = corrupt(x) for n values in [0, 1]:
//   gaussian:   x + level·N(0,1), clamped to [0, 1]
//   saltpepper: with probability level, 0 or 1 (even odds); else x
//   mask:       with probability level, 0; else x
// noise must be one of the three names (validate_config checks it).
void corrupt(const std::string& noise, float level, Rng& rng, const float* x, long n, float* out);

}  // namespace aelab
