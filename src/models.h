// The model zoo's architectures as layer stacks (see README for each one's shape).
#pragma once
#include <vector>

#include "model_config.h"
#include "network.h"

namespace aelab {

struct ModelLayout {
  std::vector<LayerSpec> layers;
  int encoder_end = 0;  // layers [0, encoder_end) encode; the last of them outputs the code
  // VAE only: the encoder outputs [mu | logvar] (2Z wide) but the decoder takes z (Z wide), so
  // the layer at encoder_end does not take the previous layer's output. -1 elsewhere.
  int seam = -1;
};

// config must have passed validate_config (its model defaults are resolved here).
ModelLayout build_model(const ModelConfig& config);

// What a layout costs before anything is allocated, so a hostile config or checkpoint is
// refused instead of exhausting memory: parameters, and floats of activations, gradients and
// caches for `rows` rows (an upper bound; scratch excluded, it is smaller).
int64_t count_params(const ModelLayout& m);
int64_t working_floats(const ModelLayout& m, int rows);

}  // namespace aelab
