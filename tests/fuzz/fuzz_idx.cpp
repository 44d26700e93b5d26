// libFuzzer target: the IDX reader, raw and gzip. Any input must give a parse or a one-line
// error: no crash, leak, sanitizer report or allocation beyond the caps.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "idx.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<uint8_t> raw;
  std::string error;
  // A smaller inflate cap than the reader's, so the fuzzer explores instead of filling memory.
  if (!aelab::gunzip_if_needed(data, size, 64u << 20, &raw, &error)) return 0;
  aelab::IdxImages images;
  std::vector<uint8_t> labels;
  if (aelab::parse_idx_images(raw.data(), raw.size(), &images, &error)) {
    if (images.pixels.size() != static_cast<size_t>(images.count) * images.rows * images.cols) __builtin_trap();
  }
  aelab::parse_idx_labels(raw.data(), raw.size(), &labels, &error);
  return 0;
}
