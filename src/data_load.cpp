// Data in (data_load.h): each format's bytes to Datasets, and the checks every set passes.
#include "data_load.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "csv_images.h"
#include "file_io.h"
#include "idx.h"
#include "image_folder.h"
#include "npy.h"
#include "zip.h"

namespace aelab {

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string extension(const std::string& name) {
  const size_t dot = name.find_last_of('.'), slash = name.find_last_of('/');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  return lower(name.substr(dot));
}

// npy images: N x H x W (grey) or N x H x W x C (HWC, converted to CHW); uint8, or floats in [0, 1].
bool npy_images(const NpyArray& a, Dataset* out, std::string* error) {
  const size_t nd = a.shape.size();
  if (nd != 3 && nd != 4) {
    *error = "npy images must be N x H x W or N x H x W x C, not " + std::to_string(nd) + "-D";
    return false;
  }
  const uint64_t count = a.shape[0], rows = a.shape[1], cols = a.shape[2], channels = nd == 4 ? a.shape[3] : 1;
  const std::string why = check_image_sizes(count, rows, cols, channels);
  if (!why.empty()) {
    *error = "npy: " + why;
    return false;
  }
  if (!((a.kind == 'u' && a.item_size == 1) || a.kind == 'f')) {
    *error = "npy images must be uint8 or float32 in [0, 1]";
    return false;
  }
  Dataset d;
  d.count = static_cast<int>(count);
  d.rows = static_cast<int>(rows);
  d.cols = static_cast<int>(cols);
  d.channels = static_cast<int>(channels);
  const uint64_t plane = rows * cols, dim = plane * channels;
  d.pixels.resize(a.count);
  for (uint64_t i = 0; i < a.count; ++i) {
    const uint64_t image = i / dim, p = (i % dim) / channels, c = i % channels;
    double v = a.at(i);
    if (a.kind == 'f') {
      if (!(v >= 0.0 && v <= 1.0)) {
        *error = "npy: float images must have values in [0, 1]; found " + std::to_string(v);
        return false;
      }
      v = std::round(v * 255.0);
    }
    d.pixels[image * dim + c * plane + p] = static_cast<uint8_t>(v);
  }
  *out = std::move(d);
  return true;
}

bool npy_labels(const NpyArray& a, int count, std::vector<uint8_t>* out, std::string* error) {
  if (a.shape.size() != 1 || a.shape[0] != static_cast<uint64_t>(count) || a.kind == 'f') {
    *error = "npy labels must be " + std::to_string(count) + " integers, one per image";
    return false;
  }
  std::vector<uint8_t> labels(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) {
    const double v = a.at(static_cast<uint64_t>(i));
    if (v < 0 || v > 255) {
      *error = "npy labels must be 0-255; found " + std::to_string(static_cast<long long>(v));
      return false;
    }
    labels[static_cast<size_t>(i)] = static_cast<uint8_t>(v);
  }
  *out = std::move(labels);
  return true;
}

// Keras's mnist.npz: x_train (required), y_train, x_test, y_test.
bool npz_sets(const std::vector<NamedBytes>& files, Dataset* train, Dataset* test, std::string* error) {
  const NamedBytes* arrays[4] = {nullptr, nullptr, nullptr, nullptr};
  const char* keys[4] = {"x_train.npy", "y_train.npy", "x_test.npy", "y_test.npy"};
  for (const NamedBytes& f : files)
    for (int k = 0; k < 4; ++k)
      if (f.name == keys[k]) arrays[k] = &f;
  if (!arrays[0]) {
    *error = "npz: no x_train array (Keras's mnist.npz keys: x_train, y_train, x_test, y_test)";
    return false;
  }
  Dataset parts[2];
  for (int part = 0; part < 2; ++part) {
    const NamedBytes* x = arrays[2 * part];
    const NamedBytes* y = arrays[2 * part + 1];
    if (!x) {
      if (y) {
        *error = "npz: y_test without x_test";
        return false;
      }
      continue;
    }
    NpyArray a;
    if (!parse_npy(x->bytes.data(), x->bytes.size(), &a, error) || !npy_images(a, &parts[part], error) ||
        (y && (!parse_npy(y->bytes.data(), y->bytes.size(), &a, error) ||
               !npy_labels(a, parts[part].count, &parts[part].labels, error)))) {
      *error = x->name.substr(0, x->name.size() - 4) + ": " + *error;
      return false;
    }
  }
  *train = std::move(parts[0]);
  *test = std::move(parts[1]);
  return true;
}

// The checks every loaded set passes: the parts agree in size and in having labels, and
// together stay within the caps.
bool check_parts(const Dataset& train, const Dataset& test, std::string* error) {
  if (test.count > 0 && (test.rows != train.rows || test.cols != train.cols || test.channels != train.channels)) {
    *error = "train images are " + std::to_string(train.rows) + "x" + std::to_string(train.cols) + "x" +
             std::to_string(train.channels) + " but test images are " + std::to_string(test.rows) + "x" +
             std::to_string(test.cols) + "x" + std::to_string(test.channels);
    return false;
  }
  if (test.count > 0 && train.has_labels() != test.has_labels()) {
    *error = "labels for one part only: give labels for train and test, or for neither";
    return false;
  }
  const std::string why =
      check_image_sizes(static_cast<uint64_t>(train.count) + test.count, train.rows, train.cols, train.channels);
  if (!why.empty()) {
    *error = why;
    return false;
  }
  return true;
}

}  // namespace

bool load_dataset_bytes(const std::string& name, const uint8_t* data, size_t n, Dataset* train, Dataset* test,
                        std::string* error) {
  const std::string ext = extension(name);
  Dataset tr, te;
  std::string why;
  bool ok = false;
  if (ext == ".npy") {
    NpyArray a;
    ok = parse_npy(data, n, &a, &why) && npy_images(a, &tr, &why);
  } else if (ext == ".csv") {
    ok = parse_csv_images(data, n, &tr, &why);
  } else if (ext == ".npz" || ext == ".zip") {
    std::vector<NamedBytes> files;
    ok = read_zip(data, n, kMaxDataBytes, &files, &why) &&
         (ext == ".npz" ? npz_sets(files, &tr, &te, &why) : decode_image_files(files, &tr, &why));
  } else {
    why = "unknown data format '" + printable(ext, 12) + "' (a folder, .zip, .npz, .npy or .csv)";
  }
  if (!ok || !check_parts(tr, te, &why)) {
    *error = printable(name, 200) + ": " + why;
    return false;
  }
  *train = std::move(tr);
  *test = std::move(te);
  return true;
}

bool load_dataset_path(const std::string& path, Dataset* train, Dataset* test, std::string* error) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    *error = path + ": no such file or folder";
    return false;
  }
  if (!S_ISDIR(st.st_mode)) {
    std::vector<uint8_t> bytes;
    if (!read_file(path, kMaxDataBytes, &bytes, error)) return false;
    return load_dataset_bytes(path, bytes.data(), bytes.size(), train, test, error);
  }
  for (const char* idx : {"/train-images-idx3-ubyte", "/train-images-idx3-ubyte.gz"})
    if (stat((path + idx).c_str(), &st) == 0) return load_mnist_dir(path, train, test, error);
  std::vector<NamedBytes> files;
  Dataset tr;
  if (!read_image_folder(path, &files, error)) return false;
  if (!decode_image_files(files, &tr, error)) {
    *error = path + ": " + *error;
    return false;
  }
  *train = std::move(tr);
  *test = Dataset();
  return true;
}

namespace {

// Dropped IDX files: each inflated (when .gz), parsed as images or labels by its magic number,
// and given to the train or the test part by its name.
bool idx_drop(const std::vector<NamedBytes>& files, Dataset* train, Dataset* test, std::string* error) {
  IdxImages images[2];
  std::vector<uint8_t> labels[2];
  const std::string* names[2][2] = {{nullptr, nullptr}, {nullptr, nullptr}};  // [part][images, labels]
  for (const NamedBytes& f : files) {
    const std::string name = printable(f.name, 80), low = lower(f.name);
    std::vector<uint8_t> raw;
    std::string why;
    if (!gunzip_if_needed(f.bytes.data(), f.bytes.size(), kMaxIdxBytes, &raw, &why)) {
      *error = name + ": " + why;
      return false;
    }
    if (raw.size() < 3 || raw[0] != 0 || raw[1] != 0 || raw[2] != 0x08) {
      *error = name + ": not a data file aelab reads (IDX images or labels, raw or .gz; a .zip of PNG or JPEG "
                      "images, .npz, .npy or .csv; PNG or JPEG images)";
      return false;
    }
    const int part = low.find("t10k") != std::string::npos || low.find("test") != std::string::npos ? 1 : 0;
    const int kind = raw.size() >= 4 && raw[0] == 0 && raw[1] == 0 && raw[2] == 0x08 && raw[3] == 0x01 ? 1 : 0;
    if (names[part][kind]) {
      *error = "two IDX " + std::string(kind ? "label" : "image") + " files for the " + (part ? "test" : "train") +
               " part: " + printable(*names[part][kind], 80) + " and " + name;
      return false;
    }
    names[part][kind] = &f.name;
    if (!(kind ? parse_idx_labels(raw.data(), raw.size(), &labels[part], &why)
               : parse_idx_images(raw.data(), raw.size(), &images[part], &why))) {
      *error = name + ": " + why;
      return false;
    }
  }
  if (!names[0][0] && !names[0][1]) {  // only a test part: it is the whole set
    std::swap(images[0], images[1]), std::swap(labels[0], labels[1]);
    std::swap(names[0], names[1]);
  }
  Dataset parts[2];
  for (int part = 0; part < 2; ++part) {
    if (!names[part][0]) {
      if (names[part][1]) {
        *error = printable(*names[part][1], 80) + ": IDX labels without their images file";
        return false;
      }
      continue;
    }
    if (!make_dataset(images[part].count, images[part].rows, images[part].cols, std::move(images[part].pixels),
                      std::move(labels[part]), &parts[part], error)) {
      *error = printable(*names[part][0], 80) + ": " + *error;
      return false;
    }
  }
  *train = std::move(parts[0]);
  *test = std::move(parts[1]);
  return true;
}

}  // namespace

bool load_dataset_files(const std::vector<NamedBytes>& files, Dataset* train, Dataset* test, std::string* error) {
  if (files.empty()) {
    *error = "no files";
    return false;
  }
  size_t image_files = 0;
  for (const NamedBytes& f : files) {
    const std::string ext = extension(f.name);
    if (ext == ".zip" || ext == ".npz" || ext == ".npy" || ext == ".csv") {
      if (files.size() == 1) return load_dataset_bytes(f.name, f.bytes.data(), f.bytes.size(), train, test, error);
      *error =
          printable(f.name, 80) + ": one data file at a time (IDX files, or PNG and JPEG images, may come together)";
      return false;
    }
    if (is_image_name(f.name)) ++image_files;
  }
  Dataset tr, te;
  std::string why;
  bool ok = false;
  if (image_files == files.size()) {
    ok = decode_image_files(files, &tr, &why);
  } else if (image_files == 0) {
    ok = idx_drop(files, &tr, &te, &why);
  } else {
    why = "PNG/JPEG images and other files together: drop the images alone, or a .zip of their folder";
  }
  // The readers name the file an error is about; check_parts' errors are about the set.
  if (!ok || !check_parts(tr, te, &why)) {
    *error = why;
    return false;
  }
  *train = std::move(tr);
  *test = std::move(te);
  return true;
}

bool load_idx_files(const IdxFiles& files, Dataset* train, Dataset* test, std::string* error) {
  Dataset parts[2];
  const std::string* names[2][2] = {{&files.train_images, &files.train_labels},
                                    {&files.test_images, &files.test_labels}};
  for (int part = 0; part < 2; ++part) {
    const std::string& images_path = *names[part][0];
    const std::string& labels_path = *names[part][1];
    if (images_path.empty()) {
      if (!labels_path.empty() || part == 0) {
        *error = part == 0 ? "IDX files: --train-images is required" : "IDX files: --test-labels without --test-images";
        return false;
      }
      continue;
    }
    IdxImages images;
    std::vector<uint8_t> labels;
    if (!load_idx_images(images_path, &images, error) ||
        (!labels_path.empty() && !load_idx_labels(labels_path, &labels, error)))
      return false;
    if (!make_dataset(images.count, images.rows, images.cols, std::move(images.pixels), std::move(labels),
                      &parts[part], error)) {
      *error = images_path + ": " + *error;
      return false;
    }
  }
  if (!check_parts(parts[0], parts[1], error)) {
    *error = "IDX files: " + *error;
    return false;
  }
  *train = std::move(parts[0]);
  *test = std::move(parts[1]);
  return true;
}

}  // namespace aelab
