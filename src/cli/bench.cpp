// `aelab bench`: trains each standard workload (seed linear model at batch 20 and 256, conv at
// 20 and 256, vae at 128) for a fixed number of steps over the training images in file order
// and prints samples/s, achieved GFLOP/s, its share of the machine's measured peak and peak
// resident memory. bench/compare.sh runs the same workloads in PyTorch and TensorFlow.js.
#include "commands.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <thread>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "../aelab.h"
#include "../linear.h"
#include "../models.h"
#include "../train_loop.h"
#include "args.h"

namespace aelab {
namespace {

struct Workload {
  const char* name;  // workload id: model name and batch
  const char* model;
  int batch;
  int steps;  // default timed steps: about one pass over 60,000 images for the dense models
};

const Workload kWorkloads[] = {
    {"linear-b20", "linear", 20, 3000}, {"linear-b256", "linear", 256, 235}, {"conv-b20", "conv", 20, 500},
    {"conv-b256", "conv", 256, 40},     {"vae-b128", "vae", 128, 469},
};

const std::vector<FlagSpec> kBenchFlags = {
    {"--threads", "T", "threads per step [all cores]"},
    {"--steps", "N", "timed steps per workload [linear-b20 3000, linear-b256 235, conv-b20 500,\n"
                     "                          conv-b256 40, vae-b128 469]"},
    {"--workload", "NAMES", "comma-separated subset of linear-b20,linear-b256,conv-b20,conv-b256,vae-b128 [all]"},
    {"--data", "SET", "fashion, builtin, or an MNIST directory [fashion]"},
    {"--json", nullptr, "one JSON line per workload instead of a table"},
    {"--help", nullptr, "show this help"},
};

// Multiply-adds x 2 of every matrix product in one training step, per example: forward,
// weight gradient and input gradient, each as costly as the forward product (the input
// gradient is skipped for the first layer, as the network skips it). Elementwise work
// (activations, loss, Adam, pooling) is not counted.
double training_flops_per_example(const ModelLayout& m) {
  double flops = 0.0;
  for (size_t i = 0; i < m.layers.size(); ++i) {
    const LayerSpec& s = m.layers[i];
    flops += layer_kind(s.kind).forward_flops(s) * (i == 0 ? 2.0 : 3.0);
  }
  return flops;
}

#ifdef __EMSCRIPTEN__
// The wasm heap only grows, so its size is its peak.
void reset_peak_rss() {}
double peak_rss_mb() { return static_cast<double>(__builtin_wasm_memory_size(0)) * 65536.0 / (1 << 20); }
#else
// Linux: freed heap goes back to the system first (glibc keeps it otherwise, and the loaders'
// buffers would count against every workload), then writing 5 to clear_refs resets VmHWM (the resident peak) to the current RSS, so each
// workload reports its own peak (with the data set, which stays resident throughout).
void reset_peak_rss() {
#ifdef __GLIBC__
  malloc_trim(0);
#endif
  if (FILE* f = std::fopen("/proc/self/clear_refs", "w")) {
    std::fputs("5", f);
    std::fclose(f);
  }
}
double peak_rss_mb() {
  double kb = 0.0;
  if (FILE* f = std::fopen("/proc/self/status", "r")) {
    char line[256];
    while (std::fgets(line, sizeof line, f)) {
      if (std::strncmp(line, "VmHWM:", 6) == 0) kb = std::atof(line + 6);
    }
    std::fclose(f);
  }
  return kb / 1024.0;
}
#endif

// The machine's peak for aelab's kernels: GFLOP/s of linear_forward (the dense layers' Eigen
// product, split over the pool as in training) on a 1024x1024x1024 product, on the workloads'
// thread count, best of the repetitions that fit in about 0.3 s (at least 3). Large and square,
// it is what the hardware can do with these kernels; the workloads' small, thin products reach
// a share of it.
double measure_peak_gflops(int threads) {
  constexpr int n = 1024;
  ThreadPool pool(threads);
  Rng rng(7);
  std::vector<float> x(static_cast<size_t>(n) * n), w(x.size()), y(x.size()), bias(n, 0.0f);
  for (float& v : x) v = rng.uniform(-1.0f, 1.0f);
  for (float& v : w) v = rng.uniform(-1.0f, 1.0f);
  double best = 1e30, total = 0.0;
  for (int rep = 0; rep < 3 || (total < 0.3 && rep < 50); ++rep) {
    const auto start = std::chrono::steady_clock::now();
    linear_forward(pool, ConstMatMap(x.data(), n, n), ConstMatMap(w.data(), n, n), ConstVecMap(bias.data(), n),
                   MatMap(y.data(), n, n));
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    best = std::min(best, s);
    total += s;
  }
  return 2.0 * n * n * n / std::max(best, 1e-9) / 1e9;
}

struct BenchResult {
  double seconds = 0.0, samples_per_s = 0.0, gflops = 0.0, peak_rss_mb = 0.0, loss = 0.0;
};

BenchResult run_workload(const Workload& w, const Dataset& train, int threads, int steps, std::string* error) {
  ModelConfig cfg;
  cfg.model = w.model;
  cfg.batch = w.batch;
  cfg.image_rows = train.rows;
  cfg.image_cols = train.cols;
  cfg.image_channels = train.channels;
  BenchResult r;
  reset_peak_rss();
  std::unique_ptr<Autoencoder> model = Autoencoder::create(cfg, threads, error);
  if (!model) return r;
  BatchCursor cursor(train, w.batch);
  cursor.start(nullptr);
  // One step over the next batch of images in file order, wrapping to the start before a
  // partial batch so every timed step has the workload's size.
  auto step = [&]() {
    if (cursor.position() + w.batch > train.count) cursor.start(nullptr);
    int n = 0;
    return train_next_batch(*model, &cursor, &n);
  };
  step();  // warm-up: first touches of every buffer and the thread pool's start
  double loss_sum = 0.0;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < steps; ++i) loss_sum += step();
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double samples = static_cast<double>(steps) * w.batch;
  r.samples_per_s = samples / std::max(r.seconds, 1e-9);
  r.gflops = samples * training_flops_per_example(build_model(cfg)) / std::max(r.seconds, 1e-9) / 1e9;
  r.peak_rss_mb = peak_rss_mb();
  r.loss = loss_sum / std::max(steps, 1);
  return r;
}

}  // namespace

int cmd_bench(const std::vector<std::string>& args) {
  std::vector<std::pair<std::string, std::string>> flags;
  std::string err, set = "fashion", only;
  int threads = static_cast<int>(std::min(256u, std::max(1u, std::thread::hardware_concurrency())));
  int steps = 0;
  bool json = false;
  if (!parse_flags(args, kBenchFlags, &flags, &err)) return usage_error(err);
  for (const auto& [name, value] : flags) {
    bool ok = true;
    if (name == "--help") {
      std::printf("usage: aelab bench [flags]\n\n%s", flags_help(kBenchFlags).c_str());
      return 0;
    } else if (name == "--threads") ok = parse_int_flag(name, value, 1, 256, &threads, &err);
    else if (name == "--steps") ok = parse_int_flag(name, value, 1, 1000000, &steps, &err);
    else if (name == "--workload") only = "," + value + ",";
    else if (name == "--data") set = value;
    else if (name == "--json") json = true;
    if (!ok) return usage_error(err);
  }
  if (!only.empty()) {
    for (size_t a = 1, b; a < only.size(); a = b + 1) {
      b = only.find(',', a);
      const std::string name = only.substr(a, b - a);
      if (std::none_of(std::begin(kWorkloads), std::end(kWorkloads), [&](const Workload& w) { return name == w.name; }))
        return usage_error("unknown workload '" + name.substr(0, 40) + "'");
    }
  }
  Dataset train, test;
  if (!load_data(set, IdxFiles(), 1, &train, &test, &err)) return runtime_error(err);
  test = Dataset();  // the benchmark trains only; the test set need not stay resident
  const double peak = measure_peak_gflops(threads);
  if (!json) {
    std::printf("aelab bench: %d training images of %dx%d from %s, %d thread%s\n", train.count, train.rows,
                train.cols, data_dir(set).c_str(), threads, threads == 1 ? "" : "s");
    std::printf("peak: %.1f GFLOP/s (a 1024x1024x1024 product with the same kernels on the same threads)\n", peak);
    std::printf("%-12s %6s %8s %12s %9s %8s %6s %12s %10s\n", "workload", "batch", "steps", "samples/s", "seconds",
                "GFLOP/s", "share", "peak RSS MB", "mean loss");
  }
  for (const Workload& w : kWorkloads) {
    if (!only.empty() && only.find("," + std::string(w.name) + ",") == std::string::npos) continue;
    if (w.batch > train.count) return runtime_error(data_dir(set) + ": fewer images than one batch of " + w.name);
    const int n = steps > 0 ? steps : w.steps;
    const BenchResult r = run_workload(w, train, threads, n, &err);
    if (!err.empty()) return runtime_error(err);
    if (json) {
      std::printf(
          "{\"system\":\"aelab\",\"workload\":\"%s\",\"model\":\"%s\",\"batch\":%d,\"threads\":%d,\"steps\":%d,"
          "\"samples_per_s\":%.1f,\"seconds\":%.3f,\"gflops\":%.3f,\"peak_gflops\":%.3f,\"share_of_peak\":%.4f,"
          "\"peak_rss_mb\":%.1f,\"loss\":%.9g}\n",
          w.name, w.model, w.batch, threads, n, r.samples_per_s, r.seconds, r.gflops, peak, r.gflops / peak,
          r.peak_rss_mb, r.loss);
    } else {
      std::printf("%-12s %6d %8d %12.0f %9.3f %8.2f %5.0f%% %12.1f %10.6f\n", w.name, w.batch, n, r.samples_per_s,
                  r.seconds, r.gflops, 100.0 * r.gflops / peak, r.peak_rss_mb, r.loss);
    }
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace aelab
