// The zip reader: end record, central directory, then each entry's local header and data.
// Deflate goes through stb_image's raw inflater, as the gzip reader (idx.cpp) does.
#include "zip_reader.h"

#include <stb_image.h>

#include <climits>
#include <cstring>

#include "file_io.h"

namespace aelab {

namespace {

uint16_t le16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | p[1] << 8); }
uint32_t le32(const uint8_t* p) { return le16(p) | static_cast<uint32_t>(le16(p + 2)) << 16; }
uint64_t le64(const uint8_t* p) { return le32(p) | static_cast<uint64_t>(le32(p + 4)) << 32; }

constexpr uint32_t kEndSig = 0x06054b50, kCentralSig = 0x02014b50, kLocalSig = 0x04034b50;
constexpr uint32_t kAll32 = 0xFFFFFFFFu;

struct Central {
  std::string name;
  uint16_t method = 0;
  uint32_t crc = 0;
  uint64_t packed = 0, size = 0, local = 0;
};

// Replaces the 0xFFFFFFFF fields of a central entry by its zip64 extra field's values, which
// come in the order size, packed size, local header offset, each present only when needed.
bool apply_zip64(const uint8_t* extra, size_t len, Central* c) {
  while (len >= 4) {
    const uint16_t id = le16(extra), field = le16(extra + 2);
    if (field > len - 4) return false;
    if (id == 0x0001) {
      const uint8_t* p = extra + 4;
      size_t left = field;
      for (uint64_t* v : {&c->size, &c->packed, &c->local}) {
        if (*v != kAll32) continue;
        if (left < 8) return false;
        *v = le64(p);
        p += 8;
        left -= 8;
      }
      return true;
    }
    extra += 4 + field;
    len -= 4 + field;
  }
  return c->size != kAll32 && c->packed != kAll32 && c->local != kAll32;
}

}  // namespace

bool read_zip(const uint8_t* data, size_t n, uint64_t max_total, std::vector<ZipEntry>* out, std::string* error) {
  // The end record is the last 22 bytes plus a comment of up to 65535 bytes.
  size_t end = SIZE_MAX;
  for (size_t back = 22; back <= n && back <= 22 + 65535; ++back) {
    if (le32(data + n - back) == kEndSig && le16(data + n - back + 20) == back - 22) {
      end = n - back;
      break;
    }
  }
  if (end == SIZE_MAX) {
    *error = "zip: no end of central directory record (not a zip archive, or truncated)";
    return false;
  }
  const uint8_t* e = data + end;
  const uint16_t count = le16(e + 10);
  const uint32_t dir_size = le32(e + 12), dir_offset = le32(e + 16);
  if (le16(e + 4) != 0 || le16(e + 6) != 0 || le16(e + 8) != count) {
    *error = "zip: multi-disk archives are not supported";
    return false;
  }
  if (count == 0xFFFF || dir_offset == kAll32 || dir_size == kAll32) {
    *error = "zip: zip64 archives (over 65535 entries or 4 GB) are not supported";
    return false;
  }
  if (count > kMaxZipEntries || dir_offset > end || dir_size > end - dir_offset) {
    *error = "zip: central directory of " + std::to_string(count) + " entries is beyond the file or the limit";
    return false;
  }
  std::vector<Central> entries;
  const uint8_t* p = data + dir_offset;
  size_t left = dir_size;
  uint64_t total = 0;
  for (int i = 0; i < count; ++i) {
    if (left < 46 || le32(p) != kCentralSig) {
      *error = "zip: central directory entry " + std::to_string(i) + " is corrupt";
      return false;
    }
    Central c;
    const uint16_t flags = le16(p + 8), name_len = le16(p + 28), extra_len = le16(p + 30), comment_len = le16(p + 32);
    c.method = le16(p + 10);
    c.crc = le32(p + 16);
    c.packed = le32(p + 20);
    c.size = le32(p + 24);
    c.local = le32(p + 42);
    if (46u + name_len + extra_len + comment_len > left) {
      *error = "zip: central directory entry " + std::to_string(i) + " runs past the directory";
      return false;
    }
    c.name.assign(reinterpret_cast<const char*>(p + 46), name_len);
    if (!apply_zip64(p + 46 + name_len, extra_len, &c)) {
      *error = "zip: entry '" + c.name.substr(0, 60) + "' has a bad zip64 field";
      return false;
    }
    if (flags & 1) {
      *error = "zip: entry '" + c.name.substr(0, 60) + "' is encrypted";
      return false;
    }
    if (c.method != 0 && c.method != 8) {
      *error = "zip: entry '" + c.name.substr(0, 60) + "' uses compression method " + std::to_string(c.method) +
               " (aelab reads stored and deflate)";
      return false;
    }
    if (c.method == 0 && c.packed != c.size) {
      *error = "zip: stored entry '" + c.name.substr(0, 60) + "' has two different sizes";
      return false;
    }
    total += c.size;
    if (c.size > max_total || total > max_total) {
      *error = "zip: entries inflate to more than the limit of " + std::to_string(max_total) + " bytes";
      return false;
    }
    entries.push_back(std::move(c));
    p += 46 + name_len + extra_len + comment_len;
    left -= 46u + name_len + extra_len + comment_len;
  }
  std::vector<ZipEntry> result;
  for (const Central& c : entries) {
    // The local header repeats the name and has its own extra field; the data follows them.
    if (c.local > end || end - c.local < 30 || le32(data + c.local) != kLocalSig) {
      *error = "zip: entry '" + c.name.substr(0, 60) + "' has no local header where the directory says";
      return false;
    }
    const uint64_t start = c.local + 30 + le16(data + c.local + 26) + le16(data + c.local + 28);
    if (start > end || c.packed > end - start) {
      *error = "zip: entry '" + c.name.substr(0, 60) + "' runs past the archive";
      return false;
    }
    ZipEntry z{c.name, {}};
    if (c.method == 0) {
      z.data.assign(data + start, data + start + c.packed);
    } else {
      if (c.packed > INT_MAX - 8 || c.size > INT_MAX - 1) {
        *error = "zip: entry '" + c.name.substr(0, 60) + "' is too large";
        return false;
      }
      // stb's inflater fails a stream whose last code sits within 16 bits of the end of its
      // input (see idx.cpp): a few zero bytes after the stream keep it clear of that. One spare
      // output byte catches a stream that inflates past its stated size.
      std::vector<uint8_t> packed(data + start, data + start + c.packed);
      packed.resize(packed.size() + 8, 0);
      z.data.assign(c.size + 1, 0);
      const int got = stbi_zlib_decode_noheader_buffer(reinterpret_cast<char*>(z.data.data()),
                                                       static_cast<int>(z.data.size()),
                                                       reinterpret_cast<const char*>(packed.data()),
                                                       static_cast<int>(packed.size()));
      if (got < 0 || static_cast<uint64_t>(got) != c.size) {
        *error = "zip: entry '" + c.name.substr(0, 60) + "' has a corrupt deflate stream or a wrong size";
        return false;
      }
      z.data.resize(c.size);
    }
    // Fuzz builds read on past a bad checksum, so mutated entries reach the parsers behind it.
#ifndef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
    if (crc32(z.data.data(), z.data.size()) != c.crc) {
      *error = "zip: entry '" + c.name.substr(0, 60) + "' fails its CRC check (corrupt)";
      return false;
    }
#endif
    result.push_back(std::move(z));
  }
  *out = std::move(result);
  return true;
}

}  // namespace aelab
