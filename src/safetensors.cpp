// safetensors writing and defensive reading, with the small JSON reader its header needs:
// objects, strings (with escapes), arrays of non-negative integers; nothing else is accepted.
#include "safetensors.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "json_text.h"

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "safetensors data is little-endian, as is the host");

namespace aelab {

namespace {

// A cursor over the header's JSON. Every method returns false on malformed input, with
// `error` naming what was expected.
struct JsonReader {
  const char* p;
  const char* end;
  std::string error;

  bool fail(const std::string& what) {
    if (error.empty()) error = what;
    return false;
  }
  void skip_space() {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) ++p;
  }
  bool peek(char c) {
    skip_space();
    return p < end && *p == c;
  }
  bool expect(char c) {
    if (!peek(c)) return fail(std::string("expected '") + c + "'");
    ++p;
    return true;
  }
  bool hex4(uint32_t* out) {
    if (end - p < 4) return fail("truncated \\u escape");
    *out = 0;
    for (int i = 0; i < 4; ++i, ++p) {
      const char c = *p;
      const int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (v < 0) return fail("bad \\u escape");
      *out = *out * 16 + static_cast<uint32_t>(v);
    }
    return true;
  }
  static void put_utf8(uint32_t cp, std::string* out) {
    if (cp < 0x80) {
      *out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      *out += static_cast<char>(0xC0 | (cp >> 6));
      *out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      *out += static_cast<char>(0xE0 | (cp >> 12));
      *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      *out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      *out += static_cast<char>(0xF0 | (cp >> 18));
      *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      *out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  bool string(std::string* out) {
    if (!expect('"')) return fail("expected a string");
    out->clear();
    while (p < end && *p != '"') {
      const char c = *p++;
      if (static_cast<unsigned char>(c) < 0x20) return fail("control character in a string");
      if (c != '\\') {
        *out += c;
        continue;
      }
      if (p == end) break;
      const char e = *p++;
      const char* simple = std::strchr("\"\\/bfnrt", e);
      if (e != 0 && simple) {
        *out += "\"\\/\b\f\n\r\t"[simple - "\"\\/bfnrt"];
        continue;
      }
      if (e != 'u') return fail("bad escape in a string");
      uint32_t cp = 0, low = 0;
      if (!hex4(&cp)) return false;
      if (cp >= 0xD800 && cp < 0xDC00) {  // a surrogate pair
        if (end - p < 2 || p[0] != '\\' || p[1] != 'u') return fail("unpaired surrogate");
        p += 2;
        if (!hex4(&low) || low < 0xDC00 || low >= 0xE000) return fail("unpaired surrogate");
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
      } else if (cp >= 0xDC00 && cp < 0xE000) {
        return fail("unpaired surrogate");
      }
      put_utf8(cp, out);
    }
    if (p == end) return fail("unterminated string");
    ++p;
    return true;
  }
  bool integer(int64_t max, int64_t* out) {
    skip_space();
    if (p == end || *p < '0' || *p > '9') return fail("expected a non-negative integer");
    *out = 0;
    while (p < end && *p >= '0' && *p <= '9') {
      *out = *out * 10 + (*p++ - '0');
      if (*out > max) return fail("integer beyond " + std::to_string(max));
    }
    return true;
  }
  bool integers(int max_count, int64_t max, std::vector<int64_t>* out) {
    out->clear();
    if (!expect('[')) return false;
    if (peek(']')) return ++p, true;
    do {
      int64_t v = 0;
      if (static_cast<int>(out->size()) == max_count) return fail("array longer than " + std::to_string(max_count));
      if (!integer(max, &v)) return false;
      out->push_back(v);
    } while (peek(',') && ++p);
    return expect(']');
  }
  // {"key": ..., ...}: calls member(key) with the cursor on each value.
  template <class Member>
  bool object(Member member) {
    if (!expect('{')) return false;
    if (peek('}')) return ++p, true;
    do {
      std::string key;
      if (!string(&key) || !expect(':') || !member(key)) return false;
    } while (peek(',') && ++p);
    return expect('}');
  }
};

struct Entry {
  std::string dtype;
  std::vector<int64_t> shape, offsets;
};

}  // namespace

std::vector<uint8_t> safetensors_bytes(const TensorSet& set) {
  std::string header = "{";
  if (!set.metadata.empty()) {
    header += "\"__metadata__\":{";
    for (size_t i = 0; i < set.metadata.size(); ++i)
      header += (i ? "," : "") + json_string(set.metadata[i].first) + ":" + json_string(set.metadata[i].second);
    header += "}";
  }
  uint64_t offset = 0;
  for (const NamedTensor& t : set.tensors) {
    const uint64_t bytes = 4 * t.values.size();
    header += std::string(header.size() > 1 ? "," : "") + json_string(t.name) + ":{\"dtype\":\"F32\",\"shape\":" +
              shape_text(t.shape) + ",\"data_offsets\":[" + std::to_string(offset) + "," +
              std::to_string(offset + bytes) + "]}";
    offset += bytes;
  }
  header += "}";
  // Spaces pad the header so the data starts 8-byte aligned, as the format recommends.
  header.append((8 - header.size() % 8) % 8, ' ');
  // Sized once and filled (GCC 12 warns falsely about inserting into a short vector).
  size_t total = 8 + header.size();
  for (const NamedTensor& t : set.tensors) total += 4 * t.values.size();
  std::vector<uint8_t> out(total);
  const uint64_t n = header.size();
  std::memcpy(out.data(), &n, 8);
  std::memcpy(out.data() + 8, header.data(), header.size());
  size_t at = 8 + header.size();
  for (const NamedTensor& t : set.tensors) {
    if (!t.values.empty()) std::memcpy(out.data() + at, t.values.data(), 4 * t.values.size());
    at += 4 * t.values.size();
  }
  return out;
}

bool parse_safetensors(const uint8_t* data, size_t n, TensorSet* out, std::string* error) {
  uint64_t header_len = 0;
  if (n < 8) {
    *error = "safetensors: file too short for a header (" + std::to_string(n) + " bytes)";
    return false;
  }
  std::memcpy(&header_len, data, 8);
  if (header_len > kMaxSafetensorsHeader || header_len > n - 8) {
    *error = "safetensors: header length " + std::to_string(header_len) + " is beyond the file or the limit of " +
             std::to_string(kMaxSafetensorsHeader) + " bytes";
    return false;
  }
  const char* text = reinterpret_cast<const char*>(data + 8);
  JsonReader json{text, text + header_len, ""};
  TensorSet set;
  std::vector<Entry> entries;
  const bool ok = json.object([&](const std::string& name) {
    if (name == "__metadata__") {
      return json.object([&](const std::string& key) {
        std::string value;
        if (!json.string(&value)) return false;
        if (set.metadata.size() >= static_cast<size_t>(kMaxTensors)) return json.fail("too many metadata entries");
        set.metadata.emplace_back(key, value);
        return true;
      });
    }
    if (static_cast<int>(entries.size()) == kMaxTensors)
      return json.fail("more than " + std::to_string(kMaxTensors) + " tensors");
    for (const NamedTensor& t : set.tensors)
      if (t.name == name) return json.fail("tensor '" + name.substr(0, 60) + "' appears twice");
    Entry e;
    bool dtype = false, shape = false, offsets = false;
    const bool fields = json.object([&](const std::string& key) {
      if (key == "dtype" && !dtype) return dtype = true, json.string(&e.dtype);
      if (key == "shape" && !shape) return shape = true, json.integers(kMaxTensorRank, kMaxTensorValues, &e.shape);
      if (key == "data_offsets" && !offsets) return offsets = true, json.integers(2, int64_t{1} << 40, &e.offsets);
      return json.fail("unexpected or repeated key '" + key.substr(0, 40) + "' in tensor '" + name.substr(0, 60) + "'");
    });
    if (!fields) return false;
    if (!dtype || !shape || !offsets || e.offsets.size() != 2)
      return json.fail("tensor '" + name.substr(0, 60) + "' lacks dtype, shape or data_offsets");
    if (e.dtype != "F32")
      return json.fail("tensor '" + name.substr(0, 60) + "' has dtype " + e.dtype.substr(0, 10) + " (aelab reads F32)");
    set.tensors.push_back({name, e.shape, {}});
    entries.push_back(std::move(e));
    return true;
  });
  json.skip_space();
  if (!ok || json.p != json.end) {
    *error = "safetensors: bad header: " + (ok ? std::string("text after the header's object") : json.error);
    return false;
  }
  // Sizes against the caps and the data, then the tiling: sorted by offset, each tensor starts
  // where the previous ended and the last ends at the end of the file.
  const uint64_t data_bytes = n - 8 - header_len;
  int64_t total = 0;
  std::vector<size_t> order(entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    int64_t count = 1;
    for (int64_t d : entries[i].shape) {
      count *= d;
      if (count > kMaxTensorValues) break;
    }
    total += count;
    if (count > kMaxTensorValues || total > kMaxTensorValues) {
      *error = "safetensors: more than " + std::to_string(kMaxTensorValues) + " values in all";
      return false;
    }
    if (entries[i].offsets[1] < entries[i].offsets[0] || entries[i].offsets[1] - entries[i].offsets[0] != 4 * count) {
      *error = "safetensors: tensor '" + set.tensors[i].name.substr(0, 60) + "' of shape " +
               shape_text(entries[i].shape) + " has data_offsets that do not span its size";
      return false;
    }
    set.tensors[i].values.resize(static_cast<size_t>(count));
    order[i] = i;
  }
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return entries[a].offsets[0] < entries[b].offsets[0]; });
  uint64_t at = 0;
  bool tiled = true;
  for (size_t i : order) {
    tiled = tiled && static_cast<uint64_t>(entries[i].offsets[0]) == at;
    at = static_cast<uint64_t>(entries[i].offsets[1]);
  }
  if (!tiled || at != data_bytes) {
    *error = "safetensors: the tensors' data_offsets do not tile the " + std::to_string(data_bytes) +
             " data bytes (gap, overlap or truncation)";
    return false;
  }
  const uint8_t* base = data + 8 + header_len;
  for (size_t i = 0; i < entries.size(); ++i)
    if (!set.tensors[i].values.empty())
      std::memcpy(set.tensors[i].values.data(), base + entries[i].offsets[0], 4 * set.tensors[i].values.size());
  *out = std::move(set);
  return true;
}

}  // namespace aelab
