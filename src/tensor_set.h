// Named float tensors with string metadata: what a safetensors or npz file holds for aelab
// (safetensors.h, npz.h), and what model_export.h maps to and from a checkpoint's parameters.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace aelab {

struct NamedTensor {
  std::string name;
  std::vector<int64_t> shape;
  std::vector<float> values;  // row-major, the product of shape long
};

struct TensorSet {
  std::vector<NamedTensor> tensors;
  std::vector<std::pair<std::string, std::string>> metadata;
  const NamedTensor* find(const std::string& name) const {
    for (const NamedTensor& t : tensors)
      if (t.name == name) return &t;
    return nullptr;
  }
  const std::string* meta(const std::string& key) const {
    for (const auto& [k, v] : metadata)
      if (k == key) return &v;
    return nullptr;
  }
};

// "[784, 32]", for messages.
inline std::string shape_text(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

// The caps every tensor file reader applies before allocating: a model here has far fewer
// tensors and values, so a file beyond them is refused rather than loaded.
constexpr int kMaxTensors = 1024;
constexpr int kMaxTensorRank = 8;
constexpr int64_t kMaxTensorValues = int64_t{64} << 20;  // all tensors together: 256 MB of f32

}  // namespace aelab
