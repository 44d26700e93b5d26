// The data-in fuzz targets' one body: any input, named with a format's extension, must load
// into consistent Datasets or give a one-line error with the outputs untouched; no crash, leak,
// sanitizer report or allocation beyond the caps.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

#include "data_load.h"

inline void check_part(const aelab::Dataset& d) {
  if (d.pixels.size() != static_cast<size_t>(d.count) * d.dim()) __builtin_trap();
  if (d.has_labels() && d.labels.size() != static_cast<size_t>(d.count)) __builtin_trap();
  if (d.count > 0 && (d.rows < 1 || d.rows > 256 || d.cols < 1 || d.cols > 256 || (d.channels != 1 && d.channels != 3)))
    __builtin_trap();
}

inline int fuzz_load(const char* name, const uint8_t* data, size_t size) {
  aelab::Dataset train, test;
  test.count = -1;  // a mark: an error must leave it
  std::string error;
  if (!aelab::load_dataset_bytes(name, data, size, &train, &test, &error)) {
    if (test.count != -1 || error.empty() || error.find('\n') != std::string::npos) __builtin_trap();
    return 0;
  }
  check_part(train);
  check_part(test);
  return 0;
}
