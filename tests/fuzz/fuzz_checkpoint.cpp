// libFuzzer target: the checkpoint parser, then a round trip of whatever it accepts: a
// checkpoint that parses must serialise and parse back to the same config, counters, weights
// and Adam moments, and serialising that again must give the same bytes.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "checkpoint.h"

namespace {

bool same_floats(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), 4 * a.size()) == 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  aelab::Checkpoint ck;
  std::string error;
  if (!aelab::parse_checkpoint(data, size, &ck, &error)) return 0;
  if (ck.params.size() != ck.moment1.size() || ck.params.size() != ck.moment2.size()) __builtin_trap();
  const std::vector<uint8_t> bytes = aelab::checkpoint_bytes(ck);
  aelab::Checkpoint back;
  if (!aelab::parse_checkpoint(bytes.data(), bytes.size(), &back, &error)) __builtin_trap();
  if (aelab::config_to_text(back.config) != aelab::config_to_text(ck.config)) __builtin_trap();
  if (back.steps != ck.steps || back.epochs != ck.epochs) __builtin_trap();
  if (!same_floats(back.params, ck.params) || !same_floats(back.moment1, ck.moment1) ||
      !same_floats(back.moment2, ck.moment2))
    __builtin_trap();
  if (aelab::checkpoint_bytes(back) != bytes) __builtin_trap();
  return 0;
}
