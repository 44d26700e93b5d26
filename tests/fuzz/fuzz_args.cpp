// libFuzzer target: the command line's flag parser and value parsers, the key=value config
// text that checkpoints carry, and runs as links and run files (whatever parses must write
// itself out and read back unchanged). Input: NUL-separated arguments, or the whole as text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "cli/args.h"
#include "model_config.h"
#include "run.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> args;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '\0') {
      args.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  static const std::vector<aelab::FlagSpec> specs = {
      {"--epochs", "N", ""}, {"--lr", "X", ""}, {"--seed", "S", ""}, {"--shuffle", nullptr, ""}, {"--data", "SET", ""}};
  std::vector<std::pair<std::string, std::string>> flags;
  std::string error;
  if (aelab::parse_flags(args, specs, &flags, &error)) {
    for (const auto& [name, value] : flags) {
      int i;
      float f;
      uint64_t u;
      aelab::parse_int_flag(name, value, 0, 100000, &i, &error);
      aelab::parse_float_flag(name, value, 1e-9f, 100.0f, &f, &error);
      aelab::parse_u64_flag(name, value, &u, &error);
    }
  }
  aelab::ModelConfig config;
  if (aelab::config_from_text(text, &config, &error)) {
    if (!aelab::validate_config(config).empty()) __builtin_trap();
    aelab::ModelConfig back;
    if (!aelab::config_from_text(aelab::config_to_text(config), &back, &error)) __builtin_trap();
    if (aelab::config_to_text(back) != aelab::config_to_text(config)) __builtin_trap();
  }
  // A run read from a link or a run file writes out as text that reads back to the same run.
  for (int as_json = 0; as_json < 2; ++as_json) {
    aelab::Run run;
    std::vector<std::string> problems;
    const bool ok = as_json ? aelab::parse_run_json(text, &run, &problems)
                            : aelab::parse_run_fragment(text, &run, &problems);
    if (!ok) continue;
    for (const std::string& out : {aelab::run_to_json(run), aelab::run_to_fragment(run)}) {
      if (out.size() > aelab::kMaxRunTextBytes) continue;
      aelab::Run back;
      std::vector<std::string> again;
      const bool read = out[0] == '{' ? aelab::parse_run_json(out, &back, &again)
                                      : aelab::parse_run_fragment(out, &back, &again);
      if (!read || !again.empty() || aelab::run_to_json(back) != aelab::run_to_json(run)) __builtin_trap();
    }
  }
  return 0;
}
