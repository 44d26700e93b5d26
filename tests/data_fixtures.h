// Writers of small data files for the data-in tests (test_data_formats.cpp) and the command
// line's end-to-end runs (make_data_fixtures.cpp): .npy, .zip/.npz (stored or deflated), PNG
// and Kaggle-layout CSV, so no data set is committed.
#pragma once
#include <stb_image_write.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "dataset.h"
#include "file_io.h"
#include "zip.h"

// stb_image_write's deflate (compiled in src/stb_impl.cpp; its header does not declare it).
extern "C" unsigned char* stbi_zlib_compress(unsigned char* data, int data_len, int* out_len, int quality);

namespace aelab {

inline void put_le(std::vector<uint8_t>* v, uint64_t x, int bytes) {
  for (int i = 0; i < bytes; ++i) v->push_back(static_cast<uint8_t>(x >> (8 * i)));
}

// A version 1.0 .npy of the given dtype ("|u1", "<f4", "<i8") and shape; data is raw bytes.
inline std::vector<uint8_t> npy_bytes(const std::string& descr, const std::vector<uint64_t>& shape,
                                      const std::vector<uint8_t>& data) {
  std::string dims;
  for (uint64_t d : shape) dims += std::to_string(d) + ", ";
  if (shape.size() > 1) dims.resize(dims.size() - 2);
  std::string header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
  header.append(63 - (10 + header.size()) % 64, ' ');
  header += '\n';
  std::vector<uint8_t> v = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
  put_le(&v, header.size(), 2);
  v.insert(v.end(), header.begin(), header.end());
  v.insert(v.end(), data.begin(), data.end());
  return v;
}

// A .zip of the files, each stored or (deflate) compressed with stb_image_write's zlib.
inline std::vector<uint8_t> zip_bytes(const std::vector<NamedBytes>& files, bool deflate) {
  std::vector<uint8_t> out, dir;
  for (const NamedBytes& f : files) {
    std::vector<uint8_t> packed = f.bytes;
    if (deflate) {
      int len = 0;
      unsigned char* z = stbi_zlib_compress(const_cast<unsigned char*>(f.bytes.data()),
                                            static_cast<int>(f.bytes.size()), &len, 8);
      packed.assign(z + 2, z + len - 4);  // raw deflate: no zlib header, no Adler-32
      std::free(z);
    }
    const uint32_t crc = crc32(f.bytes.data(), f.bytes.size());
    const uint64_t local = out.size();
    for (std::vector<uint8_t>* h : {&out, &dir}) {
      const bool central = h == &dir;
      put_le(h, central ? 0x02014b50 : 0x04034b50, 4);
      if (central) put_le(h, 20, 2);  // made by
      put_le(h, 20, 2);               // needed to extract
      put_le(h, 0, 2);                // flags
      put_le(h, deflate ? 8 : 0, 2);
      put_le(h, 0, 4);  // time, date
      put_le(h, crc, 4);
      put_le(h, packed.size(), 4);
      put_le(h, f.bytes.size(), 4);
      put_le(h, f.name.size(), 2);
      put_le(h, 0, 2);  // extra
      if (central) {
        put_le(h, 0, 2);  // comment
        put_le(h, 0, 4);  // disk, internal attributes
        put_le(h, 0, 4);  // external attributes
        put_le(h, local, 4);
      }
      h->insert(h->end(), f.name.begin(), f.name.end());
    }
    out.insert(out.end(), packed.begin(), packed.end());
  }
  const uint64_t dir_at = out.size();
  out.insert(out.end(), dir.begin(), dir.end());
  put_le(&out, 0x06054b50, 4);
  put_le(&out, 0, 4);
  put_le(&out, files.size(), 2);
  put_le(&out, files.size(), 2);
  put_le(&out, dir.size(), 4);
  put_le(&out, dir_at, 4);
  put_le(&out, 0, 2);
  return out;
}

inline void append_bytes(void* ctx, void* data, int size) {
  auto* v = static_cast<std::vector<uint8_t>*>(ctx);
  v->insert(v->end(), static_cast<uint8_t*>(data), static_cast<uint8_t*>(data) + size);
}

// Image i of d (CHW) as PNG, HWC as the format wants it. (JPEGs: jpeg_fixtures.h, with
// libjpeg-turbo's compressor; stb's JPEG writer shifts negative values, which UBSan reports.)
inline std::vector<uint8_t> image_file_bytes(const Dataset& d, int i) {
  const size_t plane = static_cast<size_t>(d.rows) * d.cols;
  std::vector<uint8_t> hwc(plane * d.channels);
  for (size_t p = 0; p < plane; ++p)
    for (int c = 0; c < d.channels; ++c)
      hwc[p * d.channels + c] = d.pixels[static_cast<size_t>(i) * d.dim() + c * plane + p];
  std::vector<uint8_t> out;
  stbi_write_png_to_func(append_bytes, &out, d.cols, d.rows, d.channels, hwc.data(), d.cols * d.channels);
  return out;
}

// d's images as PNG files, in class subfolders "class<label>/" when it has labels.
inline std::vector<NamedBytes> image_folder_files(const Dataset& d, const std::string& prefix) {
  std::vector<NamedBytes> files;
  for (int i = 0; i < d.count; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "%05d.png", i);
    const std::string folder = d.has_labels() ? "class" + std::to_string(d.labels[i]) + "/" : "";
    files.push_back({prefix + folder + name, image_file_bytes(d, i)});
  }
  return files;
}

// Kaggle's digit-recognizer CSV of a grey set: "label,pixel0,..." when it has labels.
inline std::string csv_text(const Dataset& d) {
  std::string out = d.has_labels() ? "label" : "";
  for (int p = 0; p < d.dim(); ++p) out += (out.empty() ? "pixel" : ",pixel") + std::to_string(p);
  out += "\n";
  for (int i = 0; i < d.count; ++i) {
    std::string row = d.has_labels() ? std::to_string(d.labels[i]) : "";
    for (int p = 0; p < d.dim(); ++p)
      row += (row.empty() ? "" : ",") + std::to_string(d.pixels[static_cast<size_t>(i) * d.dim() + p]);
    out += row + "\n";
  }
  return out;
}

// The Keras mnist.npz layout of a grey set: x_* as N x H x W uint8, y_* as uint8.
inline std::vector<uint8_t> npz_bytes(const Dataset& train, const Dataset* test, bool deflate) {
  std::vector<NamedBytes> files;
  for (int part = 0; part < (test ? 2 : 1); ++part) {
    const Dataset& d = part == 0 ? train : *test;
    const std::string suffix = part == 0 ? "train" : "test";
    files.push_back({"x_" + suffix + ".npy",
                     npy_bytes("|u1", {static_cast<uint64_t>(d.count), static_cast<uint64_t>(d.rows),
                                       static_cast<uint64_t>(d.cols)}, d.pixels)});
    if (d.has_labels()) files.push_back({"y_" + suffix + ".npy", npy_bytes("|u1", {static_cast<uint64_t>(d.count)}, d.labels)});
  }
  return zip_bytes(files, deflate);
}

}  // namespace aelab
