// Checkpoint <-> named tensors, by walking the model's layer list and the table of layer
// kinds: a new kind or a new input shape needs nothing here.
#include "model_export.h"

#include <cmath>

#include "file_io.h"
#include "models.h"
#include "npz.h"
#include "safetensors.h"
#include "version.h"

namespace aelab {

namespace {

// One parameter tensor of the layout: its name, PyTorch shape and place in the arena.
struct ParamTensor {
  std::string name;
  std::vector<int64_t> shape;
  int64_t offset = 0, count = 0;
};

// In the arena's order (network.cpp): each layer's weight, then its bias. A layer with a kernel
// (k > 0: the convolutions) keeps its weight's columns as [channels][ky][kx], PyTorch's layout.
std::vector<ParamTensor> param_tensors(const ModelLayout& m) {
  std::vector<ParamTensor> out;
  int64_t offset = 0;
  for (int i = 0; i < static_cast<int>(m.layers.size()); ++i) {
    const LayerSpec& s = m.layers[i];
    const ParamShape p = layer_kind(s.kind).param_shape(s);
    if (p.count() == 0) continue;
    const std::string name = i < m.encoder_end ? "encoder." + std::to_string(i)
                                               : "decoder." + std::to_string(i - m.encoder_end);
    std::vector<int64_t> weight = {p.weight_rows, p.weight_cols};
    if (s.k > 0) weight = {p.weight_rows, p.weight_cols / (s.k * s.k), s.k, s.k};
    out.push_back({name + ".weight", weight, offset, p.weight_rows * p.weight_cols});
    offset += out.back().count;
    out.push_back({name + ".bias", {p.bias_size}, offset, p.bias_size});
    offset += p.bias_size;
  }
  return out;
}

std::string layers_json(const ModelLayout& m) {
  std::string out = "[";
  for (const LayerSpec& s : m.layers) {
    const int v[] = {s.in, s.out, s.c, s.h, s.w, s.c_out, s.k, s.stride, s.pad};
    const char* keys[] = {"in", "out", "c", "h", "w", "c_out", "k", "stride", "pad"};
    out += std::string(out.size() > 1 ? "," : "") + "{\"kind\":\"" + layer_kind(s.kind).name + "\"";
    for (int j = 0; j < 9; ++j) out += ",\"" + std::string(keys[j]) + "\":" + std::to_string(v[j]);
    out += "}";
  }
  return out + "]";
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

TensorSet export_tensors(const Checkpoint& ck) {
  const ModelLayout m = build_model(ck.config);
  TensorSet set;
  for (const ParamTensor& p : param_tensors(m))
    set.tensors.push_back({p.name, p.shape, std::vector<float>(ck.params.begin() + p.offset,
                                                               ck.params.begin() + p.offset + p.count)});
  set.metadata = {{"format", "pt"},
                  {"aelab.config", config_to_text(ck.config)},
                  {"aelab.layers", layers_json(m)},
                  {"aelab.encoder_end", std::to_string(m.encoder_end)},
                  {"aelab.written_by", std::string("aelab ") + kVersion}};
  return set;
}

bool import_tensors(const TensorSet& set, Checkpoint* out, std::string* error) {
  const std::string* text = set.meta("aelab.config");
  if (!text) {
    *error = "no aelab.config metadata (write the file with python/aelab_torch.py's save)";
    return false;
  }
  Checkpoint ck;
  if (!config_from_text(*text, &ck.config, error)) {
    *error = "aelab.config metadata: " + *error;
    return false;
  }
  const std::vector<ParamTensor> params = param_tensors(build_model(ck.config));
  const int64_t count = params.empty() ? 0 : params.back().offset + params.back().count;
  for (const NamedTensor& t : set.tensors) {
    bool known = false;
    for (const ParamTensor& p : params) known = known || p.name == t.name;
    if (!known) {
      *error = "unexpected tensor '" + t.name.substr(0, 60) + "' for a " + ck.config.model + " model";
      return false;
    }
  }
  ck.params.resize(static_cast<size_t>(count));
  for (const ParamTensor& p : params) {
    const NamedTensor* t = set.find(p.name);
    if (!t) {
      *error = "missing tensor '" + p.name + "' of a " + ck.config.model + " model";
      return false;
    }
    if (t->shape != p.shape) {
      *error = "tensor '" + p.name + "' has shape " + shape_text(t->shape) + " but this " + ck.config.model +
               " model needs " + shape_text(p.shape);
      return false;
    }
    for (float x : t->values) {
      if (!std::isfinite(x)) {
        *error = "tensor '" + p.name + "' holds non-finite (NaN or infinite) values";
        return false;
      }
    }
    std::copy(t->values.begin(), t->values.end(), ck.params.begin() + p.offset);
  }
  ck.moment1.assign(ck.params.size(), 0.0f);
  ck.moment2.assign(ck.params.size(), 0.0f);
  *out = std::move(ck);
  return true;
}

bool write_tensor_file(const std::string& path, const TensorSet& set, std::string* error) {
  if (ends_with(path, ".safetensors")) return write_file_atomic(path, safetensors_bytes(set), error);
  if (ends_with(path, ".npz")) return write_file_atomic(path, npz_bytes(set), error);
  *error = path + ": the name must end in .safetensors or .npz";
  return false;
}

bool read_tensor_file(const std::string& path, TensorSet* out, std::string* error) {
  const bool safetensors = ends_with(path, ".safetensors");
  if (!safetensors && !ends_with(path, ".npz")) {
    *error = path + ": the name must end in .safetensors or .npz";
    return false;
  }
  // The largest model's values, plus room for headers, zip records and metadata.
  std::vector<uint8_t> bytes;
  if (!read_file(path, 4 * static_cast<uint64_t>(kMaxTensorValues) + (16u << 20), &bytes, error)) return false;
  const bool ok = safetensors ? parse_safetensors(bytes.data(), bytes.size(), out, error)
                              : parse_npz(bytes.data(), bytes.size(), out, error);
  if (!ok) *error = path + ": " + *error;
  return ok;
}

}  // namespace aelab
