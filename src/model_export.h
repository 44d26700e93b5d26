// A checkpoint's parameters as named tensors, in PyTorch's state_dict names and shapes, and
// back: what 'aelab export' writes and 'aelab import' reads (safetensors or npz), and what
// python/aelab_torch.py's module holds. Layer i of the model's layer list (models.h) is
// "encoder.i" below the layout's encoder_end and "decoder.(i - encoder_end)" from there; a
// layer with parameters has NAME.weight (Linear [out, in], Conv2d [c_out, c, k, k],
// ConvTranspose2d [c, c_out, k, k], as the arena already stores them) and NAME.bias.
// The metadata carries the run's config ("aelab.config", checkpoint text) and the layer list
// ("aelab.layers", JSON) from which aelab_torch.py builds the same module.
#pragma once
#include <string>

#include "checkpoint.h"
#include "tensor_set.h"

namespace aelab {

// ck.config must be valid (as load_checkpoint leaves it).
TensorSet export_tensors(const Checkpoint& ck);

// A checkpoint of the tensors' weights and the config in their "aelab.config" metadata: every
// parameter tensor must be there with its exact shape, finite, and nothing else. Optimizer
// state starts at zero and the step count at 0. On failure *out is untouched.
bool import_tensors(const TensorSet& set, Checkpoint* out, std::string* error);

// By the path's extension: .safetensors or .npz. Reads are capped and go through the
// defensive parsers; writes are atomic.
bool write_tensor_file(const std::string& path, const TensorSet& set, std::string* error);
bool read_tensor_file(const std::string& path, TensorSet* out, std::string* error);

}  // namespace aelab
