// libFuzzer target: .npy data (data_load.h) through fuzz_data.h's checks.
#include "fuzz_data.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) { return fuzz_load("f.npy", data, size); }
