// An image dataset kept as uint8 (60,000 MNIST images cost 47 MB, not 188 MB as floats);
// batches are converted to float in [0, 1] on the way into the network.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace aelab {

struct Dataset {
  int count = 0, rows = 0, cols = 0;
  std::vector<uint8_t> pixels;  // [count, rows*cols]
  std::vector<uint8_t> labels;  // [count]
  int dim() const { return rows * cols; }
};

// x[i] = pixels[index[i]] / 255 for n images; index == nullptr means images first..first+n-1.
void images_to_float(const Dataset& d, const int* index, int first, int n, float* out);

// Loads the four standard MNIST files (each raw or .gz) from a directory:
// train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte.
bool load_mnist_dir(const std::string& dir, Dataset* train, Dataset* test, std::string* error);

// Builds a Dataset from parsed IDX parts, checking that they agree.
bool make_dataset(int count, int rows, int cols, std::vector<uint8_t> pixels, std::vector<uint8_t> labels,
                  Dataset* out, std::string* error);

}  // namespace aelab
