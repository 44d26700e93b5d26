// The zoo's table, per-model defaults, validation, and the checkpoint text of ModelConfig (its
// rows of the run's table of fields), parsed defensively: it comes from files.
#include "model_config.h"

#include <cmath>
#include <sstream>

#include "run.h"
#include "run_fields.h"

namespace aelab {

const ModelInfo kModels[] = {
    {"linear", false, true, true, 32, "784-K-784, ReLU code, sigmoid output"},
    {"mlp", false, true, true, 32, "784-256-64-K-64-256-784"},
    {"conv", true, true, true, 0, "conv + max-pool down, transposed conv up"},
    {"conv-strided", true, true, true, 0, "strided conv down, transposed conv up"},
    {"conv-upsample", true, true, true, 0, "conv + pool down, nearest upsample + conv up"},
    {"denoise", false, false, false, 32, "--arch trained on corrupted inputs"},
    {"vae", false, false, true, 20, "variational: Gaussian code, BCE + KL"},
    {"sparse", false, false, true, 32, "sigmoid code with an L1 or KL sparsity penalty"},
    {"contractive", false, false, true, 32, "sigmoid code with the encoder Jacobian's penalty"},
};
const int kModelCount = static_cast<int>(sizeof kModels / sizeof kModels[0]);

const ModelInfo* find_model(const std::string& name) {
  for (const ModelInfo& m : kModels)
    if (name == m.name) return &m;
  return nullptr;
}

std::string model_names() {
  std::string out;
  for (const ModelInfo& m : kModels) out += (out.empty() ? "" : ", ") + std::string(m.name);
  return out;
}

bool is_conv_model(const std::string& model) {
  const ModelInfo* m = find_model(model);
  return m && m->conv;
}

const std::string& architecture(const ModelConfig& c) { return c.model == "denoise" ? c.arch : c.model; }

int default_code_dim(const ModelConfig& c) {
  if (is_conv_model(architecture(c))) return 4 * (c.image_rows / 4) * (c.image_cols / 4);
  const ModelInfo* m = find_model(c.model);
  return m ? m->code_dim : 32;
}

ModelConfig resolve_defaults(ModelConfig c) {
  if (c.code_dim <= 0) c.code_dim = default_code_dim(c);
  if (c.noise_level < 0.0f) c.noise_level = c.model == "denoise" ? 0.3f : 0.0f;
  return c;
}

bool corrupts_inputs(const ModelConfig& c) { return resolve_defaults(c).noise_level > 0.0f; }

std::string validate_config(const ModelConfig& config) {
  const ModelConfig c = resolve_defaults(config);
  if (!find_model(c.model)) return "unknown model '" + c.model.substr(0, 40) + "' (known: " + model_names() + ")";
  if (c.model == "denoise") {
    const ModelInfo* a = find_model(c.arch);
    if (!a || !a->denoise_arch)
      return "unknown --arch '" + c.arch.substr(0, 40) + "' for denoise (known: linear, mlp, conv, conv-strided, conv-upsample)";
  }
  if (c.noise != "gaussian" && c.noise != "saltpepper" && c.noise != "mask")
    return "unknown noise '" + c.noise.substr(0, 40) + "' (known: gaussian, saltpepper, mask)";
  if (!(c.noise_level >= 0.0f && c.noise_level <= (c.noise == "gaussian" ? 10.0f : 1.0f)))
    return "noise level must be 0-1 for saltpepper and mask, 0-10 for gaussian";
  if (!(c.sparsity >= 0.0f && c.sparsity < 1.0f)) return "sparsity target must be in [0, 1)";
  if (!(c.sparse_weight >= 0.0f && c.sparse_weight <= 1000.0f)) return "sparse weight must be in [0, 1000]";
  if (!(c.contractive_weight >= 0.0f && c.contractive_weight <= 1000.0f))
    return "contractive weight must be in [0, 1000]";
  if (!(c.kl_weight >= 0.0f && c.kl_weight <= 1000.0f)) return "KL weight must be in [0, 1000]";
  if (c.image_rows < 1 || c.image_rows > 256 || c.image_cols < 1 || c.image_cols > 256)
    return "image size must be between 1x1 and 256x256";
  if (c.image_channels != 1 && c.image_channels != 3) return "images must have 1 (grey) or 3 (RGB) channels";
  if (c.code_dim < 1 || c.code_dim > 4096) return "code dimension must be between 1 and 4096";
  if (is_conv_model(architecture(c))) {
    if (c.image_rows % 4 != 0 || c.image_cols % 4 != 0)
      return "convolutional models need image sides divisible by 4";
    const int cell = (c.image_rows / 4) * (c.image_cols / 4);
    if (c.code_dim % cell != 0 || c.code_dim / cell > 64)
      return "a convolutional code is 1-64 channels of " + std::to_string(c.image_rows / 4) + "x" +
             std::to_string(c.image_cols / 4) + ": code dimension must be a multiple of " + std::to_string(cell) +
             " up to " + std::to_string(64 * cell);
  }
  if (c.loss != "mse" && c.loss != "bce") return "unknown loss '" + c.loss.substr(0, 40) + "' (known: mse, bce)";
  if (c.optimizer != "adam" && c.optimizer != "sgd")
    return "unknown optimizer '" + c.optimizer.substr(0, 40) + "' (known: adam, sgd)";
  if (!(c.lr > 0.0f) || !std::isfinite(c.lr)) return "learning rate must be a positive number";
  if (!(c.momentum >= 0.0f && c.momentum < 1.0f)) return "momentum must be in [0, 1)";
  if (c.batch < 1 || c.batch > 65536) return "batch size must be between 1 and 65536";
  return "";
}

std::string config_to_text(const ModelConfig& c) {
  Run run;
  run.model = c;
  std::string out;
  for (const RunField& f : run_fields())
    if (f.use & kInCheckpoint) out += std::string(f.key) + "=" + get_field(f, run) + "\n";
  return out;
}

bool config_from_text(const std::string& text, ModelConfig* out, std::string* error) {
  Run run;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const size_t eq = line.find('=');
    if (eq == std::string::npos) {
      *error = "config line without '=': '" + line.substr(0, 40) + "'";
      return false;
    }
    const std::string key = line.substr(0, eq), value = line.substr(eq + 1);
    const RunField* f = find_field(key);
    if (!f || !(f->use & kInCheckpoint)) {
      *error = "unknown config key '" + key.substr(0, 40) + "'";
      return false;
    }
    std::string expected;
    if (!set_field(*f, value, &run, &expected)) {
      *error = "bad value for config key '" + key + "': '" + value.substr(0, 40) + "'";
      return false;
    }
  }
  const std::string why = validate_config(run.model);
  if (!why.empty()) {
    *error = why;
    return false;
  }
  *out = run.model;
  return true;
}

}  // namespace aelab
