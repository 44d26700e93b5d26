// Whole-file reads with a size cap, and atomic writes (temp file, fsync, rename, directory
// fsync), so a crash mid-save never leaves a half-written file where a good one was.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace aelab {

bool read_file(const std::string& path, uint64_t max_bytes, std::vector<uint8_t>* out, std::string* error);
bool write_file_atomic(const std::string& path, const std::vector<uint8_t>& bytes, std::string* error);

uint32_t crc32(const uint8_t* data, size_t n, uint32_t crc = 0);

}  // namespace aelab
