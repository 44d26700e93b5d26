// The safetensors format (Hugging Face): u64 LE header length N | N bytes of JSON
// {name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {str: str}} | the
// tensors' raw little-endian bytes, offsets relative to the end of the header. aelab writes
// and reads F32 tensors only. Parsing is defensive: the header's JSON is read by a parser for
// exactly this shape of document, every offset and size is checked against the bytes present
// and the caps of tensor_set.h, and the tensors must tile the data without gaps or overlap.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "tensor_set.h"

namespace aelab {

constexpr uint64_t kMaxSafetensorsHeader = 1u << 20;  // a model here needs a few KB

std::vector<uint8_t> safetensors_bytes(const TensorSet& set);
// On failure returns false with a one-line reason and leaves *out untouched.
bool parse_safetensors(const uint8_t* data, size_t n, TensorSet* out, std::string* error);

}  // namespace aelab
