// aelab: the headless trainer and evaluator.
//   aelab train [flags]   trains a model, writes model.aelab, loss.csv, reconstructions.png,
//                         prints one JSON line on stdout
//   aelab eval  [flags]   evaluates a checkpoint, prints one JSON line
//   aelab bench [flags]   times the standard training workloads (bench.cpp)
// Progress goes to stderr; a bad flag is one line on stderr and exit status 2.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "../aelab.h"
#include "../file_io.h"
#include "args.h"
#include "bench.h"
#include "figure.h"

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

bool load_data(const std::string& set, Dataset* train, Dataset* test, std::string* error) {
  if (!load_mnist_dir(data_dir(set), train, test, error)) {
    if (set == "fashion") *error += " (install the Debian package dataset-fashion-mnist)";
    if (set == "builtin") *error += " (run scripts/setup.sh and build, or set AELAB_BUILTIN_DIR)";
    return false;
  }
  return true;
}

namespace {

const std::vector<FlagSpec> kTrainFlags = {
    {"--model", "NAME", "linear (784-K-784), mlp (784-256-64-K-64-256-784), conv (conv+pool down,\n"
                        "                          transpose-conv up), conv-strided (strided conv down),\n"
                        "                          conv-upsample (nearest upsample + conv up), denoise (--arch\n"
                        "                          trained on corrupted inputs), vae, sparse, contractive [linear]"},
    {"--arch", "NAME", "denoise: linear, mlp, conv, conv-strided or conv-upsample [linear]"},
    {"--noise", "KIND", "denoise: gaussian, saltpepper or mask [gaussian]"},
    {"--noise-level", "X", "denoise: gaussian std dev, or fraction of pixels hit [0.3]"},
    {"--sparsity", "RHO", "sparse: KL penalty to this mean code activation; 0 = L1 penalty [0]"},
    {"--sparse-weight", "W", "sparse: penalty weight [0.0001]"},
    {"--contractive-weight", "W", "contractive: weight of the encoder Jacobian's squared norm [0.01]"},
    {"--data", "SET", "builtin (10,000 MNIST digits), fashion (Fashion-MNIST), or a directory with\n"
                      "                          the four MNIST IDX files, raw or .gz [builtin]"},
    {"--epochs", "N", "passes over the training set [20]"},
    {"--batch", "B", "examples per optimizer step [20]"},
    {"--lr", "X", "learning rate [0.001]"},
    {"--code-dim", "K", "size of the code [32; vae 20; conv models 4 channels of 7x7 = 196]"},
    {"--loss", "NAME", "mse or bce [mse]"},
    {"--optimizer", "NAME", "adam or sgd (with momentum) [adam]"},
    {"--momentum", "X", "SGD momentum [0.9]"},
    {"--threads", "T", "threads per step; results are bit-identical for a given T [1]"},
    {"--seed", "S", "seed for initialisation and shuffling [1]"},
    {"--shuffle", nullptr, "reshuffle the training set every epoch [off: fixed order]"},
    {"--out", "DIR", "output directory, created if missing [runs/latest]"},
    {"--help", nullptr, "show this help"},
};

const std::vector<FlagSpec> kEvalFlags = {
    {"--checkpoint", "FILE", "a model.aelab written by 'aelab train' (required)"},
    {"--data", "SET", "builtin, fashion, or an MNIST directory [builtin]"},
    {"--threads", "T", "threads [1]"},
    {"--help", nullptr, "show this help"},
};

void print_usage() {
  std::printf(
      "aelab: train and evaluate autoencoders on MNIST-format data\n\n"
      "usage:\n  aelab train [flags]   train a model (see 'aelab train --help')\n"
      "  aelab eval [flags]    evaluate a checkpoint (see 'aelab eval --help')\n"
      "  aelab bench [flags]   time the standard training workloads (see 'aelab bench --help')\n  aelab --help\n\n"
      "train flags:\n%s\neval flags:\n%s",
      flags_help(kTrainFlags).c_str(), flags_help(kEvalFlags).c_str());
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// Redraws one status line at most 10 times a second on a terminal; on a pipe, prints a plain
// line every 10 seconds so logs stay readable.
class Progress {
 public:
  Progress() : tty_(isatty(fileno(stderr)) != 0), last_(std::chrono::steady_clock::now()) {}
  bool tty() const { return tty_; }
  void update(int epoch, int epochs, const TrainProgress& p) {
    const auto now = std::chrono::steady_clock::now();
    const double since = std::chrono::duration<double>(now - last_).count();
    if (since < (tty_ ? 0.1 : 10.0) && p.done < p.total) return;
    last_ = now;
    const double rate = p.seconds > 0 ? p.done / p.seconds : 0.0;
    if (tty_) {
      const int width = 30, filled = static_cast<int>(width * p.done / std::max<int64_t>(p.total, 1));
      std::fprintf(stderr, "\r\033[Kepoch %d/%d [%s%s] %3d%%  %.0f samples/s  loss %.5f", epoch, epochs,
                   std::string(filled, '#').c_str(), std::string(width - filled, '.').c_str(),
                   static_cast<int>(100 * p.done / std::max<int64_t>(p.total, 1)), rate, p.mean_loss);
    } else if (p.done < p.total) {
      std::fprintf(stderr, "epoch %d/%d: %lld/%lld examples, %.0f samples/s, loss %.5f\n", epoch, epochs,
                   static_cast<long long>(p.done), static_cast<long long>(p.total), rate, p.mean_loss);
    }
  }
  void epoch_done(int epoch, int epochs, double train_mse, double test_mse, double seconds, double rate) {
    std::fprintf(stderr, "%sepoch %d/%d  train_mse %.6f  test_mse %.6f  %.2fs  %.0f samples/s\n",
                 tty_ ? "\r\033[K" : "", epoch, epochs, train_mse, test_mse, seconds, rate);
  }

 private:
  bool tty_;
  std::chrono::steady_clock::time_point last_;
};

// Fixed evaluation seeds, so train and eval report the same figures for the same weights.
constexpr uint64_t kEvalNoiseSeed = 1234, kEvalElboSeed = 5678;

// Model-specific JSON fields: the denoiser's clean-target MSEs and the VAE's negative ELBO.
std::string extra_metrics(Autoencoder& model, const Dataset& test) {
  const ModelConfig& c = model.config();
  char buf[256] = "";
  if (c.model == "denoise") {
    const DenoiseResult r = evaluate_denoising(model, test, kEvalNoiseSeed);
    std::snprintf(buf, sizeof buf, ",\"arch\":%s,\"noise\":%s,\"noise_level\":%.9g,\"denoised_mse\":%.9g,\"noisy_mse\":%.9g",
                  json_string(c.arch).c_str(), json_string(c.noise).c_str(), static_cast<double>(c.noise_level),
                  r.denoised_mse, r.noisy_mse);
  } else if (model.is_variational()) {
    std::snprintf(buf, sizeof buf, ",\"neg_elbo\":%.9g", evaluate_negative_elbo(model, test, kEvalElboSeed));
  }
  return buf;
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

int cmd_train(const std::vector<std::string>& args) {
  std::vector<std::pair<std::string, std::string>> flags;
  std::string err;
  if (!parse_flags(args, kTrainFlags, &flags, &err)) return usage_error(err);
  ModelConfig cfg;
  std::string set = "builtin", out = "runs/latest";
  int epochs = 20, threads = 1;
  bool shuffle = false, code_dim_given = false;
  for (const auto& [name, value] : flags) {
    bool ok = true;
    if (name == "--help") {
      std::printf("usage: aelab train [flags]\n\n%s", flags_help(kTrainFlags).c_str());
      return 0;
    } else if (name == "--model") cfg.model = value;
    else if (name == "--arch") cfg.arch = value;
    else if (name == "--noise") cfg.noise = value;
    else if (name == "--noise-level") ok = parse_float_flag(name, value, 0.0f, 10.0f, &cfg.noise_level, &err);
    else if (name == "--sparsity") ok = parse_float_flag(name, value, 0.0f, 0.999f, &cfg.sparsity, &err);
    else if (name == "--sparse-weight") ok = parse_float_flag(name, value, 0.0f, 1000.0f, &cfg.sparse_weight, &err);
    else if (name == "--contractive-weight")
      ok = parse_float_flag(name, value, 0.0f, 1000.0f, &cfg.contractive_weight, &err);
    else if (name == "--data") set = value;
    else if (name == "--epochs") ok = parse_int_flag(name, value, 0, 100000, &epochs, &err);
    else if (name == "--batch") ok = parse_int_flag(name, value, 1, 65536, &cfg.batch, &err);
    else if (name == "--lr") ok = parse_float_flag(name, value, 1e-9f, 100.0f, &cfg.lr, &err);
    else if (name == "--code-dim") ok = code_dim_given = parse_int_flag(name, value, 1, 4096, &cfg.code_dim, &err);
    else if (name == "--loss") cfg.loss = value;
    else if (name == "--optimizer") cfg.optimizer = value;
    else if (name == "--momentum") ok = parse_float_flag(name, value, 0.0f, 0.999f, &cfg.momentum, &err);
    else if (name == "--threads") ok = parse_int_flag(name, value, 1, 256, &threads, &err);
    else if (name == "--seed") ok = parse_u64_flag(name, value, &cfg.seed, &err);
    else if (name == "--shuffle") shuffle = true;
    else if (name == "--out") out = value;
    if (!ok) return usage_error(err);
  }
  if (set.empty() || out.empty()) return usage_error("--data and --out must not be empty");
  if (!code_dim_given) cfg.code_dim = default_code_dim(cfg);
  std::string why = validate_config(cfg);
  if (!why.empty()) return usage_error(why);

  Dataset train, test;
  if (!load_data(set, &train, &test, &err)) return runtime_error(err);
  cfg.image_rows = train.rows;
  cfg.image_cols = train.cols;
  if (!code_dim_given) cfg.code_dim = default_code_dim(cfg);
  why = validate_config(cfg);
  if (!why.empty()) return runtime_error(set + ": " + why);
  std::unique_ptr<Autoencoder> model = Autoencoder::create(cfg, threads, &err);
  if (!model) return runtime_error(err);
  if (!make_dir(out, &err)) return runtime_error(err);

  std::fprintf(stderr, "aelab: %s, %lld parameters, %d train / %d test images of %dx%d from %s, %d thread%s\n",
               cfg.model.c_str(), static_cast<long long>(model->param_count()), train.count, test.count,
               train.rows, train.cols, data_dir(set).c_str(), threads, threads == 1 ? "" : "s");
  std::string csv = "epoch,train_mse,test_mse,seconds\n";
  Progress progress;
  std::vector<int> order;
  double train_seconds = 0.0, train_mse = evaluate_mse(*model, train), test_mse = evaluate_mse(*model, test);
  int64_t examples = 0;
  for (int epoch = 1; epoch <= epochs; ++epoch) {
    if (shuffle) shuffled_order(cfg.seed, epoch, train.count, &order);
    const EpochResult r = train_epoch(*model, train, shuffle ? &order : nullptr, [&](const TrainProgress& p) {
      progress.update(epoch, epochs, p);
      return true;
    });
    train_seconds += r.seconds;
    examples += r.examples;
    model->set_epochs_trained(model->epochs_trained() + 1);
    train_mse = evaluate_mse(*model, train);
    test_mse = evaluate_mse(*model, test);
    progress.epoch_done(epoch, epochs, train_mse, test_mse, r.seconds, r.examples / std::max(r.seconds, 1e-9));
    char line[160];
    std::snprintf(line, sizeof line, "%d,%.9g,%.9g,%.4f\n", epoch, train_mse, test_mse, r.seconds);
    csv += line;
  }
  if (!model->save(out + "/model.aelab", &err)) return runtime_error(err);
  if (!write_file_atomic(out + "/loss.csv", std::vector<uint8_t>(csv.begin(), csv.end()), &err))
    return runtime_error(err);
  if (!write_reconstruction_png(*model, test, out + "/reconstructions.png", &err)) return runtime_error(err);
  std::fprintf(stderr, "aelab: wrote %s/model.aelab, loss.csv, reconstructions.png\n", out.c_str());
  std::printf(
      "{\"model\":%s,\"dataset\":%s,\"epochs\":%d,\"batch\":%d,\"threads\":%d,\"train_mse\":%.9g,"
      "\"test_mse\":%.9g,\"seconds\":%.3f,\"samples_per_s\":%.1f%s}\n",
      json_string(cfg.model).c_str(), json_string(set).c_str(), epochs, cfg.batch, threads, train_mse, test_mse,
      train_seconds, train_seconds > 0 ? examples / train_seconds : 0.0, extra_metrics(*model, test).c_str());
  return 0;
}

int cmd_eval(const std::vector<std::string>& args) {
  std::vector<std::pair<std::string, std::string>> flags;
  std::string err, checkpoint, set = "builtin";
  int threads = 1;
  if (!parse_flags(args, kEvalFlags, &flags, &err)) return usage_error(err);
  for (const auto& [name, value] : flags) {
    if (name == "--help") {
      std::printf("usage: aelab eval --checkpoint FILE [flags]\n\n%s", flags_help(kEvalFlags).c_str());
      return 0;
    } else if (name == "--checkpoint") checkpoint = value;
    else if (name == "--data") set = value;
    else if (name == "--threads" && !parse_int_flag(name, value, 1, 256, &threads, &err)) return usage_error(err);
  }
  if (checkpoint.empty()) return usage_error("eval needs --checkpoint FILE");
  std::unique_ptr<Autoencoder> model = Autoencoder::load(checkpoint, threads, &err);
  if (!model) return runtime_error(err);
  Dataset train, test;
  if (!load_data(set, &train, &test, &err)) return runtime_error(err);
  const ModelConfig& cfg = model->config();
  if (test.rows != cfg.image_rows || test.cols != cfg.image_cols)
    return runtime_error("the checkpoint expects " + std::to_string(cfg.image_rows) + "x" +
                         std::to_string(cfg.image_cols) + " images but " + set + " has " +
                         std::to_string(test.rows) + "x" + std::to_string(test.cols));
  const auto start = std::chrono::steady_clock::now();
  const double test_mse = evaluate_mse(*model, test);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("{\"model\":%s,\"dataset\":%s,\"epochs\":%d,\"test_mse\":%.9g,\"test_images\":%d,\"seconds\":%.3f%s}\n",
              json_string(cfg.model).c_str(), json_string(set).c_str(), model->epochs_trained(), test_mse,
              test.count, seconds, extra_metrics(*model, test).c_str());
  return 0;
}

}  // namespace
}  // namespace aelab

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return aelab::usage_error("missing command: train, eval or bench");
  const std::string cmd = args[0];
  args.erase(args.begin());
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    aelab::print_usage();
    return 0;
  }
  if (cmd == "train") return aelab::cmd_train(args);
  if (cmd == "eval") return aelab::cmd_eval(args);
  if (cmd == "bench") return aelab::cmd_bench(args);
  return aelab::usage_error("unknown command '" + cmd.substr(0, 40) + "'");
}
