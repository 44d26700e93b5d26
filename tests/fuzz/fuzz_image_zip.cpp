// libFuzzer target: a .zip of an image folder (the zip reader, class subfolders, PNG decoding
// with stb_image, JPEG with libjpeg-turbo) through fuzz_data.h's checks.
#include "fuzz_data.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) { return fuzz_load("f.zip", data, size); }
