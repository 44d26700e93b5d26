// libFuzzer target: JPEG decoding (jpeg_decode.h) on its own. Input: a mode byte, then the file.
// The mode picks the output channels (1, 3 or 4) and the side cap (256, the data sets', or 2048,
// the draw pad's). A file decodes to exactly width x height x channels bytes within the cap,
// agreeing with its header, or gives a one-line error with the outputs untouched.
#include <cstdlib>
#include <string>
#include <vector>

#include "jpeg_decode.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const int channels = data[0] % 3 == 0 ? 1 : data[0] % 3 == 1 ? 3 : 4;
  const int max_side = data[0] & 0x80 ? 2048 : 256;
  const uint8_t* file = data + 1;
  const size_t n = size - 1;

  aelab::JpegHeader header, decoded;
  std::string error;
  const bool header_ok = aelab::read_jpeg_header(file, n, &header, &error);
  if (!header_ok && (error.empty() || error.find('\n') != std::string::npos || header.width != 0)) std::abort();

  std::vector<uint8_t> pixels = {42};
  decoded.width = -1;
  error.clear();
  if (!aelab::decode_jpeg(file, n, channels, max_side, &pixels, &decoded, &error)) {
    if (error.empty() || error.find('\n') != std::string::npos || pixels.size() != 1 || pixels[0] != 42 ||
        decoded.width != -1)
      std::abort();
    return 0;
  }
  // Decoding succeeds only where the header was read, and says the same.
  if (!header_ok || decoded.width != header.width || decoded.height != header.height ||
      decoded.channels != header.channels)
    std::abort();
  if (decoded.width < 1 || decoded.height < 1 || decoded.width > max_side || decoded.height > max_side ||
      (decoded.channels != 1 && decoded.channels != 3) ||
      pixels.size() != static_cast<size_t>(decoded.width) * decoded.height * channels)
    std::abort();
  return 0;
}
