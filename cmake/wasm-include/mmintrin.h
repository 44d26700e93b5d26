/* Emscripten 3.1.6 ships SSE-to-SIMD128 headers (xmmintrin.h ... smmintrin.h) but no mmintrin.h,
   and Eigen 3.4 includes it before the others; clang's own copy then refuses a non-x86 target.
   Eigen's SSE path never uses MMX (__m64) types, so an empty header is all it needs. */
#pragma once
