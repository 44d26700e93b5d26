// The one place Eigen is included. Under Emscripten, Eigen 3.4's SSE path (which Emscripten
// maps to wasm SIMD128) carries x86 register hints, `__asm__("" : "+x,m"(v))`, that a wasm
// compiler rejects; they are no-ops for codegen, so they are compiled out here, and only for
// Eigen: every standard header it pulls in is included first, outside the override.
#pragma once
#ifdef __EMSCRIPTEN__
#include <algorithm>
#include <array>
#include <cassert>
#include <cerrno>
#include <climits>
#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <iostream>
#include <limits>
#include <new>
#include <sstream>
#include <string>
#include <type_traits>
#include <xmmintrin.h>
#include <emmintrin.h>
#include <pmmintrin.h>
#include <tmmintrin.h>
#include <smmintrin.h>
#define __asm__(...)
#include <Eigen/Core>
#undef __asm__
#ifndef EIGEN_VECTORIZE_SSE4_1
#error "Eigen is not vectorising: the wasm build needs -msimd128 and the -msse* flags"
#endif
#else
#include <Eigen/Core>
#endif
