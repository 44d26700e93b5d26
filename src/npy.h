// NumPy's .npy format: "\x93NUMPY" | u8 major | u8 minor | u16 (v1) or u32 (v2, v3) LE header
// length | a Python dict literal {'descr': '<f4', 'fortran_order': False, 'shape': (N, K), }
// padded with spaces to a multiple of 64 bytes and ended by '\n' | the raw data. aelab writes
// and reads little-endian f4 and u1 arrays in C order; parsing checks the header's literal
// field by field and the data's size against the shape and the caps of tensor_set.h.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace aelab {

struct NpyArray {
  std::string descr;  // "<f4" or "|u1"
  std::vector<int64_t> shape;
  std::vector<uint8_t> data;  // the product of shape elements of descr
};

std::vector<uint8_t> npy_bytes(const std::string& descr, const std::vector<int64_t>& shape, const void* data,
                               size_t bytes);
bool parse_npy(const uint8_t* data, size_t n, NpyArray* out, std::string* error);

}  // namespace aelab
