// FNV-1a, 64-bit: change detection for the UI (which inputs a cached view was computed from,
// which windows drew something new). Not for anything adversarial.
#pragma once
#include <cstddef>
#include <cstdint>

namespace aelab {

constexpr uint64_t kFnvOffset = 1469598103934665603ull;

inline uint64_t fnv1a(uint64_t h, const void* data, size_t n) {
  const auto* p = static_cast<const unsigned char*>(data);
  for (size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

}  // namespace aelab
