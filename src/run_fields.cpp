// The rows of the run's table of fields (run_fields.h) and the one value parser behind them.
#include "run_fields.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace aelab {
namespace {

std::string model_choices() { return model_names(); }
std::string arch_choices() {
  std::string out;
  for (int i = 0; i < kModelCount; ++i)
    if (kModels[i].denoise_arch) out += (out.empty() ? "" : ", ") + std::string(kModels[i].name);
  return out;
}
std::string loss_choices() { return "mse, bce"; }
std::string optimizer_choices() { return "adam, sgd"; }
std::string noise_choices() { return "gaussian, saltpepper, mask"; }

constexpr double kU64Max = 18446744073709551615.0;
constexpr unsigned kModelField = kInRunText | kInCheckpoint | kNeedsNewModel;
constexpr unsigned kStepField = kInRunText | kInCheckpoint | kLive;

// Rows: key, flag, value name, type, range, choices, default, help, what raising it does (the
// app's tooltips; nullptr where a field is not a quantity), use bits, target.
// Row order is the order of links, run files, checkpoint text and --help.
const std::vector<RunField> kFields = {
    {"data", "--data", "SET", FieldType::kText, 0, 0, nullptr, "builtin",
     "builtin (10,000 MNIST digits), fashion (Fashion-MNIST), a folder (MNIST IDX files, or PNG/JPEG images "
     "with optional class subfolders), or a .zip, .npz, .npy or .csv file (command line; README: Data in)", nullptr,
     kInRunText | kNeedsNewModel, [](Run& r) -> void* { return &r.data; }},
    {"train_images", "--train-images", "FILE", FieldType::kText, 0, 0, nullptr, "none",
     "IDX images of any name (raw or .gz), instead of --data", nullptr, kInRunText | kNeedsNewModel,
     [](Run& r) -> void* { return &r.idx.train_images; }},
    {"train_labels", "--train-labels", "FILE", FieldType::kText, 0, 0, nullptr, "none",
     "IDX labels for --train-images (optional)", nullptr, kInRunText | kNeedsNewModel,
     [](Run& r) -> void* { return &r.idx.train_labels; }},
    {"test_images", "--test-images", "FILE", FieldType::kText, 0, 0, nullptr, "none: 80/20 split",
     "IDX test images (optional)", nullptr, kInRunText | kNeedsNewModel, [](Run& r) -> void* { return &r.idx.test_images; }},
    {"test_labels", "--test-labels", "FILE", FieldType::kText, 0, 0, nullptr, "none",
     "IDX labels for --test-images (optional)", nullptr, kInRunText | kNeedsNewModel,
     [](Run& r) -> void* { return &r.idx.test_labels; }},
    {"model", "--model", "NAME", FieldType::kChoice, 0, 0, model_choices, "linear",
     "the architecture (README: Models); denoise is --arch trained on corrupted inputs", nullptr, kModelField,
     [](Run& r) -> void* { return &r.model.model; }},
    {"arch", "--arch", "NAME", FieldType::kChoice, 0, 0, arch_choices, "linear",
     "denoise: the architecture it trains", nullptr, kModelField, [](Run& r) -> void* { return &r.model.arch; }},
    {"code_dim", "--code-dim", "K", FieldType::kInt, 0, 4096, nullptr,
     "0: the model's, 32; vae 20; conv models 4 channels of 7x7 = 196",
     "size of the code; larger codes reconstruct better and compress less",
     "keeps more of each image: lower reconstruction error, less compression, more parameters", kModelField,
     [](Run& r) -> void* { return &r.model.code_dim; }},
    {"loss", "--loss", "NAME", FieldType::kChoice, 0, 0, loss_choices, "mse",
     "reconstruction loss: mean squared error or binary cross-entropy", nullptr, kModelField,
     [](Run& r) -> void* { return &r.model.loss; }},
    {"optimizer", "--optimizer", "NAME", FieldType::kChoice, 0, 0, optimizer_choices, "adam",
     "Adam, or SGD with momentum", nullptr, kModelField, [](Run& r) -> void* { return &r.model.optimizer; }},
    {"lr", "--lr", "X", FieldType::kFloat, 1e-9, 100, nullptr, "0.001",
     "learning rate: the size of each step; too high diverges, too low crawls",
     "bigger steps: the loss falls faster at first, then jitters; too high and it diverges", kStepField,
     [](Run& r) -> void* { return &r.model.lr; }},
    {"momentum", "--momentum", "X", FieldType::kFloat, 0, 0.999, nullptr, "0.9", "SGD momentum",
     "averages SGD's steps over more past gradients: faster along steady slopes, more overshoot",
     kInRunText | kInCheckpoint, [](Run& r) -> void* { return &r.model.momentum; }},
    {"batch", "--batch", "B", FieldType::kInt, 1, 65536, nullptr, "20",
     "examples per optimizer step; larger batches are faster per example and take fewer steps",
     "fewer, steadier steps per epoch; faster per example on several threads, may need a higher learning rate",
     kModelField,
     [](Run& r) -> void* { return &r.model.batch; }},
    {"seed", "--seed", "S", FieldType::kU64, 0, kU64Max, nullptr, "1",
     "seed of the initial weights, the shuffling and the noise",
     "nothing better or worse: another seed is another random start, so the numbers differ a little", kModelField,
     [](Run& r) -> void* { return &r.model.seed; }},
    {"epochs", "--epochs", "N", FieldType::kInt, 0, 100000, nullptr, "20", "passes over the training set, in all",
     "trains longer: the train loss keeps falling; the test MSE flattens and may rise (overfitting)",
     kInRunText, [](Run& r) -> void* { return &r.epochs; }},
    {"shuffle", "--shuffle", nullptr, FieldType::kBool, 0, 1, nullptr, "off: file order",
     "reshuffle the training set every epoch",
     "every epoch sees the examples in a new order, which usually smooths the loss", kInRunText,
     [](Run& r) -> void* { return &r.shuffle; }},
    {"threads", "--threads", "T", FieldType::kInt, 1, 64, nullptr, "1",
     "threads per step; the results are the same bits on any number",
     "faster steps on more cores, with the same results", kInRunText | kReadOnly,
     [](Run& r) -> void* { return &r.threads; }},
    {"noise", "--noise", "KIND", FieldType::kChoice, 0, 0, noise_choices, "gaussian",
     "input corruption (denoising): Gaussian noise, salt and pepper, or masked pixels", nullptr,
     kInRunText | kInCheckpoint, [](Run& r) -> void* { return &r.model.noise; }},
    {"noise_level", "--noise-level", "X", FieldType::kFloat, -1, 10, nullptr, "0; denoise 0.3",
     "gaussian: std dev; saltpepper, mask: fraction of pixels hit; 0: clean inputs",
     "corrupts the inputs more: a harder task, smoother features, a higher loss", kStepField,
     [](Run& r) -> void* { return &r.model.noise_level; }},
    {"sparsity", "--sparsity", "RHO", FieldType::kFloat, 0, 0.999, nullptr, "0",
     "sparse: KL penalty to this mean code activation; 0: L1 penalty",
     "lets more code units be active at once", kInRunText | kInCheckpoint,
     [](Run& r) -> void* { return &r.model.sparsity; }},
    {"sparse_weight", "--sparse-weight", "W", FieldType::kFloat, 0, 1000, nullptr, "0.0001",
     "sparse: penalty weight; higher gives fewer active code units",
     "fewer active code units; too high and the reconstructions blur", kStepField,
     [](Run& r) -> void* { return &r.model.sparse_weight; }},
    {"contractive_weight", "--contractive-weight", "W", FieldType::kFloat, 0, 1000, nullptr, "0.01",
     "contractive: weight of the encoder Jacobian's squared norm; higher gives smoother codes",
     "codes move less when the input changes a little; too high and the reconstructions blur", kStepField,
     [](Run& r) -> void* { return &r.model.contractive_weight; }},
    {"kl_weight", "--kl-weight", "W", FieldType::kFloat, 0, 1000, nullptr, "1",
     "vae: weight of the KL term (1: the ELBO; lower: sharper reconstructions, a less regular code)",
     "codes closer to the prior: better samples and interpolations, blurrier reconstructions",
     kStepField, [](Run& r) -> void* { return &r.model.kl_weight; }},
    {"image_rows", nullptr, nullptr, FieldType::kInt, 1, 256, nullptr, "28", "image height (from the data)", nullptr,
     kInCheckpoint, [](Run& r) -> void* { return &r.model.image_rows; }},
    {"image_cols", nullptr, nullptr, FieldType::kInt, 1, 256, nullptr, "28", "image width (from the data)", nullptr,
     kInCheckpoint, [](Run& r) -> void* { return &r.model.image_cols; }},
    {"image_channels", nullptr, nullptr, FieldType::kInt, 1, 3, nullptr, "1",
     "image channels, 1 grey or 3 RGB (from the data; a checkpoint without it is grey)", nullptr, kInCheckpoint,
     [](Run& r) -> void* { return &r.model.image_channels; }},
    {"edits", "--edits", "LIST", FieldType::kEdits, 0, 0, nullptr, "none",
     "timeline of edits while training, STEP:KEY=VALUE;... (KEY: a field editable while training)", nullptr, kInRunText, [](Run& r) -> void* { return &r.edits; }},
};

// "lr, noise_level, ...": the fields a timeline edit may change, in table order.
std::string live_keys() {
  std::string out;
  for (const RunField& f : kFields)
    if (f.use & kLive) out += (out.empty() ? "" : ", ") + std::string(f.key);
  return out;
}

std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

// The shortest text that reads back as the same float ("0.001", not "0.00100000005").
std::string float_text(float v) {
  char buf[32];
  for (int digits = 6; digits <= 9; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, static_cast<double>(v));
    if (std::strtof(buf, nullptr) == v) break;
  }
  return buf;
}

// Whole-string numbers only ("12x", "", "nan" and "inf" are refused).
bool parse_number(const std::string& text, double lo, double hi, double* out) {
  if (text.empty() || text.size() > 32) return false;
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(text.c_str(), &end);
  if (errno != 0 || end != text.c_str() + text.size() || !std::isfinite(v) || v < lo || v > hi) return false;
  *out = v;
  return true;
}

// u64 needs its own parser: doubles hold integers exactly only up to 2^53.
bool parse_u64(const std::string& text, uint64_t* out) {
  if (text.empty() || text.size() > 20 || text.find_first_not_of("0123456789") != std::string::npos) return false;
  errno = 0;
  char* end = nullptr;
  const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
  if (errno != 0 || *end != '\0') return false;
  *out = v;
  return true;
}

bool in_choices(const std::string& choices, const std::string& value) {
  std::istringstream list(choices);
  for (std::string item; std::getline(list, item, ',');) {
    const size_t b = item.find_first_not_of(' ');
    if (b != std::string::npos && item.substr(b) == value) return true;
  }
  return false;
}

std::string expectation(const RunField& f) {
  switch (f.type) {
    case FieldType::kChoice: return "one of " + f.choices();
    case FieldType::kText: return "a name of 1 to 1024 printable characters";
    case FieldType::kInt: return "a whole number from " + number_text(f.lo) + " to " + number_text(f.hi);
    case FieldType::kU64: return "a whole number from 0 to 18446744073709551615";
    case FieldType::kFloat: return "a number from " + number_text(f.lo) + " to " + number_text(f.hi);
    case FieldType::kBool: return "1 or 0 (true or false)";
    case FieldType::kEdits: return "STEP:KEY=VALUE;... with steps in order and live keys";
  }
  return "";
}

}  // namespace

const std::vector<RunField>& run_fields() { return kFields; }

const RunField* find_field(const std::string& key) {
  for (const RunField& f : kFields)
    if (key == f.key) return &f;
  return nullptr;
}

const RunField* find_flag(const std::string& flag) {
  for (const RunField& f : kFields)
    if (f.flag && flag == f.flag) return &f;
  return nullptr;
}

bool set_field(const RunField& f, const std::string& text, Run* run, std::string* expected) {
  void* p = f.target(*run);
  double v = 0.0;
  bool ok = false;
  switch (f.type) {
    case FieldType::kChoice:
      if ((ok = in_choices(f.choices(), text))) *static_cast<std::string*>(p) = text;
      break;
    case FieldType::kText:
      // Empty only for a field that is empty by default (an optional file name).
      ok = text.empty() ? get_field(f, Run()).empty() : text.size() <= 1024;
      for (char c : text) ok = ok && static_cast<unsigned char>(c) >= 0x20;
      if (ok) *static_cast<std::string*>(p) = text;
      break;
    case FieldType::kInt:
      if ((ok = parse_number(text, f.lo, f.hi, &v) && v == std::floor(v))) *static_cast<int*>(p) = static_cast<int>(v);
      break;
    case FieldType::kU64:
      ok = parse_u64(text, static_cast<uint64_t*>(p));
      break;
    case FieldType::kFloat:
      if ((ok = parse_number(text, f.lo, f.hi, &v))) *static_cast<float*>(p) = static_cast<float>(v);
      break;
    case FieldType::kBool:
      ok = text == "1" || text == "true" || text == "0" || text == "false";
      if (ok) *static_cast<bool*>(p) = text == "1" || text == "true";
      break;
    case FieldType::kEdits: {
      std::vector<RunEdit> edits;
      std::string why;
      ok = edits_from_text(text, &edits, &why);
      if (ok) *static_cast<std::vector<RunEdit>*>(p) = std::move(edits);
      else {
        *expected = why;
        return false;
      }
      break;
    }
  }
  if (!ok) *expected = expectation(f);
  return ok;
}

std::string get_field(const RunField& f, const Run& run) {
  const void* p = f.target(const_cast<Run&>(run));
  switch (f.type) {
    case FieldType::kChoice:
    case FieldType::kText: return *static_cast<const std::string*>(p);
    case FieldType::kInt: return std::to_string(*static_cast<const int*>(p));
    case FieldType::kU64: return std::to_string(*static_cast<const uint64_t*>(p));
    case FieldType::kFloat: return float_text(*static_cast<const float*>(p));
    case FieldType::kBool: return *static_cast<const bool*>(p) ? "1" : "0";
    case FieldType::kEdits: return edits_to_text(*static_cast<const std::vector<RunEdit>*>(p));
  }
  return "";
}

bool set_live_value(const RunField& f, double value, ModelConfig* config) {
  if (!(f.use & kLive) || f.type != FieldType::kFloat || !(value >= f.lo && value <= f.hi)) return false;
  Run run;
  run.model = *config;
  *static_cast<float*>(f.target(run)) = static_cast<float>(value);
  *config = run.model;
  return true;
}

std::string field_tooltip_text(const RunField& f) {
  std::string out = f.help;
  switch (f.type) {
    case FieldType::kChoice: out += "\nOne of: " + f.choices(); break;
    case FieldType::kBool: out += "\nOn or off"; break;
    case FieldType::kText:
    case FieldType::kEdits: break;
    default: out += "\nRange: " + number_text(f.lo) + " to " + number_text(f.hi); break;
  }
  out += std::string(" (default ") + f.default_text + ")";
  if (f.raising) out += std::string(f.type == FieldType::kBool ? "\nTurning it on: " : "\nRaising it: ") + f.raising;
  return out;
}

std::string run_flags_help() {
  std::string out;
  for (const RunField& f : kFields) {
    if (!f.flag) continue;
    std::string left = std::string("  ") + f.flag + (f.value_name ? std::string(" ") + f.value_name : "");
    if (left.size() < 26) left.resize(26, ' ');
    else left += "  ";
    std::string help = f.help;
    if (f.type == FieldType::kChoice) help += ": " + f.choices();
    if (f.type == FieldType::kEdits) help += ": " + live_keys();
    out += left + help + " [" + f.default_text + "]\n";
  }
  return out;
}

std::string edits_to_text(const std::vector<RunEdit>& edits) {
  std::string out;
  for (const RunEdit& e : edits) {
    // Live fields are floats: a value the app took from a float prints as that float's shortest
    // text ("0.0005", not "0.000500000024"), which reads back to the same float.
    const bool is_float = static_cast<double>(static_cast<float>(e.value)) == e.value;
    out += (out.empty() ? "" : ";") + std::to_string(e.step) + ":" + e.key + "=" +
           (is_float ? float_text(static_cast<float>(e.value)) : number_text(e.value));
  }
  return out;
}

bool edits_from_text(const std::string& text, std::vector<RunEdit>* out, std::string* expected) {
  std::vector<RunEdit> edits;
  std::istringstream in(text);
  for (std::string item; std::getline(in, item, ';');) {
    if (item.empty()) continue;
    const size_t colon = item.find(':'), eq = item.find('=');
    double step = 0.0, value = 0.0;
    const RunField* f = colon != std::string::npos && eq != std::string::npos && colon < eq
                            ? find_field(item.substr(colon + 1, eq - colon - 1)) : nullptr;
    if (!f || !(f->use & kLive) || !parse_number(item.substr(0, colon), 0, 9e15, &step) ||
        step != std::floor(step) || !parse_number(item.substr(eq + 1), f->lo, f->hi, &value)) {
      *expected = "edits as STEP:KEY=VALUE;... (live keys " + live_keys() + ", values in their ranges), not \"" +
                  item.substr(0, 40) + "\"";
      return false;
    }
    if (!edits.empty() && static_cast<int64_t>(step) < edits.back().step) {
      *expected = "edits in step order";
      return false;
    }
    if (edits.size() >= kMaxRunEdits) {
      *expected = "at most " + std::to_string(kMaxRunEdits) + " edits";
      return false;
    }
    edits.push_back({static_cast<int64_t>(step), f->key, value});
  }
  *out = std::move(edits);
  return true;
}

}  // namespace aelab
