// libFuzzer target: the command line's flag parser and value parsers, and the key=value config
// text that checkpoints (and later URLs and run files) carry. Input: NUL-separated arguments.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "cli/args.h"
#include "model_config.h"

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
  }
  return 0;
}
