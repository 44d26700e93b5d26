// What defines a model: architecture, loss, optimizer and training hyper-parameters.
// Plain data with a text form ("key=value" lines) shared by checkpoints and run files.
#pragma once
#include <cstdint>
#include <string>

namespace aelab {

struct ModelConfig {
  std::string model = "linear";   // linear | mlp | conv | conv-strided | conv-upsample
  int image_rows = 28, image_cols = 28;
  int code_dim = 32;
  std::string loss = "mse";       // mse | bce
  std::string optimizer = "adam"; // adam | sgd
  float lr = 1e-3f;
  float momentum = 0.9f;          // sgd only
  int batch = 20;
  uint64_t seed = 1;
};

extern const char* const kModelNames;  // "linear, mlp, conv, conv-strided, conv-upsample"

bool is_conv_model(const std::string& model);
// The code size a model gets when none is asked for: 32 for the dense models, 4 channels of
// (rows/4) x (cols/4) for the convolutional ones.
int default_code_dim(const std::string& model, int rows, int cols);

// "" when the config is usable, otherwise a one-line reason.
std::string validate_config(const ModelConfig& c);

std::string config_to_text(const ModelConfig& c);
// Parses config_to_text's output; unknown keys and bad values are errors. Returns false with
// a message in *error and leaves *out untouched on failure.
bool config_from_text(const std::string& text, ModelConfig* out, std::string* error);

}  // namespace aelab
