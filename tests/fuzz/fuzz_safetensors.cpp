// libFuzzer target: the safetensors reader, then what accepts its output: a file that parses
// must serialise and parse back to the same tensors and metadata, and importing it as a model
// must either succeed with the model's parameter count or give a one-line error.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "model_export.h"
#include "models.h"
#include "safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  aelab::TensorSet set;
  std::string error;
  if (!aelab::parse_safetensors(data, size, &set, &error)) {
    if (error.empty()) __builtin_trap();
    return 0;
  }
  const std::vector<uint8_t> bytes = aelab::safetensors_bytes(set);
  aelab::TensorSet back;
  if (!aelab::parse_safetensors(bytes.data(), bytes.size(), &back, &error)) __builtin_trap();
  if (back.metadata != set.metadata || back.tensors.size() != set.tensors.size()) __builtin_trap();
  for (size_t i = 0; i < set.tensors.size(); ++i) {
    const aelab::NamedTensor &a = set.tensors[i], &b = back.tensors[i];
    if (a.name != b.name || a.shape != b.shape || a.values.size() != b.values.size()) __builtin_trap();
    if (!a.values.empty() && std::memcmp(a.values.data(), b.values.data(), 4 * a.values.size()) != 0) __builtin_trap();
  }
  aelab::Checkpoint ck;
  if (aelab::import_tensors(set, &ck, &error)) {
    if (static_cast<int64_t>(ck.params.size()) != aelab::count_params(aelab::build_model(ck.config))) __builtin_trap();
  } else if (error.empty()) {
    __builtin_trap();
  }
  return 0;
}
