// Dataset assembly from IDX files and the uint8 -> float batch conversion.
#include "dataset.h"

#include <sys/stat.h>

#include "idx.h"

namespace aelab {

void images_to_float(const Dataset& d, const int* index, int first, int n, float* out) {
  const int dim = d.dim();
  const float scale = 1.0f / 255.0f;
  for (int i = 0; i < n; ++i) {
    const int src = index ? index[first + i] : first + i;
    const uint8_t* p = d.pixels.data() + static_cast<size_t>(src) * dim;
    float* o = out + static_cast<size_t>(i) * dim;
    for (int k = 0; k < dim; ++k) o[k] = static_cast<float>(p[k]) * scale;
  }
}

bool make_dataset(int count, int rows, int cols, std::vector<uint8_t> pixels, std::vector<uint8_t> labels,
                  Dataset* out, std::string* error) {
  if (labels.size() != static_cast<size_t>(count)) {
    *error = "image and label files disagree: " + std::to_string(count) + " images but " +
             std::to_string(labels.size()) + " labels";
    return false;
  }
  out->count = count;
  out->rows = rows;
  out->cols = cols;
  out->pixels = std::move(pixels);
  out->labels = std::move(labels);
  return true;
}

namespace {

// The standard name, or the same name with .gz.
bool find_file(const std::string& dir, const std::string& name, std::string* path, std::string* error) {
  for (const std::string& candidate : {dir + "/" + name, dir + "/" + name + ".gz"}) {
    struct stat st;
    if (stat(candidate.c_str(), &st) == 0) {
      *path = candidate;
      return true;
    }
  }
  *error = dir + ": no " + name + " or " + name + ".gz";
  return false;
}

bool load_split(const std::string& dir, const std::string& prefix, Dataset* out, std::string* error) {
  std::string ipath, lpath;
  if (!find_file(dir, prefix + "-images-idx3-ubyte", &ipath, error)) return false;
  if (!find_file(dir, prefix + "-labels-idx1-ubyte", &lpath, error)) return false;
  IdxImages images;
  std::vector<uint8_t> labels;
  if (!load_idx_images(ipath, &images, error) || !load_idx_labels(lpath, &labels, error)) return false;
  if (!make_dataset(images.count, images.rows, images.cols, std::move(images.pixels), std::move(labels), out,
                    error)) {
    *error = ipath + ": " + *error;
    return false;
  }
  return true;
}

}  // namespace

bool load_mnist_dir(const std::string& dir, Dataset* train, Dataset* test, std::string* error) {
  struct stat st;
  if (stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    *error = dir + ": not a directory";
    return false;
  }
  Dataset tr, te;
  if (!load_split(dir, "train", &tr, error) || !load_split(dir, "t10k", &te, error)) return false;
  if (tr.rows != te.rows || tr.cols != te.cols) {
    *error = dir + ": train images are " + std::to_string(tr.rows) + "x" + std::to_string(tr.cols) +
             " but test images are " + std::to_string(te.rows) + "x" + std::to_string(te.cols);
    return false;
  }
  *train = std::move(tr);
  *test = std::move(te);
  return true;
}

}  // namespace aelab
