// IDX parsing and gzip inflation (stb_image's zlib decoder, so wasm needs no zlib port).
#include "idx.h"

#include <stb_image.h>

#include "file_io.h"

namespace aelab {

namespace {

uint32_t be32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}
uint32_t le32(const uint8_t* p) {
  return uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16) | (uint32_t{p[3]} << 24);
}
void put_be32(std::vector<uint8_t>* v, uint32_t x) {
  for (int s = 24; s >= 0; s -= 8) v->push_back(static_cast<uint8_t>(x >> s));
}

// Compressed input is also capped: a genuine MNIST .gz is ~10 MB.
constexpr uint64_t kMaxFileBytes = 256ull << 20;

}  // namespace

bool gunzip_if_needed(const uint8_t* data, size_t n, uint64_t max_out, std::vector<uint8_t>* out,
                      std::string* error) {
  if (n < 2 || data[0] != 0x1f || data[1] != 0x8b) {
    out->assign(data, data + n);
    return true;
  }
  // RFC 1952 header: magic, method 8, flags, mtime, xfl, os, then optional fields.
  if (n < 18 || data[2] != 8) {
    *error = "gzip: truncated header or unsupported compression method";
    return false;
  }
  const uint8_t flags = data[3];
  if (flags & 0xE0) {
    *error = "gzip: reserved header flags set";
    return false;
  }
  size_t pos = 10;
  if (flags & 0x04) {  // FEXTRA
    if (pos + 2 > n) { *error = "gzip: truncated header"; return false; }
    pos += 2 + (size_t{data[pos]} | (size_t{data[pos + 1]} << 8));
  }
  for (uint8_t bit : {uint8_t{0x08}, uint8_t{0x10}}) {  // FNAME, FCOMMENT: zero-terminated
    if (!(flags & bit)) continue;
    while (pos < n && data[pos] != 0) ++pos;
    ++pos;
  }
  if (flags & 0x02) pos += 2;  // FHCRC
  if (pos + 8 > n) {
    *error = "gzip: truncated header";
    return false;
  }
  const uint32_t want_crc = le32(data + n - 8);
  const uint32_t size = le32(data + n - 4);  // ISIZE: uncompressed size mod 2^32
  if (size > max_out) {
    *error = "gzip: uncompressed size " + std::to_string(size) + " exceeds the limit of " +
             std::to_string(max_out) + " bytes";
    return false;
  }
  // The 8 trailer bytes are handed to the inflater too: stb_image 2.27 fails a stream whose last
  // code sits within 16 bits of the end of its input, and deflate stops at its own end marker.
  const size_t payload = n - pos;
  if (payload > static_cast<size_t>(INT32_MAX)) {
    *error = "gzip: compressed data too large";
    return false;
  }
  // One spare byte: a stream that inflates past ISIZE (a bomb, or a lie) fills it and fails.
  out->assign(static_cast<size_t>(size) + 1, 0);
  const int got = stbi_zlib_decode_noheader_buffer(reinterpret_cast<char*>(out->data()),
                                                   static_cast<int>(out->size()),
                                                   reinterpret_cast<const char*>(data + pos),
                                                   static_cast<int>(payload));
  if (got < 0 || static_cast<uint32_t>(got) != size) {
    out->clear();
    *error = got < 0 ? "gzip: corrupt or oversized deflate stream" : "gzip: size does not match the trailer";
    return false;
  }
  out->resize(size);
  if (crc32(out->data(), out->size()) != want_crc) {
    out->clear();
    *error = "gzip: CRC mismatch (file is corrupt)";
    return false;
  }
  return true;
}

bool parse_idx_images(const uint8_t* data, size_t n, IdxImages* out, std::string* error) {
  if (n < 16) {
    *error = "IDX images: file too short for a header (" + std::to_string(n) + " bytes)";
    return false;
  }
  if (be32(data) != 0x00000803) {
    *error = "IDX images: wrong magic number (expected 0x00000803, uint8 3-D)";
    return false;
  }
  const uint64_t count = be32(data + 4), rows = be32(data + 8), cols = be32(data + 12);
  if (count == 0 || rows == 0 || cols == 0) {
    *error = "IDX images: empty set (" + std::to_string(count) + " images of " + std::to_string(rows) +
             "x" + std::to_string(cols) + ")";
    return false;
  }
  if (rows > 256 || cols > 256) {
    *error = "IDX images: image size " + std::to_string(rows) + "x" + std::to_string(cols) +
             " is larger than 256x256";
    return false;
  }
  const uint64_t need = count * rows * cols;  // < 2^32 * 2^16: no overflow
  if (need != n - 16) {
    *error = "IDX images: header says " + std::to_string(count) + " images of " + std::to_string(rows) +
             "x" + std::to_string(cols) + " (" + std::to_string(need) + " bytes) but the file has " +
             std::to_string(n - 16) + " bytes of data";
    return false;
  }
  out->count = static_cast<int>(count);
  out->rows = static_cast<int>(rows);
  out->cols = static_cast<int>(cols);
  out->pixels.assign(data + 16, data + n);
  return true;
}

bool parse_idx_labels(const uint8_t* data, size_t n, std::vector<uint8_t>* out, std::string* error) {
  if (n < 8) {
    *error = "IDX labels: file too short for a header (" + std::to_string(n) + " bytes)";
    return false;
  }
  if (be32(data) != 0x00000801) {
    *error = "IDX labels: wrong magic number (expected 0x00000801, uint8 1-D)";
    return false;
  }
  const uint64_t count = be32(data + 4);
  if (count == 0 || count != n - 8) {
    *error = "IDX labels: header says " + std::to_string(count) + " labels but the file has " +
             std::to_string(n - 8) + " bytes of data";
    return false;
  }
  out->assign(data + 8, data + n);
  return true;
}

namespace {
bool load_decompressed(const std::string& path, std::vector<uint8_t>* raw, std::string* error) {
  std::vector<uint8_t> file;
  if (!read_file(path, kMaxFileBytes, &file, error)) return false;
  if (!gunzip_if_needed(file.data(), file.size(), kMaxIdxBytes, raw, error)) {
    *error = path + ": " + *error;
    return false;
  }
  return true;
}
}  // namespace

bool load_idx_images(const std::string& path, IdxImages* out, std::string* error) {
  std::vector<uint8_t> raw;
  if (!load_decompressed(path, &raw, error)) return false;
  if (!parse_idx_images(raw.data(), raw.size(), out, error)) {
    *error = path + ": " + *error;
    return false;
  }
  return true;
}

bool load_idx_labels(const std::string& path, std::vector<uint8_t>* out, std::string* error) {
  std::vector<uint8_t> raw;
  if (!load_decompressed(path, &raw, error)) return false;
  if (!parse_idx_labels(raw.data(), raw.size(), out, error)) {
    *error = path + ": " + *error;
    return false;
  }
  return true;
}

std::vector<uint8_t> idx_images_bytes(const IdxImages& images) {
  std::vector<uint8_t> v;
  v.reserve(16 + images.pixels.size());
  put_be32(&v, 0x00000803);
  put_be32(&v, static_cast<uint32_t>(images.count));
  put_be32(&v, static_cast<uint32_t>(images.rows));
  put_be32(&v, static_cast<uint32_t>(images.cols));
  v.insert(v.end(), images.pixels.begin(), images.pixels.end());
  return v;
}

std::vector<uint8_t> idx_labels_bytes(const std::vector<uint8_t>& labels) {
  std::vector<uint8_t> v;
  put_be32(&v, 0x00000801);
  put_be32(&v, static_cast<uint32_t>(labels.size()));
  v.insert(v.end(), labels.begin(), labels.end());
  return v;
}

}  // namespace aelab
