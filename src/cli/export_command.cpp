// `aelab export`, `aelab import` and `aelab encode`: a checkpoint's weights out to PyTorch's
// formats (model_export.h; ONNX through python/aelab_torch.py), weights trained elsewhere in
// as a checkpoint, and a data set's codes out as .npy for other tools.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "../file_io.h"
#include "../model_export.h"
#include "../npy.h"
#include "args.h"
#include "commands.h"

#ifndef AELAB_PYTHON_DIR
#define AELAB_PYTHON_DIR "python"
#endif

namespace aelab {

namespace {

const std::vector<FlagSpec> kExportFlags = {
    {"--checkpoint", "FILE", "a model.aelab (required)"},
    {"--format", "FMT", "safetensors, npz or onnx [safetensors]"},
    {"--out", "FILE", "the file to write (required)"},
    {"--help", nullptr, "show this help (also -h)"},
};

const std::vector<FlagSpec> kImportFlags = {
    {"--from", "FILE", "a .safetensors or .npz of the same architecture, with aelab.config metadata (required)"},
    {"--out", "DIR", "output directory for model.aelab, created if missing (required)"},
    {"--help", nullptr, "show this help (also -h)"},
};

// A function's static: the run table it reads is another file's global, built at an unknown
// point of static initialisation.
const std::vector<FlagSpec>& encode_flags() {
  static const std::vector<FlagSpec> flags = with_idx_flags({
      {"--checkpoint", "FILE", "a model.aelab (required)"},
      {"--data", "SET", "builtin, fashion, a folder or a .zip/.npz/.npy/.csv file (as train's) [builtin]"},
      {"--split", "NAME", "test or train [test]"},
      {"--out", "FILE", "codes as float32 [N, code] .npy (required)"},
      {"--labels", "FILE", "labels as uint8 [N] .npy, when the set has labels [labels.npy beside --out]"},
      {"--reconstructions", "FILE", "also the reconstructions as float32 [N, pixels] .npy"},
      {"--threads", "T", "threads [1]"},
      {"--help", nullptr, "show this help (also -h)"},
  });
  return flags;
}

// The folder part of a path with its slash ("runs/a/" of "runs/a/codes.npy"), "" for a bare name.
std::string dir_of(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash + 1);
}

// The folders an output file goes in are made, as `train --out` makes its folder.
bool make_parent_dirs(const std::vector<std::string>& files, std::string* error) {
  for (const std::string& f : files) {
    const std::string dir = dir_of(f);
    if (dir.size() > 1 && !make_dir(dir.substr(0, dir.size() - 1), error)) return false;
  }
  return true;
}

// ONNX goes through PyTorch: the weights are written as safetensors beside the output, then
// aelab_torch.py builds the module and calls torch.onnx.export into a temp file, renamed over
// `out` only when it succeeded. The interpreter is $AELAB_PYTHON, else /usr/bin/python3
// (Debian's, which has python3-torch).
bool export_onnx(const TensorSet& set, const std::string& out, std::string* error) {
  const std::string tmp = out + ".tmp-" + std::to_string(static_cast<long>(getpid()));
  const std::string weights = tmp + ".safetensors", onnx = tmp + ".onnx";
  if (!write_tensor_file(weights, set, error)) return false;
  const char* env = std::getenv("AELAB_PYTHON");
  const std::string python = env && *env ? env : "/usr/bin/python3";
  const std::string script = std::string(AELAB_PYTHON_DIR) + "/aelab_torch.py";
#ifdef __EMSCRIPTEN__
  std::remove(weights.c_str());
  *error = "ONNX export needs the native build (it runs " + python + " " + script + ")";
  return false;
#else
  int status = -1;
  const pid_t pid = fork();
  if (pid == 0) {
    execl(python.c_str(), python.c_str(), script.c_str(), "onnx", weights.c_str(), onnx.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  if (pid > 0) waitpid(pid, &status, 0);
  std::remove(weights.c_str());
  if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0 || std::rename(onnx.c_str(), out.c_str()) != 0) {
    std::remove(onnx.c_str());
    *error = "ONNX export failed: " + python + " " + script +
             " did not succeed (it needs python3-torch and python3-onnx; set AELAB_PYTHON to choose the interpreter)";
    return false;
  }
  return true;
#endif
}

}  // namespace

int cmd_export(const std::vector<std::string>& args) {
  std::vector<std::pair<std::string, std::string>> flags;
  std::string err, checkpoint, format = "safetensors", out;
  if (!parse_flags(args, kExportFlags, &flags, &err)) return usage_error(err);
  for (const auto& [name, value] : flags) {
    if (name == "--help") {
      std::printf("usage: aelab export --checkpoint FILE --out FILE [--format safetensors|npz|onnx]\n\n%s",
                  flags_help(kExportFlags).c_str());
      return 0;
    } else if (name == "--checkpoint") checkpoint = value;
    else if (name == "--format") format = value;
    else if (name == "--out") out = value;
  }
  if (checkpoint.empty() || out.empty()) return usage_error("export needs --checkpoint FILE and --out FILE");
  if (format != "safetensors" && format != "npz" && format != "onnx")
    return usage_error("unknown --format '" + format.substr(0, 40) + "' (known: safetensors, npz, onnx)");
  const std::string ext = "." + format;
  if (out.size() < ext.size() || out.compare(out.size() - ext.size(), ext.size(), ext) != 0)
    return usage_error("--out for --format " + format + " must end in " + ext);
  Checkpoint ck;
  if (!load_checkpoint(checkpoint, &ck, &err)) return runtime_error(err);
  ck.config = resolve_defaults(ck.config);
  const TensorSet set = export_tensors(ck);
  if (!(format == "onnx" ? export_onnx(set, out, &err) : write_tensor_file(out, set, &err))) return runtime_error(err);
  std::printf("{\"model\":%s,\"format\":%s,\"tensors\":%zu,\"out\":%s}\n", json_string(ck.config.model).c_str(),
              json_string(format).c_str(), set.tensors.size(), json_string(out).c_str());
  return 0;
}

int cmd_import(const std::vector<std::string>& args) {
  std::vector<std::pair<std::string, std::string>> flags;
  std::string err, from, dir;
  if (!parse_flags(args, kImportFlags, &flags, &err)) return usage_error(err);
  for (const auto& [name, value] : flags) {
    if (name == "--help") {
      std::printf("usage: aelab import --from FILE.safetensors|FILE.npz --out DIR\n\n%s",
                  flags_help(kImportFlags).c_str());
      return 0;
    } else if (name == "--from") from = value;
    else if (name == "--out") dir = value;
  }
  if (from.empty() || dir.empty()) return usage_error("import needs --from FILE and --out DIR");
  TensorSet set;
  Checkpoint ck;
  if (!read_tensor_file(from, &set, &err)) return runtime_error(err);
  if (!import_tensors(set, &ck, &err)) return runtime_error(from + ": " + err);
  // The model must also fit the memory budget a checkpoint load checks.
  if (!Autoencoder::create(ck.config, 1, &err)) return runtime_error(from + ": " + err);
  const std::string path = dir + "/model.aelab";
  if (!make_dir(dir, &err) || !save_checkpoint(path, ck, &err)) return runtime_error(err);
  std::printf("{\"model\":%s,\"params\":%zu,\"checkpoint\":%s}\n", json_string(ck.config.model).c_str(),
              ck.params.size(), json_string(path).c_str());
  return 0;
}

int cmd_encode(const std::vector<std::string>& args) {
  std::vector<std::pair<std::string, std::string>> flags;
  std::string err, checkpoint, set = "builtin", split = "test", out, labels, recon;
  IdxFiles idx;
  int threads = 1;
  if (!parse_flags(args, encode_flags(), &flags, &err)) return usage_error(err);
  for (const auto& [name, value] : flags) {
    if (name == "--help") {
      std::printf("usage: aelab encode --checkpoint FILE --out FILE.npy [flags]\n\n%s", flags_help(encode_flags()).c_str());
      return 0;
    } else if (name == "--checkpoint") checkpoint = value;
    else if (name == "--data") set = value;
    else if (name == "--split") split = value;
    else if (name == "--out") out = value;
    else if (name == "--labels") labels = value;
    else if (name == "--reconstructions") recon = value;
    else if (take_idx_flag(name, value, &idx)) continue;
    else if (name == "--threads" && !parse_int_flag(name, value, 1, 256, &threads, &err)) return usage_error(err);
  }
  if (checkpoint.empty() || out.empty()) return usage_error("encode needs --checkpoint FILE and --out FILE");
  if (split != "test" && split != "train") return usage_error("unknown --split '" + split.substr(0, 40) + "' (known: test, train)");
  if (labels.empty()) labels = dir_of(out) + "labels.npy";
  if (!make_parent_dirs({out, labels, recon}, &err)) return runtime_error(err);
  std::unique_ptr<Autoencoder> model = Autoencoder::load(checkpoint, threads, &err);
  if (!model) return runtime_error(err);
  Dataset train, test;
  const ModelConfig& cfg = model->config();
  // A set without a test part splits with the run's seed, as it did in training.
  if (!load_data(set, idx, cfg.seed, &train, &test, &err)) return runtime_error(err);
  const Dataset& data = split == "test" ? test : train;
  if (!data_fits(cfg, data_name(set, idx), data, &err)) return runtime_error(err);
  const int n = data.count, d = data.dim(), k = model->code_dim();
  std::vector<float> codes(static_cast<size_t>(n) * k), y(recon.empty() ? 0 : static_cast<size_t>(n) * d);
  std::vector<float> x(static_cast<size_t>(kEvalChunk) * d);
  for (int first = 0; first < n; first += kEvalChunk) {
    const int rows = std::min(kEvalChunk, n - first);
    images_to_float(data, nullptr, first, rows, x.data());
    model->encode(x.data(), rows, codes.data() + static_cast<size_t>(first) * k);
    if (!recon.empty()) model->reconstruct(x.data(), rows, y.data() + static_cast<size_t>(first) * d);
  }
  if (!write_file_atomic(out, npy_bytes("<f4", {n, k}, codes.data(), 4 * codes.size()), &err)) return runtime_error(err);
  const bool has_labels = static_cast<int>(data.labels.size()) == n;
  if (has_labels && !write_file_atomic(labels, npy_bytes("|u1", {n}, data.labels.data(), n), &err))
    return runtime_error(err);
  if (!recon.empty() && !write_file_atomic(recon, npy_bytes("<f4", {n, d}, y.data(), 4 * y.size()), &err))
    return runtime_error(err);
  std::printf("{\"model\":%s,\"dataset\":%s,\"split\":%s,\"images\":%d,\"code_dim\":%d,\"codes\":%s,\"labels\":%s}\n",
              json_string(cfg.model).c_str(), json_string(idx.train_images.empty() ? set : idx.train_images).c_str(),
              json_string(split).c_str(), n, k,
              json_string(out).c_str(), has_labels ? json_string(labels).c_str() : "null");
  return 0;
}

}  // namespace aelab
