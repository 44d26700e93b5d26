// The one way data comes in, from a path (the command line) or from bytes in memory (a file
// dropped on the app). Formats (README: Data in, models out):
//   a folder of MNIST IDX files (the four standard names, raw or .gz);
//   a folder of PNG/JPEG images, class subfolders optional, or a .zip of one (image_folder.h);
//   .npy: images N x H x W or N x H x W x C, uint8 or float32 in [0, 1] (npy.h);
//   .npz: Keras's mnist.npz arrays x_train, y_train, x_test, y_test (all but x_train optional);
//   .csv: Kaggle's digit-recognizer layout (csv_images.h);
//   four IDX files of any names (IdxFiles), or the same dropped together (load_dataset_files).
// Labels are optional everywhere. A source without a test part leaves test empty
// (split_train_test makes one). On an error, *train and *test are untouched.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "dataset.h"
#include "zip.h"

namespace aelab {

// `name` picks the format by its extension (.zip, .npz, .npy, .csv).
bool load_dataset_bytes(const std::string& name, const uint8_t* data, size_t n, Dataset* train, Dataset* test,
                        std::string* error);
// A folder (IDX or images) or a file of a format above.
bool load_dataset_path(const std::string& path, Dataset* train, Dataset* test, std::string* error);

// Files the app received together (dropped or picked), in memory: one file of a format above
// (by its extension); PNG/JPEG images (a set without labels, as a folder without subfolders); or IDX
// files of any names, raw or .gz, told apart by their magic number (images or labels) and by
// "t10k" or "test" in the name (the test part; a test part alone is the whole set).
bool load_dataset_files(const std::vector<NamedBytes>& files, Dataset* train, Dataset* test, std::string* error);

// IDX files of any names: train_images is required, the others optional (labels for both
// parts or neither).
struct IdxFiles {
  std::string train_images, train_labels, test_images, test_labels;
};
bool load_idx_files(const IdxFiles& files, Dataset* train, Dataset* test, std::string* error);

}  // namespace aelab
