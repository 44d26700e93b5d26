// NumPy's .npy format (versions 1-3; one reader for data sets and model weights, one writer for
// codes and exports): a magic string, a Python dict literal header giving
// 'descr' (dtype), 'fortran_order' and 'shape', then the raw C-order array. Only little-endian
// (or byte-sized) integer and float dtypes are read; the header is parsed by hand, checked
// against the bytes present before anything is read, and capped at kMaxNpyHeader bytes.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace aelab {

constexpr size_t kMaxNpyHeader = 16384;

struct NpyArray {
  std::vector<uint64_t> shape;  // at most 4 dimensions
  char kind = 0;                // 'u' unsigned, 'i' signed, 'f' float
  int item_size = 0;            // bytes: 1, 2, 4 or 8 (floats 4 or 8)
  const uint8_t* data = nullptr;  // into the parsed buffer: product(shape) * item_size bytes
  uint64_t count = 0;             // product(shape)
  // Element i as a double (little-endian).
  double at(uint64_t i) const;
};

// On failure returns false with a one-line reason and leaves *out untouched. The array's data
// points into `data`.
bool parse_npy(const uint8_t* data, size_t n, NpyArray* out, std::string* error);

// A version 1.0 .npy file of `bytes` bytes of `descr` ("<f4", "|u1") data in C order, with the
// header NumPy writes ((N,) for one dimension) padded so the data starts 64-byte aligned.
std::vector<uint8_t> npy_bytes(const std::string& descr, const std::vector<int64_t>& shape, const void* data,
                               size_t bytes);

}  // namespace aelab
