// Dataset assembly from IDX files, the size limits, the 80/20 split, the summary line and the
// uint8 -> float batch conversion.
#include "dataset.h"

#include <sys/stat.h>

#include <algorithm>
#include <numeric>

#include "idx.h"
#include "rng.h"

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
  if (!labels.empty() && labels.size() != static_cast<size_t>(count)) {
    *error = "image and label files disagree: " + std::to_string(count) + " images but " +
             std::to_string(labels.size()) + " labels";
    return false;
  }
  out->count = count;
  out->rows = rows;
  out->cols = cols;
  out->channels = 1;
  out->pixels = std::move(pixels);
  out->labels = std::move(labels);
  return true;
}

std::string printable(const std::string& text, size_t max_chars) {
  std::string out = text.substr(0, max_chars);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return out;
}

std::string check_image_sizes(uint64_t count, uint64_t rows, uint64_t cols, uint64_t channels) {
  const std::string shape = std::to_string(count) + " images of " + std::to_string(rows) + "x" +
                            std::to_string(cols) + "x" + std::to_string(channels);
  if (count == 0 || rows == 0 || cols == 0) return "no images (" + shape + ")";
  if (rows > kMaxImageSide || cols > kMaxImageSide)
    return "images are " + std::to_string(rows) + "x" + std::to_string(cols) + ", larger than 256x256";
  if (channels != 1 && channels != 3) return std::to_string(channels) + " channels: only 1 (grey) or 3 (RGB)";
  if (count > static_cast<uint64_t>(kMaxImages)) return shape + ": more than " + std::to_string(kMaxImages) + " images";
  if (count * rows * cols * channels > kMaxDataBytes)  // each factor < 2^21: no overflow
    return shape + ": more than " + std::to_string(kMaxDataBytes >> 20) + " MiB of pixels";
  return "";
}

namespace {
Dataset subset(const Dataset& all, const std::vector<int>& index) {
  Dataset d;
  d.count = static_cast<int>(index.size());
  d.rows = all.rows;
  d.cols = all.cols;
  d.channels = all.channels;
  const size_t dim = static_cast<size_t>(all.dim());
  d.pixels.resize(index.size() * dim);
  for (size_t i = 0; i < index.size(); ++i)
    std::copy_n(all.pixels.data() + static_cast<size_t>(index[i]) * dim, dim, d.pixels.data() + i * dim);
  if (all.has_labels())
    for (int i : index) d.labels.push_back(all.labels[static_cast<size_t>(i)]);
  return d;
}
}  // namespace

void split_train_test(Dataset* all, uint64_t seed, Dataset* train, Dataset* test) {
  std::vector<int> order(static_cast<size_t>(all->count));
  std::iota(order.begin(), order.end(), 0);
  Rng rng(seed);
  for (int i = all->count - 1; i > 0; --i) std::swap(order[i], order[rng.below(static_cast<uint32_t>(i + 1))]);
  const int n_test = std::max(1, all->count / 5);
  std::vector<int> test_index(order.begin(), order.begin() + n_test), train_index(order.begin() + n_test, order.end());
  std::sort(test_index.begin(), test_index.end());
  std::sort(train_index.begin(), train_index.end());
  // A one-image set is its own test set: training needs an image too.
  if (train_index.empty()) train_index = test_index;
  Dataset tr = subset(*all, train_index), te = subset(*all, test_index);
  *all = Dataset();
  *train = std::move(tr);
  *test = std::move(te);
}

std::string data_summary(const Dataset& train, const Dataset& test) {
  int lo = 255, hi = 0;
  std::vector<bool> seen(256, false);
  for (const Dataset* d : {&train, &test}) {
    for (uint8_t p : d->pixels) lo = std::min<int>(lo, p), hi = std::max<int>(hi, p);
    for (uint8_t l : d->labels) seen[l] = true;
  }
  std::string labels;
  for (int l = 0; l < 256; ++l) {
    if (!seen[l]) continue;
    int end = l;
    while (end + 1 < 256 && seen[end + 1]) ++end;
    labels += (labels.empty() ? "" : ",") + std::to_string(l) + (end > l ? "-" + std::to_string(end) : "");
    l = end;
  }
  return std::to_string(train.count) + " train + " + std::to_string(test.count) + " test images, " +
         std::to_string(train.rows) + "x" + std::to_string(train.cols) + "x" + std::to_string(train.channels) +
         ", values " + std::to_string(lo) + ".." + std::to_string(hi) + ", " +
         (labels.empty() ? "no labels" : "labels " + labels);
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
