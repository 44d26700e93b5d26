// Writes the command line's end-to-end data sets (cli_data_checks.cmake) from the built-in
// digits into OUT_DIR: keras.npz (Keras's mnist.npz layout), kaggle.csv (the digit-recognizer
// layout, no test part), renamed IDX files (pics.bin, tags.bin, tpics.bin, ttags.bin),
// rgb/ (tinted digits as RGB PNGs in three class subfolders, no test part) and jpeg.zip (the
// same as JPEGs, quality 90, 4:2:0, in a deflated .zip), plus baselines.cmake: each set's test
// MSE of predicting the training mean image, the bar a trained model must clear.
//   usage: make_data_fixtures BUILTIN_DIR OUT_DIR
#include <sys/stat.h>

#include <cstdio>

#include "data_fixtures.h"
#include "data_load.h"
#include "jpeg_fixtures.h"
#include "idx.h"

namespace aelab {
namespace {

Dataset first(const Dataset& d, int n) {
  Dataset out = d;
  out.count = n;
  out.pixels.resize(static_cast<size_t>(n) * d.dim());
  out.labels.resize(static_cast<size_t>(n));
  return out;
}

// Class k of three: the digit in colour k (red, green, blue) on a dim copy in the others.
Dataset tinted(const Dataset& grey) {
  Dataset d = grey;
  d.channels = 3;
  const size_t plane = static_cast<size_t>(grey.dim());
  d.pixels.assign(plane * 3 * grey.count, 0);
  for (int i = 0; i < grey.count; ++i) {
    d.labels[i] = grey.labels[i] % 3;
    for (int c = 0; c < 3; ++c)
      for (size_t p = 0; p < plane; ++p) {
        const uint8_t v = grey.pixels[i * plane + p];
        d.pixels[(i * 3 + c) * plane + p] = c == d.labels[i] ? v : v / 3;
      }
  }
  return d;
}

double mean_image_mse(const Dataset& train, const Dataset& test) {
  std::vector<double> mean(train.dim(), 0.0);
  for (int i = 0; i < train.count; ++i)
    for (int p = 0; p < train.dim(); ++p) mean[p] += train.pixels[static_cast<size_t>(i) * train.dim() + p] / 255.0;
  double sum = 0.0;
  for (int i = 0; i < test.count; ++i)
    for (int p = 0; p < test.dim(); ++p) {
      const double e = test.pixels[static_cast<size_t>(i) * test.dim() + p] / 255.0 - mean[p] / train.count;
      sum += e * e;
    }
  return sum / (static_cast<double>(test.count) * test.dim());
}

// The split `aelab train --seed 1` makes of a set without a test part.
double split_baseline(const Dataset& all) {
  Dataset copy = all, train, test;
  split_train_test(&copy, 1, &train, &test);
  return mean_image_mse(train, test);
}

bool write(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::string err;
  if (write_file_atomic(path, bytes, &err)) return true;
  std::fprintf(stderr, "make_data_fixtures: %s\n", err.c_str());
  return false;
}

int run(const std::string& builtin, const std::string& out) {
  Dataset all_train, all_test;
  std::string err;
  if (!load_mnist_dir(builtin, &all_train, &all_test, &err)) {
    std::fprintf(stderr, "make_data_fixtures: %s\n", err.c_str());
    return 1;
  }
  const Dataset train = first(all_train, 400), test = first(all_test, 100);
  const Dataset csv_set = first(all_train, 500), rgb = tinted(first(all_train, 300));
  IdxImages images{train.count, train.rows, train.cols, train.pixels}, timages{test.count, test.rows, test.cols,
                                                                              test.pixels};
  const std::string csv = csv_text(csv_set);
  bool ok = write(out + "/keras.npz", npz_bytes(train, &test, true)) &&
            write(out + "/kaggle.csv", std::vector<uint8_t>(csv.begin(), csv.end())) &&
            write(out + "/pics.bin", idx_images_bytes(images)) && write(out + "/tags.bin", idx_labels_bytes(train.labels)) &&
            write(out + "/tpics.bin", idx_images_bytes(timages)) && write(out + "/ttags.bin", idx_labels_bytes(test.labels));
  for (const NamedBytes& f : image_folder_files(rgb, "rgb/")) {
    const std::string folder = out + "/" + f.name.substr(0, f.name.find_last_of('/'));
    mkdir((out + "/rgb").c_str(), 0755);
    mkdir(folder.c_str(), 0755);
    ok = ok && write(out + "/" + f.name, f.bytes);
  }
  // The JPEG set's baseline is taken from its decoded pixels (JPEG is lossy).
  const std::vector<uint8_t> jpeg_zip = zip_bytes(jpeg_folder_files(rgb, "jpeg/"), true);
  Dataset jpeg_set, no_test;
  if (!load_dataset_bytes("jpeg.zip", jpeg_zip.data(), jpeg_zip.size(), &jpeg_set, &no_test, &err)) {
    std::fprintf(stderr, "make_data_fixtures: %s\n", err.c_str());
    return 1;
  }
  ok = ok && write(out + "/jpeg.zip", jpeg_zip);
  char text[512];
  std::snprintf(text, sizeof text,
                "set(BASELINE_keras %.6f)\nset(BASELINE_idx %.6f)\nset(BASELINE_kaggle %.6f)\nset(BASELINE_rgb %.6f)\n"
                "set(BASELINE_jpeg %.6f)\n",
                mean_image_mse(train, test), mean_image_mse(train, test), split_baseline(csv_set), split_baseline(rgb),
                split_baseline(jpeg_set));
  const std::string s = text;
  ok = ok && write(out + "/baselines.cmake", std::vector<uint8_t>(s.begin(), s.end()));
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace aelab

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: make_data_fixtures BUILTIN_DIR OUT_DIR\n");
    return 2;
  }
  return aelab::run(argv[1], argv[2]);
}
