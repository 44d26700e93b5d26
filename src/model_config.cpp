// Validation and the key=value text form of ModelConfig, parsed defensively (it comes from
// checkpoint files and, later, URLs and run files).
#include "model_config.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace aelab {

namespace {

bool parse_int(const std::string& s, int lo, int hi, int* out) {
  if (s.empty() || s.size() > 12) return false;
  char* end = nullptr;
  errno = 0;
  long v = std::strtol(s.c_str(), &end, 10);
  if (errno != 0 || *end != '\0' || v < lo || v > hi) return false;
  *out = static_cast<int>(v);
  return true;
}

bool parse_float(const std::string& s, float* out) {
  if (s.empty() || s.size() > 40) return false;
  char* end = nullptr;
  errno = 0;
  float v = std::strtof(s.c_str(), &end);
  if (errno != 0 || *end != '\0' || !std::isfinite(v)) return false;
  *out = v;
  return true;
}

bool parse_u64(const std::string& s, uint64_t* out) {
  if (s.empty() || s.size() > 20 || s[0] == '-' || s[0] == '+') return false;
  char* end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(s.c_str(), &end, 10);
  if (errno != 0 || *end != '\0') return false;
  *out = v;
  return true;
}

std::string format_float(float v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(v));
  return buf;
}

}  // namespace

const char* const kModelNames = "linear, mlp, conv, conv-strided, conv-upsample, denoise, vae, sparse, contractive";

bool is_conv_model(const std::string& model) {
  return model == "conv" || model == "conv-strided" || model == "conv-upsample";
}

const std::string& architecture(const ModelConfig& c) { return c.model == "denoise" ? c.arch : c.model; }

int default_code_dim(const ModelConfig& c) {
  if (is_conv_model(architecture(c))) return 4 * (c.image_rows / 4) * (c.image_cols / 4);
  return c.model == "vae" ? 20 : 32;
}

std::string validate_config(const ModelConfig& c) {
  static const char* const kKnown[] = {"linear", "mlp", "conv", "conv-strided", "conv-upsample",
                                       "denoise", "vae", "sparse", "contractive"};
  bool known = false;
  for (const char* k : kKnown) known = known || c.model == k;
  if (!known) return "unknown model '" + c.model + "' (known: " + kModelNames + ")";
  if (c.model == "denoise") {
    if (c.arch != "linear" && c.arch != "mlp" && !is_conv_model(c.arch))
      return "unknown --arch '" + c.arch + "' for denoise (known: linear, mlp, conv, conv-strided, conv-upsample)";
    if (c.noise != "gaussian" && c.noise != "saltpepper" && c.noise != "mask")
      return "unknown noise '" + c.noise + "' (known: gaussian, saltpepper, mask)";
    if (!(c.noise_level >= 0.0f && c.noise_level <= (c.noise == "gaussian" ? 10.0f : 1.0f)))
      return "noise level must be 0-1 for saltpepper and mask, 0-10 for gaussian";
  }
  if (!(c.sparsity >= 0.0f && c.sparsity < 1.0f)) return "sparsity target must be in [0, 1)";
  if (!(c.sparse_weight >= 0.0f && c.sparse_weight <= 1000.0f)) return "sparse weight must be in [0, 1000]";
  if (!(c.contractive_weight >= 0.0f && c.contractive_weight <= 1000.0f))
    return "contractive weight must be in [0, 1000]";
  if (c.image_rows < 1 || c.image_rows > 256 || c.image_cols < 1 || c.image_cols > 256)
    return "image size must be between 1x1 and 256x256";
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
  if (c.loss != "mse" && c.loss != "bce") return "unknown loss '" + c.loss + "' (known: mse, bce)";
  if (c.optimizer != "adam" && c.optimizer != "sgd")
    return "unknown optimizer '" + c.optimizer + "' (known: adam, sgd)";
  if (!(c.lr > 0.0f) || !std::isfinite(c.lr)) return "learning rate must be a positive number";
  if (!(c.momentum >= 0.0f && c.momentum < 1.0f)) return "momentum must be in [0, 1)";
  if (c.batch < 1 || c.batch > 65536) return "batch size must be between 1 and 65536";
  return "";
}

std::string config_to_text(const ModelConfig& c) {
  std::ostringstream o;
  o << "model=" << c.model << "\n"
    << "arch=" << c.arch << "\n"
    << "noise=" << c.noise << "\n"
    << "noise_level=" << format_float(c.noise_level) << "\n"
    << "sparsity=" << format_float(c.sparsity) << "\n"
    << "sparse_weight=" << format_float(c.sparse_weight) << "\n"
    << "contractive_weight=" << format_float(c.contractive_weight) << "\n"
    << "image_rows=" << c.image_rows << "\n"
    << "image_cols=" << c.image_cols << "\n"
    << "code_dim=" << c.code_dim << "\n"
    << "loss=" << c.loss << "\n"
    << "optimizer=" << c.optimizer << "\n"
    << "lr=" << format_float(c.lr) << "\n"
    << "momentum=" << format_float(c.momentum) << "\n"
    << "batch=" << c.batch << "\n"
    << "seed=" << c.seed << "\n";
  return o.str();
}

bool config_from_text(const std::string& text, ModelConfig* out, std::string* error) {
  ModelConfig c;
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
    bool ok = true;
    if (key == "model") c.model = value;
    else if (key == "arch") c.arch = value;
    else if (key == "noise") c.noise = value;
    else if (key == "noise_level") ok = parse_float(value, &c.noise_level);
    else if (key == "sparsity") ok = parse_float(value, &c.sparsity);
    else if (key == "sparse_weight") ok = parse_float(value, &c.sparse_weight);
    else if (key == "contractive_weight") ok = parse_float(value, &c.contractive_weight);
    else if (key == "image_rows") ok = parse_int(value, 1, 256, &c.image_rows);
    else if (key == "image_cols") ok = parse_int(value, 1, 256, &c.image_cols);
    else if (key == "code_dim") ok = parse_int(value, 1, 4096, &c.code_dim);
    else if (key == "loss") c.loss = value;
    else if (key == "optimizer") c.optimizer = value;
    else if (key == "lr") ok = parse_float(value, &c.lr);
    else if (key == "momentum") ok = parse_float(value, &c.momentum);
    else if (key == "batch") ok = parse_int(value, 1, 65536, &c.batch);
    else if (key == "seed") ok = parse_u64(value, &c.seed);
    else {
      *error = "unknown config key '" + key.substr(0, 40) + "'";
      return false;
    }
    if (!ok) {
      *error = "bad value for config key '" + key + "': '" + value.substr(0, 40) + "'";
      return false;
    }
  }
  const std::string why = validate_config(c);
  if (!why.empty()) {
    *error = why;
    return false;
  }
  *out = c;
  return true;
}

}  // namespace aelab
