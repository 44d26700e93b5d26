// The .zip reader (zip.h): end-of-central-directory record, central directory, local headers.
#include "zip.h"

#include <stb_image.h>

#include <algorithm>
#include <climits>

#include "dataset.h"
#include "file_io.h"

namespace aelab {

namespace {

uint32_t le16(const uint8_t* p) { return uint32_t{p[0]} | (uint32_t{p[1]} << 8); }
uint32_t le32(const uint8_t* p) { return le16(p) | (le16(p + 2) << 16); }
uint64_t le64(const uint8_t* p) { return le32(p) | (uint64_t{le32(p + 4)} << 32); }
constexpr uint32_t kAll32 = 0xFFFFFFFFu;

// Deflate emits at most 258 bytes per 2 bits: no real stream inflates more than 1032:1.
constexpr uint64_t kMaxDeflateRatio = 1032;

// A name that stays inside the archive's folder: relative, no "..", no backslash or NUL.
bool safe_name(const std::string& name) {
  if (name.empty() || name[0] == '/' || name.find('\\') != std::string::npos ||
      name.find('\0') != std::string::npos || name.find(':') != std::string::npos)
    return false;
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find('/', start);
    if (end == std::string::npos) end = name.size();
    if (name.compare(start, end - start, "..") == 0 && end - start == 2) return false;
    start = end + 1;
  }
  return true;
}

struct Entry {
  std::string name;
  uint32_t method, crc, flags;
  uint64_t packed, size, local;
};

// Replaces an entry's 0xFFFFFFFF sizes and offset by its zip64 extra field's values, which come
// in the order size, packed size, local header offset, each present only when needed (NumPy's
// savez writes them). False when a needed value is missing.
bool apply_zip64(const uint8_t* extra, size_t len, Entry* e) {
  while (len >= 4) {
    const uint32_t id = le16(extra), field = le16(extra + 2);
    if (field > len - 4) return false;
    if (id == 0x0001) {
      const uint8_t* p = extra + 4;
      size_t left = field;
      for (uint64_t* v : {&e->size, &e->packed, &e->local}) {
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
  return e->size != kAll32 && e->packed != kAll32 && e->local != kAll32;
}

bool read_directory(const uint8_t* data, size_t n, uint64_t max_total, std::vector<Entry>* entries,
                    std::string* error) {
  // The end record is the last 22 bytes plus a comment of up to 65535 bytes.
  size_t eocd = SIZE_MAX;
  for (size_t back = 22; back <= n && back <= 22 + 65535; ++back) {
    if (le32(data + n - back) == 0x06054b50) {
      eocd = n - back;
      break;
    }
  }
  if (eocd == SIZE_MAX) {
    *error = "zip: no end-of-central-directory record (not a zip file, or truncated)";
    return false;
  }
  const uint64_t count = le16(data + eocd + 10), dir_size = le32(data + eocd + 12), dir_at = le32(data + eocd + 16);
  if (count == 0xFFFF || dir_at == 0xFFFFFFFF) {
    *error = "zip: ZIP64 archives are not supported";
    return false;
  }
  if (dir_at + dir_size > eocd) {
    *error = "zip: central directory is past the end of the file";
    return false;
  }
  uint64_t total = 0;
  size_t p = dir_at;
  for (uint64_t i = 0; i < count; ++i) {
    if (p + 46 > eocd || le32(data + p) != 0x02014b50) {
      *error = "zip: corrupt central directory";
      return false;
    }
    const uint8_t* h = data + p;
    Entry e{std::string(), le16(h + 10), le32(h + 16), le16(h + 8), le32(h + 20), le32(h + 24), le32(h + 42)};
    const size_t name_len = le16(h + 28), extra_len = le16(h + 30), comment_len = le16(h + 32);
    if (p + 46 + name_len + extra_len > eocd) {
      *error = "zip: corrupt central directory";
      return false;
    }
    e.name.assign(reinterpret_cast<const char*>(h + 46), name_len);
    if (!apply_zip64(h + 46 + name_len, extra_len, &e)) {
      *error = "zip: " + printable(e.name, 60) + " has a bad zip64 field";
      return false;
    }
    p += 46 + name_len + extra_len + comment_len;
    if (!safe_name(e.name)) {
      *error = "zip: entry name '" + printable(e.name, 60) + "' leaves the archive's folder";
      return false;
    }
    if (e.name.back() == '/') continue;  // a directory
    if (e.flags & 1) {
      *error = "zip: " + printable(e.name, 60) + " is encrypted";
      return false;
    }
    if (e.method != 0 && e.method != 8) {
      *error = "zip: " + printable(e.name, 60) + " uses compression method " + std::to_string(e.method) +
               " (only stored and deflate are read)";
      return false;
    }
    // (zip64 sizes are 64-bit: the packed size is checked against the file before it is scaled.)
    if ((e.method == 0 && e.packed != e.size) || e.packed > n || e.size > kMaxDeflateRatio * e.packed + 1024) {
      *error = "zip: " + printable(e.name, 60) + " claims " + std::to_string(e.size) + " bytes from " +
               std::to_string(e.packed) + " (a zip bomb, or corrupt)";
      return false;
    }
    total += e.size;
    if (total > max_total || entries->size() >= static_cast<size_t>(kMaxZipEntries)) {
      *error = "zip: more than " + std::to_string(max_total >> 20) + " MiB or " + std::to_string(kMaxZipEntries) +
               " files once inflated";
      return false;
    }
    entries->push_back(std::move(e));
  }
  return true;
}

bool read_entry(const uint8_t* data, size_t n, const Entry& e, std::vector<uint8_t>* out, std::string* error) {
  const std::string name = printable(e.name, 60);
  if (e.local > n || n - e.local < 30 || le32(data + e.local) != 0x04034b50) {
    *error = "zip: " + name + ": corrupt local header";
    return false;
  }
  const uint64_t start = e.local + 30 + le16(data + e.local + 26) + le16(data + e.local + 28);
  if (start > n || e.packed > n - start) {
    *error = "zip: " + name + ": data past the end of the file";
    return false;
  }
  if (e.method == 0) {
    out->assign(data + start, data + start + e.packed);
  } else {
    // Up to 8 bytes past the stream go to the inflater too (stb_image fails a stream whose last
    // code sits near the end of its input; idx.cpp), and one spare output byte catches a
    // stream that inflates past its declared size.
    const uint64_t avail = std::min<uint64_t>(e.packed + 8, n - start);
    if (avail > INT_MAX || e.size + 1 > INT_MAX) {
      *error = "zip: " + name + ": too large";
      return false;
    }
    out->assign(e.size + 1, 0);
    const int got = stbi_zlib_decode_noheader_buffer(reinterpret_cast<char*>(out->data()), static_cast<int>(out->size()),
                                                     reinterpret_cast<const char*>(data + start),
                                                     static_cast<int>(avail));
    if (got < 0 || static_cast<uint64_t>(got) != e.size) {
      *error = "zip: " + name + ": corrupt deflate data";
      return false;
    }
    out->resize(e.size);
  }
  // Fuzz builds read on past a bad checksum, so mutated entries reach the parsers behind it.
#ifndef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
  if (crc32(out->data(), out->size()) != e.crc) {
    *error = "zip: " + name + ": CRC mismatch (archive is corrupt)";
    return false;
  }
#endif
  return true;
}

}  // namespace

bool read_zip(const uint8_t* data, size_t n, uint64_t max_total, std::vector<NamedBytes>* out, std::string* error) {
  std::vector<Entry> entries;
  if (!read_directory(data, n, max_total, &entries, error)) return false;
  std::vector<NamedBytes> files(entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    files[i].name = entries[i].name;
    if (!read_entry(data, n, entries[i], &files[i].bytes, error)) return false;
  }
  *out = std::move(files);
  return true;
}

}  // namespace aelab
