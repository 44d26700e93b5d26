// Reading a .zip archive (and so a NumPy .npz) held in memory: stored and deflate entries, the
// latter inflated by stb_image's zlib decoder (so wasm needs no zlib port). An archive comes
// from a user, so: names that climb out of the archive ("..", absolute, backslashes) are
// refused; every entry's declared size is checked against the total cap and against deflate's
// largest possible ratio before anything is inflated; the inflater writes at most the declared
// size; CRCs are checked. On any error nothing is returned.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace aelab {

constexpr int kMaxZipEntries = 1 << 17;

// A file's name (relative to a folder or an archive's root) and its bytes.
struct NamedBytes {
  std::string name;
  std::vector<uint8_t> bytes;
};

// The archive's files (directories are skipped), in the archive's order; their inflated bytes
// add up to at most max_total.
bool read_zip(const uint8_t* data, size_t n, uint64_t max_total, std::vector<NamedBytes>* out, std::string* error);

}  // namespace aelab
