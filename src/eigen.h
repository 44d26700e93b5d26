// The one place Eigen is included. In the wasm build Eigen must take its SSE path (which
// Emscripten maps to SIMD128); cmake/flags.cmake sets the flags, and this refuses to build
// a silently scalar core.
#pragma once
#include <Eigen/Core>
#if defined(__EMSCRIPTEN__) && !defined(EIGEN_VECTORIZE_SSE4_1)
#error "Eigen is not vectorising: the wasm build needs -msimd128 and the -msse* flags"
#endif
