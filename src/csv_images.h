// Images as CSV, Kaggle's digit-recognizer layout: a header row naming the columns, an
// optional "label" column (0-255), and one grey image per row whose pixel columns (0-255)
// make a square, row-major: 784 columns are 28x28.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

#include "dataset.h"

namespace aelab {

bool parse_csv_images(const uint8_t* data, size_t n, Dataset* out, std::string* error);

}  // namespace aelab
