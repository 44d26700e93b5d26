// .npy writing and defensive reading (the header is a Python literal: read only the three
// keys NumPy writes, in any order, with the values aelab supports).
#include "npy.h"

#include <cstring>

#include "tensor_set.h"

namespace aelab {

namespace {

constexpr char kMagic[6] = {'\x93', 'N', 'U', 'M', 'P', 'Y'};
constexpr uint32_t kMaxHeader = 64 * 1024;

int64_t element_size(const std::string& descr) { return descr == "<f4" ? 4 : descr == "|u1" ? 1 : 0; }

// A cursor over the header's dict literal.
struct LiteralReader {
  const char* p;
  const char* end;
  void skip_space() {
    while (p < end && *p == ' ') ++p;
  }
  bool take(const char* token) {
    skip_space();
    const size_t len = std::strlen(token);
    if (static_cast<size_t>(end - p) < len || std::memcmp(p, token, len) != 0) return false;
    p += len;
    return true;
  }
  bool quoted(std::string* out) {
    skip_space();
    if (p == end || (*p != '\'' && *p != '"')) return false;
    const char q = *p++;
    const char* start = p;
    while (p < end && *p != q) ++p;
    if (p == end || p - start > 16) return false;
    out->assign(start, p);
    ++p;
    return true;
  }
  bool shape(std::vector<int64_t>* out) {
    out->clear();
    if (!take("(")) return false;
    while (!take(")")) {
      if (!out->empty() && !take(",")) return false;
      if (take(")")) break;  // (N,) has a trailing comma
      skip_space();
      if (p == end || *p < '0' || *p > '9' || static_cast<int>(out->size()) == kMaxTensorRank) return false;
      int64_t v = 0;
      while (p < end && *p >= '0' && *p <= '9') {
        v = v * 10 + (*p++ - '0');
        if (v > kMaxTensorValues) return false;
      }
      out->push_back(v);
    }
    return true;
  }
};

}  // namespace

std::vector<uint8_t> npy_bytes(const std::string& descr, const std::vector<int64_t>& shape, const void* data,
                               size_t bytes) {
  // As NumPy writes it: (N,) for one dimension, (N, K) for more.
  std::string dims;
  for (size_t i = 0; i < shape.size(); ++i) dims += (i ? ", " : "") + std::to_string(shape[i]);
  if (shape.size() == 1) dims += ",";
  std::string header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
  header.append(64 - (10 + header.size() + 1) % 64, ' ');
  header += '\n';
  std::vector<uint8_t> out(kMagic, kMagic + 6);
  out.push_back(1);
  out.push_back(0);
  out.push_back(static_cast<uint8_t>(header.size() & 0xFF));
  out.push_back(static_cast<uint8_t>(header.size() >> 8));
  out.insert(out.end(), header.begin(), header.end());
  const uint8_t* p = static_cast<const uint8_t*>(data);
  out.insert(out.end(), p, p + bytes);
  return out;
}

bool parse_npy(const uint8_t* data, size_t n, NpyArray* out, std::string* error) {
  if (n < 10 || std::memcmp(data, kMagic, 6) != 0) {
    *error = "npy: not a .npy file (bad magic number)";
    return false;
  }
  const int major = data[6];
  uint32_t header_len = 0;
  size_t start = 10;
  if (major == 1) {
    header_len = data[8] | data[9] << 8;
  } else if ((major == 2 || major == 3) && n >= 12) {
    std::memcpy(&header_len, data + 8, 4);
    start = 12;
  } else {
    *error = "npy: unsupported format version " + std::to_string(major);
    return false;
  }
  if (header_len > kMaxHeader || header_len > n - start) {
    *error = "npy: header length " + std::to_string(header_len) + " is beyond the file or the limit";
    return false;
  }
  LiteralReader r{reinterpret_cast<const char*>(data + start), reinterpret_cast<const char*>(data + start + header_len)};
  NpyArray a;
  bool descr = false, order = false, shape = false, ok = r.take("{");
  while (ok && !r.take("}")) {
    if ((descr || order || shape) && !r.take(",")) {
      ok = false;
    } else if (r.take("}")) {
      break;  // a trailing comma
    } else if (r.take("'descr'") && !descr) {
      ok = descr = r.take(":") && r.quoted(&a.descr);
    } else if (r.take("'fortran_order'") && !order) {
      ok = order = r.take(":") && r.take("False");
    } else if (r.take("'shape'") && !shape) {
      ok = shape = r.take(":") && r.shape(&a.shape);
    } else {
      ok = false;
    }
  }
  r.skip_space();
  if (!ok || !descr || !order || !shape || (r.p != r.end && !(r.p + 1 == r.end && *r.p == '\n'))) {
    *error = "npy: header is not a C-order {'descr', 'fortran_order', 'shape'} dict";
    return false;
  }
  const int64_t size = element_size(a.descr);
  if (size == 0) {
    *error = "npy: dtype '" + a.descr + "' is not supported (aelab reads <f4 and |u1)";
    return false;
  }
  int64_t count = 1;
  for (int64_t d : a.shape) {
    count *= d;
    if (count > kMaxTensorValues) {
      *error = "npy: array of shape " + shape_text(a.shape) + " is beyond the limit";
      return false;
    }
  }
  const size_t body = n - start - header_len;
  if (static_cast<uint64_t>(count * size) != body) {
    *error = "npy: " + std::to_string(body) + " data bytes do not match shape " + shape_text(a.shape);
    return false;
  }
  a.data.assign(data + start + header_len, data + n);
  *out = std::move(a);
  return true;
}

}  // namespace aelab
