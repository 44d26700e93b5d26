// Renders the reconstruction figure to PNG (grey or RGB as the data, each pixel scaled up 4x)
// with stb_image_write.
#include "figure.h"

#include <stb_image_write.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "../file_io.h"

namespace aelab {

namespace {
void write_to_vector(void* ctx, void* data, int size) {
  auto* v = static_cast<std::vector<uint8_t>*>(ctx);
  v->insert(v->end(), static_cast<uint8_t*>(data), static_cast<uint8_t*>(data) + size);
}
}  // namespace

bool write_reconstruction_png(Autoencoder& model, const Dataset& test, const std::string& path, std::string* error) {
  // The first test image of each label 0-9; labels that are absent (or a set without labels)
  // fall back to the next images.
  std::vector<int> picks;
  for (int label = 0; label < 10 && test.has_labels(); ++label) {
    for (int i = 0; i < test.count; ++i) {
      if (test.labels[i] == label) {
        picks.push_back(i);
        break;
      }
    }
  }
  for (int i = 0; static_cast<int>(picks.size()) < 10 && i < test.count; ++i) {
    if (std::find(picks.begin(), picks.end(), i) == picks.end()) picks.push_back(i);
  }
  const int n = static_cast<int>(picks.size()), h = test.rows, w = test.cols, ch = test.channels, dim = test.dim();
  const int s = 4;
  std::vector<float> x(static_cast<size_t>(n) * dim), y(x.size());
  images_to_float(test, picks.data(), 0, n, x.data());
  model.reconstruct(x.data(), n, y.data());
  const int width = n * w * s, height = 2 * h * s;
  // The images are CHW (dataset.h); PNG wants HWC.
  std::vector<uint8_t> img(static_cast<size_t>(width) * height * ch);
  for (int row = 0; row < 2; ++row) {
    const std::vector<float>& src = row == 0 ? x : y;
    for (int k = 0; k < n; ++k) {
      for (int py = 0; py < h * s; ++py) {
        for (int px = 0; px < w * s; ++px) {
          for (int c = 0; c < ch; ++c) {
            const float v = src[static_cast<size_t>(k) * dim + (static_cast<size_t>(c) * h + py / s) * w + px / s];
            img[(static_cast<size_t>(row * h * s + py) * width + k * w * s + px) * ch + c] =
                static_cast<uint8_t>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f));
          }
        }
      }
    }
  }
  std::vector<uint8_t> png;
  if (!stbi_write_png_to_func(write_to_vector, &png, width, height, ch, img.data(), width * ch)) {
    *error = path + ": PNG encoding failed";
    return false;
  }
  return write_file_atomic(path, png, error);
}

}  // namespace aelab
