// `aelab train`: runs a run (run.h) through the core's one loop (train_loop.h) and keeps
// what it has: after every epoch loss.csv and curve.csv (the app's train-loss curve), then
// model.aelab (each written atomically), and run.json from the start, so a crash loses at most
// the epoch in progress. SIGINT or SIGTERM
// finishes the current step, saves, prints the JSON line with "interrupted":true and exits
// 130; `--resume DIR` continues the run saved there, bit for bit as if it had not stopped.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "../file_io.h"
#include "../run_fields.h"
#include "../train_loop.h"
#include "args.h"
#include "commands.h"
#include "figure.h"

namespace aelab {
namespace {

volatile std::sig_atomic_t g_interrupted = 0;
void on_signal(int) { g_interrupted = 1; }

// The train command's own flags, after the run's fields (run_fields.h).
const std::vector<FlagSpec> kCommandFlags = {
    {"--run", "FILE|LINK", "start from a run file (the app's export, or a run.json) or a link's fragment"},
    {"--resume", "DIR", "continue the run saved in DIR (run.json + model.aelab); only --epochs may change"},
    {"--out", "DIR", "output directory, created if missing [runs/latest]"},
    {"--help", nullptr, "show this help (also -h)"},
};

}  // namespace

const std::vector<FlagSpec>& train_command_flags() { return kCommandFlags; }

namespace {

std::vector<FlagSpec> train_flags() {
  std::vector<FlagSpec> specs;
  for (const RunField& f : run_fields())
    if (f.flag) specs.push_back({f.flag, f.value_name, f.help});
  specs.insert(specs.end(), kCommandFlags.begin(), kCommandFlags.end());
  return specs;
}

void print_help() {
  std::printf(
      "usage: aelab train [flags]             train a run\n"
      "       aelab train --resume DIR [--epochs N]   continue one\n\n"
      "the run's fields (run files and links use the same keys with _ for -):\n%s\n%s",
      run_flags_help().c_str(), flags_help(kCommandFlags).c_str());
}

// Redraws one status line at most 10 times a second on a terminal; on a pipe, prints a plain
// line every 10 seconds so logs stay readable.
class Progress {
 public:
  Progress() : tty_(isatty(fileno(stderr)) != 0), last_(std::chrono::steady_clock::now()) {}
  void update(int epoch, int epochs, int64_t done, int64_t total, double mean_loss, double rate) {
    const auto now = std::chrono::steady_clock::now();
    const double since = std::chrono::duration<double>(now - last_).count();
    if (since < (tty_ ? 0.1 : 10.0) && done < total) return;
    last_ = now;
    if (tty_) {
      const int width = 30, filled = static_cast<int>(width * done / std::max<int64_t>(total, 1));
      std::fprintf(stderr, "\r\033[Kepoch %d/%d [%s%s] %3d%%  %.0f samples/s  loss %.5f", epoch, epochs,
                   std::string(filled, '#').c_str(), std::string(width - filled, '.').c_str(),
                   static_cast<int>(100 * done / std::max<int64_t>(total, 1)), rate, mean_loss);
    } else if (done < total) {
      std::fprintf(stderr, "epoch %d/%d: %lld/%lld examples, %.0f samples/s, loss %.5f\n", epoch, epochs,
                   static_cast<long long>(done), static_cast<long long>(total), rate, mean_loss);
    }
  }
  void epoch_done(int epoch, int epochs, double train_mse, double test_mse, double seconds, double rate) {
    std::fprintf(stderr, "%sepoch %d/%d  train_mse %.6f  test_mse %.6f  %.2fs  %.0f samples/s\n",
                 tty_ ? "\r\033[K" : "", epoch, epochs, train_mse, test_mse, seconds, rate);
  }
  // Ends a redrawn bar so a message after it starts on its own line.
  void finish_line() {
    if (tty_) std::fprintf(stderr, "\n");
  }

 private:
  bool tty_;
  std::chrono::steady_clock::time_point last_;
};

bool write_text(const std::string& path, const std::string& text, std::string* error) {
  return write_file_atomic(path, std::vector<uint8_t>(text.begin(), text.end()), error);
}

bool read_text(const std::string& path, size_t max_bytes, std::string* text, std::string* error) {
  std::vector<uint8_t> bytes;
  if (!read_file(path, max_bytes, &bytes, error)) return false;
  text->assign(bytes.begin(), bytes.end());
  return true;
}

// --run's value: a run file when one exists at that path, else a link or its fragment.
bool read_run_arg(const std::string& value, Run* run, std::string* error) {
  std::vector<std::string> problems;
  std::string text;
  std::string ignored;
  const size_t hash = value.find('#');
  if (hash == std::string::npos && read_text(value, kMaxRunTextBytes, &text, &ignored)) {
    if (!parse_run_json(text, run, &problems) && problems.empty()) problems.push_back("not a run file");
  } else if (hash != std::string::npos || value.find('=') != std::string::npos) {
    parse_run_fragment(hash == std::string::npos ? value : value.substr(hash), run, &problems);
  } else {
    problems.push_back(value.substr(0, 80) + ": no such run file, and not a link (KEY=VALUE&...)");
  }
  if (problems.empty()) return true;
  *error = "--run: " + problems.front();
  return false;
}

// The header and the rows of a CSV whose first column (an epoch, or a fractional one) is at
// most `epochs`: what a resumed model had trained (rows written after the checkpoint they
// belong to are dropped: those batches are trained again).
std::string kept_rows(const std::string& csv, int epochs) {
  std::string out;
  size_t pos = 0;
  for (bool header = true; pos < csv.size(); header = false) {
    const size_t end = csv.find('\n', pos);
    if (end == std::string::npos) break;
    const std::string row = csv.substr(pos, end + 1 - pos);
    if (!header && !(std::strtod(row.c_str(), nullptr) <= epochs)) break;
    out += row;
    pos = end + 1;
  }
  return out;
}

std::string curve_rows(const std::vector<LossPoint>& curve) {
  std::string out;
  char line[64];
  for (const LossPoint& p : curve) {
    std::snprintf(line, sizeof line, "%.9g,%.9g\n", static_cast<double>(p.epoch), static_cast<double>(p.loss));
    out += line;
  }
  return out;
}

}  // namespace

int cmd_train(const std::vector<std::string>& args) {
  std::vector<std::pair<std::string, std::string>> flags;
  std::string err, out = "runs/latest", resume, run_arg;
  if (!parse_flags(args, train_flags(), &flags, &err)) return usage_error(err);
  for (const auto& [name, value] : flags) {
    if (name == "--help") {
      print_help();
      return 0;
    }
    if (name == "--out") out = value;
    if (name == "--resume") resume = value;
    if (name == "--run") run_arg = value;
  }
  if (out.empty()) return usage_error("--out must not be empty");

  Run run;
  std::unique_ptr<Autoencoder> model;
  std::string csv = "epoch,train_mse,test_mse,seconds\n", curve_before = "epoch,train_loss\n";
  if (!resume.empty()) {
    for (const auto& [name, value] : flags) {
      if (name != "--resume" && name != "--epochs")
        return usage_error("--resume continues a run as it was: only --epochs may change, not " + name);
    }
    out = resume;
    std::string text;
    std::vector<std::string> problems;
    if (!read_text(resume + "/run.json", kMaxRunTextBytes, &text, &err)) return runtime_error(err);
    if (!parse_run_json(text, &run, &problems) || !problems.empty())
      return runtime_error(resume + "/run.json: " + (problems.empty() ? "not a run file" : problems.front()));
    model = Autoencoder::load(resume + "/model.aelab", run.threads, &err);
    if (!model) return runtime_error(err);
    if (read_text(resume + "/loss.csv", 64 << 20, &text, &err)) csv = kept_rows(text, model->epochs_trained());
    if (read_text(resume + "/curve.csv", 64 << 20, &text, &err)) {
      curve_before = kept_rows(text, model->epochs_trained());
    }
  } else if (!run_arg.empty() && !read_run_arg(run_arg, &run, &err)) {
    return usage_error(err);
  }
  // Flags set the run's fields, over --run's.
  for (const auto& [name, value] : flags) {
    const RunField* f = find_flag(name);
    if (!f) continue;
    std::string expected;
    if (!set_field(*f, f->type == FieldType::kBool ? "1" : value, &run, &expected))
      return usage_error(name + " must be " + expected + ", not '" + value.substr(0, 40) + "'");
  }
  if (run.data.empty()) return usage_error("--data must not be empty");
  std::string why = validate_config(run.model);
  if (!why.empty()) return usage_error(why);

  Dataset train, test;
  if (!load_data(run.data, run.idx, run.model.seed, &train, &test, &err)) return runtime_error(err);
  const std::string source = data_name(run.data, run.idx);
  if (!model) {
    run.model.image_rows = train.rows;
    run.model.image_cols = train.cols;
    run.model.image_channels = train.channels;
    run.model = resolve_defaults(run.model);
    why = validate_config(run.model);
    if (!why.empty()) return runtime_error(source + ": " + why);
    model = Autoencoder::create(run.model, run.threads, &err);
    if (!model) return runtime_error(err);
  } else if (train.rows != model->config().image_rows || train.cols != model->config().image_cols ||
             train.channels != model->config().image_channels) {
    const ModelConfig& c = model->config();
    return runtime_error(resume + ": the run trained on " + std::to_string(c.image_rows) + "x" +
                         std::to_string(c.image_cols) + "x" + std::to_string(c.image_channels) + " images but " +
                         source + " has " + std::to_string(train.rows) + "x" + std::to_string(train.cols) + "x" +
                         std::to_string(train.channels));
  }
  TrainLoop loop(*model, train, test, run, LoopOptions{/*eval_train=*/true, /*strict_position=*/true});
  if (!loop.ok()) return runtime_error(resume + ": " + loop.error());
  if (!make_dir(out, &err)) return runtime_error(err);
  if (!write_text(out + "/run.json", run_to_json(run) + "\n", &err)) return runtime_error(err);

  const ModelConfig& cfg = model->config();
  std::fprintf(stderr, "data: %s from %s\n", data_summary(train, test).c_str(), source.c_str());
  std::fprintf(stderr, "aelab: %s%s, %lld parameters, %d thread%s\n", resume.empty() ? "" : "resuming ",
               cfg.model.c_str(), static_cast<long long>(model->param_count()), run.threads,
               run.threads == 1 ? "" : "s");
  g_interrupted = 0;
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  Progress progress;
  double train_seconds = 0.0, epoch_seconds = 0.0, epoch_loss = 0.0, train_mse = -1.0, test_mse = -1.0;
  int64_t examples = 0, epoch_examples = 0;
  bool interrupted = false;
  auto epoch_start = std::chrono::steady_clock::now();
  auto save = [&]() {
    return write_text(out + "/loss.csv", csv, &err) &&
           write_text(out + "/curve.csv", curve_before + curve_rows(loop.train_curve()), &err) &&
           model->save(out + "/model.aelab", &err);
  };
  for (;;) {
    const LoopStep step = loop.advance();
    if (step == LoopStep::kDone) break;
    if (step == LoopStep::kDiverged) {
      // The refused step left the model as it was: save that, never NaN weights.
      progress.finish_line();
      loop.flush_curve();
      const std::string message = divergence_message(loop.epoch() + 1, model->steps() + 1, cfg.lr);
      if (!save()) return runtime_error(message + "; " + err);
      return runtime_error(message + "; wrote them to " + out + "/model.aelab");
    }
    if (step == LoopStep::kBatch) {
      epoch_examples += loop.last_batch();
      epoch_loss += static_cast<double>(loop.last_loss()) * loop.last_batch();
      epoch_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - epoch_start).count();
      progress.update(loop.epoch() + 1, loop.epochs(), loop.done(), loop.total(), epoch_loss / epoch_examples,
                      epoch_examples / std::max(epoch_seconds, 1e-9));
      // Between batches only: an epoch whose batches are done is evaluated and recorded first.
      if (g_interrupted && !loop.evaluating()) {
        interrupted = true;
        break;
      }
    }
    if (step == LoopStep::kEpochEnd) {
      train_seconds += epoch_seconds;
      examples += epoch_examples;
      train_mse = loop.train_mse();
      test_mse = loop.test_mse();
      progress.epoch_done(loop.epoch(), loop.epochs(), train_mse, test_mse, epoch_seconds,
                          epoch_examples / std::max(epoch_seconds, 1e-9));
      char line[160];
      std::snprintf(line, sizeof line, "%d,%.9g,%.9g,%.4f\n", loop.epoch(), train_mse, test_mse, epoch_seconds);
      csv += line;
      if (!save()) return runtime_error(err);
      epoch_examples = 0;
      epoch_loss = 0.0;
      epoch_start = std::chrono::steady_clock::now();
      if (g_interrupted) {
        interrupted = true;
        break;
      }
    }
  }
  if (interrupted) {
    progress.finish_line();
    loop.flush_curve();
    train_seconds += epoch_seconds;
    examples += epoch_examples;
    if (!save()) return runtime_error(err);
    std::fprintf(stderr, "aelab: interrupted at step %lld (epoch %d); saved %s/model.aelab; continue with "
                 "'aelab train --resume %s'\n", static_cast<long long>(model->steps()), loop.epoch() + 1,
                 out.c_str(), out.c_str());
  } else {
    if (!save()) return runtime_error(err);
    if (!write_reconstruction_png(*model, test, out + "/reconstructions.png", &err)) return runtime_error(err);
    std::fprintf(stderr, "aelab: wrote %s/model.aelab, loss.csv, curve.csv, run.json, reconstructions.png\n",
                 out.c_str());
  }
  // The line describes the model as saved: an interrupted run's weights are mid-epoch.
  if (train_mse < 0.0 || interrupted) {
    train_mse = evaluate_mse(*model, train);
    test_mse = evaluate_mse(*model, test);
  }
  std::printf(
      "{\"model\":%s,\"dataset\":%s,\"epochs\":%d,\"batch\":%d,\"threads\":%d,\"train_mse\":%.9g,"
      "\"test_mse\":%.9g,\"seconds\":%.3f,\"samples_per_s\":%.1f%s%s}\n",
      json_string(cfg.model).c_str(), json_string(run.idx.train_images.empty() ? run.data : source).c_str(), run.epochs, cfg.batch, run.threads, train_mse,
      test_mse, train_seconds, train_seconds > 0 ? examples / train_seconds : 0.0, extra_metrics(*model, test).c_str(),
      interrupted ? ",\"interrupted\":true" : "");
  std::fflush(stdout);
  return interrupted ? 130 : 0;
}

}  // namespace aelab
