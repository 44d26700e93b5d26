// .npz writing (a stored zip written here) and reading (zip.h, then npy.h per entry).
#include "npz.h"

#include <cstring>

#include "file_io.h"
#include "npy.h"
#include "zip.h"

namespace aelab {

namespace {

template <class T>
void put(std::vector<uint8_t>* v, T x) {
  const uint8_t* p = reinterpret_cast<const uint8_t*>(&x);
  v->insert(v->end(), p, p + sizeof(T));
}

// One entry's local header (30 bytes + name) or central record (46 bytes + name): version 2.0,
// no flags, stored, a fixed date (1980-01-01) so the same tensors give the same bytes.
void put_header(std::vector<uint8_t>* v, bool central, const std::string& name, uint32_t crc, uint32_t size,
                uint32_t local_offset) {
  put<uint32_t>(v, central ? 0x02014b50 : 0x04034b50);
  if (central) put<uint16_t>(v, 20);
  put<uint16_t>(v, 20);
  put<uint16_t>(v, 0);
  put<uint16_t>(v, 0);
  put<uint16_t>(v, 0);
  put<uint16_t>(v, 0x21);
  put<uint32_t>(v, crc);
  put<uint32_t>(v, size);
  put<uint32_t>(v, size);
  put<uint16_t>(v, static_cast<uint16_t>(name.size()));
  put<uint16_t>(v, 0);
  if (central) {
    for (int i = 0; i < 3; ++i) put<uint16_t>(v, 0);  // comment length, disk, internal and
    put<uint32_t>(v, 0);                              // external attributes
    put<uint32_t>(v, local_offset);
  }
  v->insert(v->end(), name.begin(), name.end());
}

}  // namespace

std::vector<uint8_t> npz_bytes(const TensorSet& set) {
  std::vector<std::pair<std::string, std::vector<uint8_t>>> files;
  for (const NamedTensor& t : set.tensors)
    files.emplace_back(t.name + ".npy", npy_bytes("<f4", t.shape, t.values.data(), 4 * t.values.size()));
  for (const auto& [key, value] : set.metadata)
    files.emplace_back(kNpzMetadataPrefix + key + ".npy",
                       npy_bytes("|u1", {static_cast<int64_t>(value.size())}, value.data(), value.size()));
  std::vector<uint8_t> out, directory;
  for (const auto& [name, bytes] : files) {
    const uint32_t crc = crc32(bytes.data(), bytes.size()), offset = static_cast<uint32_t>(out.size());
    put_header(&out, false, name, crc, static_cast<uint32_t>(bytes.size()), 0);
    out.insert(out.end(), bytes.begin(), bytes.end());
    put_header(&directory, true, name, crc, static_cast<uint32_t>(bytes.size()), offset);
  }
  const uint32_t directory_offset = static_cast<uint32_t>(out.size());
  out.insert(out.end(), directory.begin(), directory.end());
  put<uint32_t>(&out, 0x06054b50);
  put<uint32_t>(&out, 0);  // this disk, the directory's disk
  put<uint16_t>(&out, static_cast<uint16_t>(files.size()));
  put<uint16_t>(&out, static_cast<uint16_t>(files.size()));
  put<uint32_t>(&out, static_cast<uint32_t>(directory.size()));
  put<uint32_t>(&out, directory_offset);
  put<uint16_t>(&out, 0);  // no comment
  return out;
}

bool parse_npz(const uint8_t* data, size_t n, TensorSet* out, std::string* error) {
  std::vector<NamedBytes> entries;
  if (!read_zip(data, n, 4 * static_cast<uint64_t>(kMaxTensorValues) + (64u << 20), &entries, error)) return false;
  if (entries.size() > static_cast<size_t>(kMaxTensors)) {
    *error = "npz: more than " + std::to_string(kMaxTensors) + " arrays";
    return false;
  }
  TensorSet set;
  int64_t total = 0;
  for (const NamedBytes& e : entries) {
    const size_t len = e.name.size();
    if (len < 4 || e.name.compare(len - 4, 4, ".npy") != 0) {
      *error = "npz: entry '" + e.name.substr(0, 60) + "' is not a .npy file";
      return false;
    }
    const std::string name = e.name.substr(0, len - 4);
    if (set.find(name) || set.meta(name)) {
      *error = "npz: array '" + name.substr(0, 60) + "' appears twice";
      return false;
    }
    NpyArray a;
    if (!parse_npy(e.bytes.data(), e.bytes.size(), &a, error)) {
      *error = "npz: " + name.substr(0, 60) + ": " + *error;
      return false;
    }
    const bool bytes = a.kind == 'u' && a.item_size == 1;
    if (name.compare(0, std::strlen(kNpzMetadataPrefix), kNpzMetadataPrefix) == 0 && bytes && a.shape.size() == 1) {
      set.metadata.emplace_back(name.substr(std::strlen(kNpzMetadataPrefix)),
                                std::string(reinterpret_cast<const char*>(a.data), a.count));
      continue;
    }
    if (a.kind != 'f' || a.item_size != 4) {
      *error = "npz: array '" + name.substr(0, 60) + "' is not float32 (aelab reads float32 weights)";
      return false;
    }
    total += static_cast<int64_t>(a.count);
    if (total > kMaxTensorValues || a.shape.size() > static_cast<size_t>(kMaxTensorRank)) {
      *error = "npz: more than " + std::to_string(kMaxTensorValues) + " values in all, or more than " +
               std::to_string(kMaxTensorRank) + " dimensions";
      return false;
    }
    NamedTensor t{name, std::vector<int64_t>(a.shape.begin(), a.shape.end()), std::vector<float>(a.count)};
    if (a.count > 0) std::memcpy(t.values.data(), a.data, 4 * a.count);
    set.tensors.push_back(std::move(t));
  }
  *out = std::move(set);
  return true;
}

}  // namespace aelab
