// An image dataset kept as uint8 (60,000 MNIST images cost 47 MB, not 188 MB as floats);
// batches are converted to float in [0, 1] on the way into the network.
//
// Storage order: one image after another, each channel-major (CHW: every pixel of channel 0,
// then channel 1, ...), the order the convolutions read (dims.h). Loaders of HWC sources
// (PNG, JPEG, npy N x H x W x C) convert once at load time. Grey images have one channel, so
// their bytes are the same as before colour existed. Labels are optional: empty, or one
// per image.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace aelab {

struct Dataset {
  int count = 0, rows = 0, cols = 0, channels = 1;
  std::vector<uint8_t> pixels;  // [count, channels*rows*cols], CHW per image
  std::vector<uint8_t> labels;  // [count], or empty: no labels
  int dim() const { return channels * rows * cols; }
  bool has_labels() const { return !labels.empty(); }
};

// Every loader's limits: sides up to 256 (the models' limit), 1 (grey) or 3 (RGB) channels,
// at most kMaxImages images and kMaxDataBytes decoded pixels in a set.
constexpr int kMaxImageSide = 256;
constexpr int kMaxImages = 1 << 20;
constexpr uint64_t kMaxDataBytes = 256ull << 20;

// Untrusted text (a file name, a field) as an error message quotes it: at most max_chars, and
// control characters as '?', so the message stays one line.
std::string printable(const std::string& text, size_t max_chars);

// "" when the sizes are within the limits above, else a one-line reason.
std::string check_image_sizes(uint64_t count, uint64_t rows, uint64_t cols, uint64_t channels);

// The test part of a set that has none: a seeded 80/20 split (one image in five, at least one,
// chosen by the project's Rng from `seed`); both parts keep the source's order. *all is
// consumed.
void split_train_test(Dataset* all, uint64_t seed, Dataset* train, Dataset* test);

// "1000 train + 250 test images, 32x32x3, values 0..255, labels 0-9" (or "no labels").
std::string data_summary(const Dataset& train, const Dataset& test);

// x[i] = pixels[index[i]] / 255 for n images; index == nullptr means images first..first+n-1.
void images_to_float(const Dataset& d, const int* index, int first, int n, float* out);

// Loads the four standard MNIST files (each raw or .gz) from a directory:
// train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte.
bool load_mnist_dir(const std::string& dir, Dataset* train, Dataset* test, std::string* error);

// Builds a grey Dataset from parsed IDX parts, checking that they agree; labels may be empty.
bool make_dataset(int count, int rows, int cols, std::vector<uint8_t> pixels, std::vector<uint8_t> labels,
                  Dataset* out, std::string* error);

}  // namespace aelab
