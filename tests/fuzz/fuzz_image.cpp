// libFuzzer target: the MNIST preprocessing of drawn/imported images. Input: a mode byte, the
// width and height as signed 16-bit values (so zero, negative and oversized sizes are tried),
// then pixels, repeated to fill w x h: uint8 / 255 (mode even) or raw floats (mode odd: NaN,
// infinities, denormals, negatives). The output must be 28x28 values in [0, 1].
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "image_preprocess.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 5) return 0;
  int16_t w16, h16;
  std::memcpy(&w16, data + 1, 2);
  std::memcpy(&h16, data + 3, 2);
  const bool floats = data[0] & 1;
  // Sizes beyond 300 are only checked for refusal, so each run stays fast.
  const int w = w16 > 300 && w16 <= aelab::kMaxPreprocessSide ? 300 : w16;
  const int h = h16 > 300 && h16 <= aelab::kMaxPreprocessSide ? 300 : h16;
  const uint8_t* pix = data + 5;
  const size_t n_bytes = size - 5;
  std::vector<float> in(w > 0 && h > 0 && w <= 300 && h <= 300 ? static_cast<size_t>(w) * h : 1, 0.0f);
  if (n_bytes > 0) {
    for (size_t i = 0; i < in.size(); ++i) {
      if (floats && n_bytes >= 4) {
        std::memcpy(&in[i], pix + (4 * i) % (n_bytes - n_bytes % 4), 4);
      } else {
        in[i] = pix[i % n_bytes] / 255.0f;
      }
    }
  }
  float out[28 * 28];
  const bool ok = aelab::mnist_preprocess(in.data(), w, h, out);
  if (ok != (w >= 1 && h >= 1 && w <= aelab::kMaxPreprocessSide && h <= aelab::kMaxPreprocessSide)) std::abort();
  for (float v : out) {
    if (!(v >= 0.0f && v <= 1.0f)) std::abort();
  }
  return 0;
}
