// Reading a zip archive (PKWARE APPNOTE) from memory: the central directory names each entry,
// its method (0 stored or 8 deflate), sizes, CRC32 and local header. Zip64 extra fields are
// read (NumPy's savez writes them); multi-disk archives, encryption and other methods are
// refused. Every offset and size is checked against the bytes present, the entry count and
// the total inflated size are capped before anything is allocated, and each entry's CRC is
// checked, so a hostile archive gets a one-line error.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace aelab {

struct ZipEntry {
  std::string name;
  std::vector<uint8_t> data;
};

constexpr int kMaxZipEntries = 4096;

// All entries of the archive, in central directory order, if their inflated sizes sum to at
// most max_total bytes. On failure returns false with a reason and leaves *out untouched.
bool read_zip(const uint8_t* data, size_t n, uint64_t max_total, std::vector<ZipEntry>* out, std::string* error);

}  // namespace aelab
