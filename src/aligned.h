// 64-byte aligned float buffers. Eigen's vectorised reductions peel unaligned leading elements,
// so a sum's order, and its rounding, would otherwise depend on where malloc put the buffer.
// Every buffer the core computes in is one of these, which makes runs bit-reproducible.
#pragma once
#include <cstddef>
#include <new>
#include <vector>

namespace aelab {

template <class T>
struct AlignedAllocator {
  using value_type = T;
  static constexpr std::align_val_t kAlign{64};
  AlignedAllocator() = default;
  template <class U>
  AlignedAllocator(const AlignedAllocator<U>&) {}
  T* allocate(size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), kAlign)); }
  void deallocate(T* p, size_t) { ::operator delete(p, kAlign); }
  template <class U>
  bool operator==(const AlignedAllocator<U>&) const { return true; }
  template <class U>
  bool operator!=(const AlignedAllocator<U>&) const { return false; }
};

using FloatBuffer = std::vector<float, AlignedAllocator<float>>;

}  // namespace aelab
