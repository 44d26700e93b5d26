// What defines a model: the zoo's table (names and per-model defaults, written once here),
// and ModelConfig: architecture, loss, optimizer and the values a training step reads. Its
// text form ("key=value" lines, checkpoints) comes from the run's table of fields (run_fields.h).
#pragma once
#include <cstdint>
#include <string>

namespace aelab {

// One row per model name; every list of models (flags, links, the app's combo) comes from it.
struct ModelInfo {
  const char* name;
  bool conv;          // convolutional: the code is channels of (rows/4) x (cols/4)
  bool denoise_arch;  // usable as --arch of the denoise model
  bool in_app;        // offered by the app's architecture list (denoise is any model + noise there)
  int code_dim;       // default code size (dense models); conv: 4 channels
  const char* help;
};
extern const ModelInfo kModels[];
extern const int kModelCount;
std::string model_names();  // "linear, mlp, ...": every name, for messages and --help
const ModelInfo* find_model(const std::string& name);

struct ModelConfig {
  std::string model = "linear";   // a name of kModels
  std::string arch = "linear";    // denoise only: which denoise_arch model it corrupts inputs for
  std::string noise = "gaussian"; // gaussian | saltpepper | mask: the input corruption, any model
  // gaussian: std dev; saltpepper, mask: fraction of pixels hit. 0: no corruption. Negative:
  // the model's default (resolve_defaults: 0.3 for denoise, else 0).
  float noise_level = -1.0f;
  float sparsity = 0.0f;          // sparse: 0 = L1 on the code, else KL to this mean activation
  float sparse_weight = 1e-4f;    // sparse: penalty weight
  float contractive_weight = 1e-2f;  // contractive: weight of the encoder Jacobian's ||J||_F^2
  float kl_weight = 1.0f;         // vae: weight of the KL term (1: the ELBO)
  int image_rows = 28, image_cols = 28, image_channels = 1;  // channels: 1 grey, 3 RGB
  int code_dim = 0;               // 0: the model's default (resolve_defaults)
  std::string loss = "mse";       // mse | bce
  std::string optimizer = "adam"; // adam | sgd
  float lr = 1e-3f;
  float momentum = 0.9f;          // sgd only
  int batch = 20;
  uint64_t seed = 1;
};

bool is_conv_model(const std::string& model);
// The layer stack a config builds: its model, or for denoise its arch.
const std::string& architecture(const ModelConfig& c);
// The code size a model gets when none is asked for: 32 for the dense models, 20 for the VAE,
// 4 channels of (rows/4) x (cols/4) for the convolutional ones.
int default_code_dim(const ModelConfig& c);
// c with its "model's default" values (code_dim 0, negative noise_level) filled in.
ModelConfig resolve_defaults(ModelConfig c);
// Inputs are corrupted (denoising) when the resolved noise level is above 0.
bool corrupts_inputs(const ModelConfig& c);

// "" when the config (resolved) is usable, otherwise a one-line reason.
std::string validate_config(const ModelConfig& c);

std::string config_to_text(const ModelConfig& c);
// Parses config_to_text's output; unknown keys and bad values are errors. Returns false with
// a message in *error and leaves *out untouched on failure.
bool config_from_text(const std::string& text, ModelConfig* out, std::string* error);

}  // namespace aelab
