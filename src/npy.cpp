// The .npy header parser (npy.h).
#include "npy.h"

#include <cstring>

#include "dataset.h"

namespace aelab {

namespace {

// The value text after "'key':" in a dict literal, or npos.
size_t value_of(const std::string& header, const char* key) {
  const size_t k = header.find("'" + std::string(key) + "'");
  if (k == std::string::npos) return k;
  size_t p = header.find(':', k);
  if (p == std::string::npos) return p;
  ++p;
  while (p < header.size() && header[p] == ' ') ++p;
  return p;
}

bool parse_descr(const std::string& header, NpyArray* out, std::string* error) {
  const size_t p = value_of(header, "descr");
  if (p == std::string::npos || p >= header.size() || header[p] != '\'') {
    *error = "npy: header has no 'descr'";
    return false;
  }
  const size_t end = header.find('\'', p + 1);
  const std::string d = end == std::string::npos ? "" : header.substr(p + 1, end - p - 1);
  if (d.size() == 3 && (d[0] == '<' || d[0] == '|') && (d[1] == 'u' || d[1] == 'i' || d[1] == 'f') &&
      (d[2] == '1' || d[2] == '2' || d[2] == '4' || d[2] == '8') && !(d[1] == 'f' && d[2] < '4')) {
    out->kind = d[1];
    out->item_size = d[2] - '0';
    return true;
  }
  *error = "npy: dtype '" + printable(d, 20) + "' is not supported (uint8, float32, or little-endian integers)";
  return false;
}

bool parse_shape(const std::string& header, size_t payload, NpyArray* out, std::string* error) {
  size_t p = value_of(header, "shape");
  if (p == std::string::npos || p >= header.size() || header[p] != '(') {
    *error = "npy: header has no 'shape'";
    return false;
  }
  const size_t end = header.find(')', p);
  if (end == std::string::npos) {
    *error = "npy: malformed 'shape'";
    return false;
  }
  uint64_t count = 1;
  for (++p; p < end;) {
    while (p < end && (header[p] == ' ' || header[p] == ',')) ++p;
    if (p == end) break;
    uint64_t v = 0;
    const size_t start = p;
    while (p < end && header[p] >= '0' && header[p] <= '9' && p - start < 12) v = v * 10 + (header[p++] - '0');
    if (p == start || (p < end && header[p] != ',' && header[p] != ' ') || out->shape.size() == 4) {
      *error = "npy: malformed 'shape' (at most 4 whole dimensions)";
      return false;
    }
    out->shape.push_back(v);
    // Checked against the bytes present at each step, so the product cannot overflow.
    count *= v;
    if (count > payload) count = payload + 1;
  }
  out->count = count;
  return true;
}

}  // namespace

double NpyArray::at(uint64_t i) const {
  const uint8_t* p = data + i * static_cast<uint64_t>(item_size);
  uint64_t bits = 0;
  for (int b = item_size - 1; b >= 0; --b) bits = (bits << 8) | p[b];
  if (kind == 'f') {
    if (item_size == 4) {
      float f;
      const uint32_t b32 = static_cast<uint32_t>(bits);
      std::memcpy(&f, &b32, 4);
      return f;
    }
    double d;
    std::memcpy(&d, &bits, 8);
    return d;
  }
  if (kind == 'i' && item_size < 8 && (bits >> (8 * item_size - 1)) != 0) bits |= ~uint64_t{0} << (8 * item_size);
  return kind == 'i' ? static_cast<double>(static_cast<int64_t>(bits)) : static_cast<double>(bits);
}

std::vector<uint8_t> npy_bytes(const std::string& descr, const std::vector<int64_t>& shape, const void* data,
                               size_t bytes) {
  std::string dims;
  for (size_t i = 0; i < shape.size(); ++i) dims += (i ? ", " : "") + std::to_string(shape[i]);
  if (shape.size() == 1) dims += ",";
  std::string header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
  header.append(64 - (10 + header.size() + 1) % 64, ' ');
  header += '\n';
  const uint8_t head[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, static_cast<uint8_t>(header.size() & 0xFF),
                            static_cast<uint8_t>(header.size() >> 8)};
  // Sized once and filled (GCC 12 warns falsely about inserting into a short vector).
  std::vector<uint8_t> out(sizeof head + header.size() + bytes);
  std::memcpy(out.data(), head, sizeof head);
  std::memcpy(out.data() + sizeof head, header.data(), header.size());
  if (bytes > 0) std::memcpy(out.data() + sizeof head + header.size(), data, bytes);
  return out;
}

bool parse_npy(const uint8_t* data, size_t n, NpyArray* out, std::string* error) {
  if (n < 10 || std::memcmp(data, "\x93NUMPY", 6) != 0) {
    *error = "npy: not a NumPy .npy file (no \\x93NUMPY magic)";
    return false;
  }
  const int major = data[6];
  size_t header_len = 0, start = 0;
  if (major == 1) {
    header_len = size_t{data[8]} | (size_t{data[9]} << 8);
    start = 10;
  } else if ((major == 2 || major == 3) && n >= 12) {
    header_len = size_t{data[8]} | (size_t{data[9]} << 8) | (size_t{data[10]} << 16) | (size_t{data[11]} << 24);
    start = 12;
  } else {
    *error = "npy: format version " + std::to_string(major) + " is not supported";
    return false;
  }
  if (header_len > kMaxNpyHeader || header_len > n - start) {
    *error = "npy: header length " + std::to_string(header_len) + " is past the end of the file or over " +
             std::to_string(kMaxNpyHeader) + " bytes";
    return false;
  }
  const std::string header(reinterpret_cast<const char*>(data + start), header_len);
  const size_t payload = n - start - header_len;
  NpyArray a;
  if (!parse_descr(header, &a, error) || !parse_shape(header, payload, &a, error)) return false;
  const size_t fortran = value_of(header, "fortran_order");
  if (fortran == std::string::npos || header.compare(fortran, 5, "False") != 0) {
    *error = "npy: only C-order arrays are read (fortran_order must be False)";
    return false;
  }
  if (a.count * static_cast<uint64_t>(a.item_size) != payload) {
    *error = "npy: the shape and dtype do not match the file's " + std::to_string(payload) + " bytes of data";
    return false;
  }
  a.data = data + start + header_len;
  *out = a;
  return true;
}

}  // namespace aelab
