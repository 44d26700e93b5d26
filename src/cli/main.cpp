// aelab: the headless trainer and evaluator.
//   aelab train [flags]   trains a run (train_command.cpp): model.aelab, loss.csv, run.json after
//                         every epoch, reconstructions.png at the end, one JSON line on stdout
//   aelab eval  [flags]   evaluates a checkpoint, prints one JSON line
//   aelab bench [flags]   times the standard training workloads (bench.cpp)
//   aelab export | import | encode   weights out and in, codes out (export_command.cpp)
// Progress goes to stderr; a bad flag is one line on stderr and exit status 2.
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "../run_fields.h"
#include "../version.h"
#include "args.h"
#include "commands.h"

#ifndef AELAB_BUILTIN_DATA_DIR
#define AELAB_BUILTIN_DATA_DIR "data/builtin"
#endif

namespace aelab {

constexpr const char* kFashionDir = "/usr/share/datasets/fashion-mnist";

int usage_error(const std::string& msg) {
  std::fprintf(stderr, "aelab: %s (see 'aelab --help')\n", msg.c_str());
  return 2;
}

int runtime_error(const std::string& msg) {
  std::fprintf(stderr, "aelab: %s\n", msg.c_str());
  return 1;
}

std::string data_dir(const std::string& set) {
  if (set == "builtin") {
    const char* env = std::getenv("AELAB_BUILTIN_DIR");
    return env && *env ? env : AELAB_BUILTIN_DATA_DIR;
  }
  if (set == "fashion") return kFashionDir;
  return set;
}

std::string data_name(const std::string& set, const IdxFiles& idx) {
  return idx.train_images.empty() ? data_dir(set) : idx.train_images;
}

bool load_data(const std::string& set, const IdxFiles& idx, uint64_t seed, Dataset* train, Dataset* test,
               std::string* error) {
  Dataset tr, te;
  // Any IDX flag means IDX files (load_idx_files refuses a set without --train-images).
  if (!idx.train_images.empty() || !idx.train_labels.empty() || !idx.test_images.empty() ||
      !idx.test_labels.empty()) {
    if (set != "builtin") {
      *error = "--data " + set.substr(0, 40) + " and --train-images are two sources: give one";
      return false;
    }
    if (!load_idx_files(idx, &tr, &te, error)) return false;
  } else if (!load_dataset_path(data_dir(set), &tr, &te, error)) {
    if (set == "fashion") *error += " (install the Debian package dataset-fashion-mnist)";
    if (set == "builtin") *error += " (run scripts/setup.sh and build, or set AELAB_BUILTIN_DIR)";
    return false;
  }
  if (te.count == 0) {
    Dataset all = std::move(tr);
    split_train_test(&all, seed, &tr, &te);
  }
  *train = std::move(tr);
  *test = std::move(te);
  return true;
}

bool make_dir(const std::string& dir, std::string* error) {
  std::string partial;
  for (size_t i = 0; i <= dir.size(); ++i) {
    if (i == dir.size() || (dir[i] == '/' && i > 0)) {
      partial = dir.substr(0, i);
      struct stat st;
      if (stat(partial.c_str(), &st) == 0) {
        if (!S_ISDIR(st.st_mode)) {
          *error = partial + ": exists and is not a directory";
          return false;
        }
      } else if (mkdir(partial.c_str(), 0755) != 0) {
        *error = partial + ": cannot create directory";
        return false;
      }
    }
  }
  return true;
}

namespace {
constexpr const char* kIdxKeys[] = {"train_images", "train_labels", "test_images", "test_labels"};
}  // namespace

std::vector<FlagSpec> with_idx_flags(std::vector<FlagSpec> flags) {
  for (const char* key : kIdxKeys) {
    const RunField* f = find_field(key);
    flags.insert(flags.end() - 1, {f->flag, f->value_name, f->help});  // before --help
  }
  return flags;
}

bool take_idx_flag(const std::string& name, const std::string& value, IdxFiles* idx) {
  std::string* targets[] = {&idx->train_images, &idx->train_labels, &idx->test_images, &idx->test_labels};
  for (int i = 0; i < 4; ++i) {
    if (name == find_field(kIdxKeys[i])->flag) {
      *targets[i] = value;
      return true;
    }
  }
  return false;
}

bool data_fits(const ModelConfig& cfg, const std::string& set, const Dataset& data, std::string* error) {
  if (data.rows == cfg.image_rows && data.cols == cfg.image_cols && data.channels == cfg.image_channels) return true;
  *error = "the checkpoint expects " + std::to_string(cfg.image_rows) + "x" + std::to_string(cfg.image_cols) + "x" +
           std::to_string(cfg.image_channels) + " images but " + set + " has " + std::to_string(data.rows) + "x" +
           std::to_string(data.cols) + "x" + std::to_string(data.channels);
  return false;
}

// Fixed evaluation seeds, so train and eval report the same figures for the same weights.
constexpr uint64_t kEvalNoiseSeed = 1234, kEvalElboSeed = 5678;

std::string extra_metrics(Autoencoder& model, const Dataset& test) {
  const ModelConfig& c = model.config();
  char buf[320] = "";
  if (corrupts_inputs(c)) {
    const DenoiseResult r = evaluate_denoising(model, test, kEvalNoiseSeed);
    std::snprintf(buf, sizeof buf, "%s,\"noise\":%s,\"noise_level\":%.9g,\"denoised_mse\":%.9g,\"noisy_mse\":%.9g",
                  c.model == "denoise" ? (",\"arch\":" + json_string(c.arch)).c_str() : "",
                  json_string(c.noise).c_str(), static_cast<double>(c.noise_level), r.denoised_mse, r.noisy_mse);
  } else if (model.is_variational()) {
    std::snprintf(buf, sizeof buf, ",\"neg_elbo\":%.9g", evaluate_negative_elbo(model, test, kEvalElboSeed));
  }
  return buf;
}

namespace {

// A function's static: the run table it reads is another file's global, built at an unknown
// point of static initialisation.
const std::vector<FlagSpec>& eval_flags() {
  static const std::vector<FlagSpec> flags = with_idx_flags({
      {"--checkpoint", "FILE", "a model.aelab written by 'aelab train' (required)"},
      {"--data", "SET", "builtin, fashion, a folder or a .zip/.npz/.npy/.csv file (as train's) [builtin]"},
      {"--threads", "T", "threads [1]"},
      {"--help", nullptr, "show this help (also -h)"},
  });
  return flags;
}

void print_usage() {
  std::printf(
      "aelab %s: train and evaluate autoencoders on MNIST-format data\n\n"
      "usage:\n  aelab train [flags]   train a run, or resume one (see 'aelab train --help')\n"
      "  aelab eval [flags]    evaluate a checkpoint (see 'aelab eval --help')\n"
      "  aelab bench [flags]   time the standard training workloads (see 'aelab bench --help')\n"
      "  aelab export [flags]  write a checkpoint's weights as safetensors, npz or ONNX (see 'aelab export --help')\n"
      "  aelab import [flags]  make a checkpoint of weights trained in PyTorch (see 'aelab import --help')\n"
      "  aelab encode [flags]  write a data set's codes (and labels) as .npy (see 'aelab encode --help')\n"
      "  aelab --version       print the version\n  aelab --help\n\n"
      "train flags (the run's fields; README: Runs):\n%s%s\neval flags:\n%s",
      kVersion, run_flags_help().c_str(), flags_help(train_command_flags()).c_str(), flags_help(eval_flags()).c_str());
}

}  // namespace

int cmd_eval(const std::vector<std::string>& args) {
  std::vector<std::pair<std::string, std::string>> flags;
  std::string err, checkpoint, set = "builtin";
  IdxFiles idx;
  int threads = 1;
  if (!parse_flags(args, eval_flags(), &flags, &err)) return usage_error(err);
  for (const auto& [name, value] : flags) {
    if (name == "--help") {
      std::printf("usage: aelab eval --checkpoint FILE [flags]\n\n%s", flags_help(eval_flags()).c_str());
      return 0;
    } else if (name == "--checkpoint") checkpoint = value;
    else if (name == "--data") set = value;
    else if (take_idx_flag(name, value, &idx)) continue;
    else if (name == "--threads" && !parse_int_flag(name, value, 1, 256, &threads, &err)) return usage_error(err);
  }
  if (checkpoint.empty()) return usage_error("eval needs --checkpoint FILE");
  std::unique_ptr<Autoencoder> model = Autoencoder::load(checkpoint, threads, &err);
  if (!model) return runtime_error(err);
  Dataset train, test;
  const ModelConfig& cfg = model->config();
  if (!load_data(set, idx, cfg.seed, &train, &test, &err)) return runtime_error(err);
  if (!data_fits(cfg, data_name(set, idx), test, &err)) return runtime_error(err);
  const auto start = std::chrono::steady_clock::now();
  const double test_mse = evaluate_mse(*model, test);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("{\"model\":%s,\"dataset\":%s,\"epochs\":%d,\"test_mse\":%.9g,\"test_images\":%d,\"seconds\":%.3f%s}\n",
              json_string(cfg.model).c_str(), json_string(idx.train_images.empty() ? set : idx.train_images).c_str(),
              model->epochs_trained(), test_mse,
              test.count, seconds, extra_metrics(*model, test).c_str());
  return 0;
}

}  // namespace aelab

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return aelab::usage_error("missing command: train, eval, bench, export, import or encode");
  const std::string cmd = args[0];
  args.erase(args.begin());
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    aelab::print_usage();
    return 0;
  }
  if (cmd == "--version" || cmd == "version") {
    std::printf("aelab %s\n", aelab::kVersion);
    return 0;
  }
  if (cmd == "train") return aelab::cmd_train(args);
  if (cmd == "eval") return aelab::cmd_eval(args);
  if (cmd == "bench") return aelab::cmd_bench(args);
  if (cmd == "export") return aelab::cmd_export(args);
  if (cmd == "import") return aelab::cmd_import(args);
  if (cmd == "encode") return aelab::cmd_encode(args);
  return aelab::usage_error("unknown command '" + cmd.substr(0, 40) + "'");
}
