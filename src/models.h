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

// config must have passed validate_config.
ModelLayout build_model(const ModelConfig& config);

}  // namespace aelab
