// libFuzzer target: the model-weights npz reader (npz.h: zip archive, then float32 .npy
// entries) and the .npy reader alone on the same bytes. Fuzz builds skip the zip's CRC check
// (zip.cpp), so mutated entries reach the npy parser. Any input must give a result whose
// arrays hold what their shapes say, or a one-line error.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "npy.h"
#include "npz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string error;
  aelab::TensorSet set;
  if (aelab::parse_npz(data, size, &set, &error)) {
    for (const aelab::NamedTensor& t : set.tensors) {
      int64_t count = 1;
      for (int64_t d : t.shape) count *= d;
      if (static_cast<size_t>(count) != t.values.size()) __builtin_trap();
    }
  } else if (error.empty()) {
    __builtin_trap();
  }
  aelab::NpyArray a;
  if (aelab::parse_npy(data, size, &a, &error)) {
    uint64_t count = 1;
    for (uint64_t d : a.shape) count *= d;
    if (count != a.count || a.data < data || a.data + count * a.item_size > data + size) __builtin_trap();
  }
  return 0;
}
