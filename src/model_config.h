// What defines a model: architecture, loss, optimizer and training hyper-parameters.
// Plain data with a text form ("key=value" lines) shared by checkpoints and run files.
#pragma once
#include <cstdint>
#include <string>

namespace aelab {

struct ModelConfig {
  // linear | mlp | conv | conv-strided | conv-upsample | denoise | vae | sparse | contractive
  std::string model = "linear";
  std::string arch = "linear";    // denoise only: which of the first five it corrupts inputs for
  std::string noise = "gaussian"; // denoise only: gaussian | saltpepper | mask
  float noise_level = 0.3f;       // gaussian: std dev; saltpepper, mask: fraction of pixels hit
  float sparsity = 0.0f;          // sparse: 0 = L1 on the code, else KL to this mean activation
  float sparse_weight = 1e-4f;    // sparse: penalty weight
  float contractive_weight = 1e-2f;  // contractive: weight of the encoder Jacobian's ||J||_F^2
  int image_rows = 28, image_cols = 28;
  int code_dim = 32;
  std::string loss = "mse";       // mse | bce
  std::string optimizer = "adam"; // adam | sgd
  float lr = 1e-3f;
  float momentum = 0.9f;          // sgd only
  int batch = 20;
  uint64_t seed = 1;
};

extern const char* const kModelNames;  // every model name, comma separated

bool is_conv_model(const std::string& model);
// The layer stack a config builds: its model, or for denoise its arch.
const std::string& architecture(const ModelConfig& c);
// The code size a model gets when none is asked for: 32 for the dense models, 20 for the VAE,
// 4 channels of (rows/4) x (cols/4) for the convolutional ones.
int default_code_dim(const ModelConfig& c);

// "" when the config is usable, otherwise a one-line reason.
std::string validate_config(const ModelConfig& c);

std::string config_to_text(const ModelConfig& c);
// Parses config_to_text's output; unknown keys and bad values are errors. Returns false with
// a message in *error and leaves *out untouched on failure.
bool config_from_text(const std::string& text, ModelConfig* out, std::string* error);

}  // namespace aelab
