// JPEG files from memory, decoded with libjpeg-turbo's libjpeg API (Debian's 2.1.5 source, built
// static by scripts/setup.sh without SIMD, so native and wasm builds decode the same bytes to the
// same pixels). The files are untrusted: libjpeg's errors and warnings (corrupt data it would
// paper over) both refuse the file, and sizes, memory and progressive scans are capped. Messages
// name no file; callers put the name in front.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace aelab {

// A progressive JPEG from an ordinary encoder has about ten scans (jpegtran -progressive: 10);
// more than this is a file built to keep the decoder busy (libjpeg-turbo's tjDecompress stops at 500).
constexpr int kMaxJpegScans = 100;

// What a JPEG's header says: its size, and 1 (grey) or 3 (colour: YCbCr or RGB) channels.
struct JpegHeader {
  int width = 0, height = 0, channels = 0;
};

// The file starts with a JPEG start-of-image marker (FF D8).
bool is_jpeg(const uint8_t* bytes, size_t n);

// Reads the header only (the markers up to the first scan). Refuses files libjpeg cannot parse
// and CMYK, YCCK and other component counts (one-line reason in *error).
bool read_jpeg_header(const uint8_t* bytes, size_t n, JpegHeader* header, std::string* error);

// The whole image as rows top to bottom, `channels` (1, 3 or 4) bytes a pixel: 1 grey (a colour
// image gives its luma), 3 RGB (a grey image repeated), 4 RGBA with alpha 255. Everything
// read_jpeg_header refuses, a side over max_side (before any pixel is decoded), more than
// kMaxJpegScans scans, and any corrupt or missing data are errors. *pixels and *header are set
// only on success.
bool decode_jpeg(const uint8_t* bytes, size_t n, int channels, int max_side, std::vector<uint8_t>* pixels,
                 JpegHeader* header, std::string* error);

}  // namespace aelab
