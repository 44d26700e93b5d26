// The MNIST IDX format (raw or gzip): magic 0x00000803 images [N,H,W] uint8, 0x00000801 labels [N].
// Parsing is defensive: every size is checked against the bytes present before anything is
// allocated, and gzip output is capped, so a hostile file gets a one-line error.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace aelab {

constexpr uint64_t kMaxIdxBytes = 256ull << 20;  // decompressed; the 60k MNIST set is 47 MB

struct IdxImages {
  int count = 0, rows = 0, cols = 0;
  std::vector<uint8_t> pixels;  // count*rows*cols, row-major
};

// Inflates a gzip member into *out when data starts with the gzip magic, else copies it.
bool gunzip_if_needed(const uint8_t* data, size_t n, uint64_t max_out, std::vector<uint8_t>* out,
                      std::string* error);

bool parse_idx_images(const uint8_t* data, size_t n, IdxImages* out, std::string* error);
bool parse_idx_labels(const uint8_t* data, size_t n, std::vector<uint8_t>* out, std::string* error);

bool load_idx_images(const std::string& path, IdxImages* out, std::string* error);
bool load_idx_labels(const std::string& path, std::vector<uint8_t>* out, std::string* error);

// Serialises to raw IDX (used by tests and converters).
std::vector<uint8_t> idx_images_bytes(const IdxImages& images);
std::vector<uint8_t> idx_labels_bytes(const std::vector<uint8_t>& labels);

}  // namespace aelab
