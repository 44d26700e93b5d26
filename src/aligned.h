// 64-byte aligned float buffers. Eigen's vectorised reductions peel unaligned leading elements,
// so a sum's order, and its rounding, would otherwise depend on where malloc put the buffer.
// Every buffer the core computes in is one of these, which makes runs bit-reproducible.
// resize(n) and vector(n) leave the elements uninitialised (every buffer is written before it
// is read; assign(n, 0) still zeroes): buffers are sized for 256 inference rows, and pages a
// smaller training batch never touches then never become resident.
#pragma once
#include <cstddef>
#include <cstdint>
#include <new>
#include <utility>
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
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;  // default-initialisation: no write for float or int
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
  template <class U>
  bool operator==(const AlignedAllocator<U>&) const { return true; }
  template <class U>
  bool operator!=(const AlignedAllocator<U>&) const { return false; }
};

using FloatBuffer = std::vector<float, AlignedAllocator<float>>;
using IntBuffer = std::vector<int32_t, AlignedAllocator<int32_t>>;

}  // namespace aelab
