// NumPy's .npz: a zip archive of .npy files, one per array, named after it. aelab writes f4
// tensors as stored (uncompressed) entries and metadata as u1 arrays of UTF-8 text named
// "__metadata__.KEY"; it reads stored and deflate archives (np.savez, np.savez_compressed).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "tensor_set.h"

namespace aelab {

constexpr const char* kNpzMetadataPrefix = "__metadata__.";

std::vector<uint8_t> npz_bytes(const TensorSet& set);
// On failure returns false with a one-line reason and leaves *out untouched.
bool parse_npz(const uint8_t* data, size_t n, TensorSet* out, std::string* error);

}  // namespace aelab
