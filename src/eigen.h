// The one place Eigen is included. In the wasm build Eigen must take its SSE path (which
// Emscripten maps to SIMD128); cmake/flags.cmake sets the flags, and this refuses to build
// a silently scalar core.
#pragma once
#include <Eigen/Core>
#if defined(__EMSCRIPTEN__) && !defined(EIGEN_VECTORIZE_SSE4_1)
#error "Eigen is not vectorising: the wasm build needs -msimd128 and the -msse* flags"
#endif

namespace aelab {
// Eigen sizes its GEMM blocks from the CPU caches (queried natively, fixed defaults in wasm), and
// the block depth decides the order in which products are summed. Pinning the sizes once makes
// every product, and so every training run, identical across machines and across native/wasm.
inline void pin_gemm_blocking() {
  static const bool pinned = [] {
    Eigen::setCpuCacheSizes(32 * 1024, 1024 * 1024, 8 * 1024 * 1024);
    return true;
  }();
  (void)pinned;
}
}  // namespace aelab
