// libFuzzer target: what the app does with dropped files. Input: a mode byte, then either one
// picture (mode even: decode_picture, picture_ink and mnist_preprocess, as the draw pad takes
// it) or up to four files (mode odd: load_dataset_files), each a name byte (one of kNames: IDX
// by magic and name, gzip, PNG in and out of class folders, a data file) and a 16-bit length.
// Pictures decode within the size cap into values in [0, 1]; sets load consistently or give one
// line with the outputs untouched.
#include <cstdlib>
#include <vector>

#include "fuzz_data.h"
#include "image_folder.h"
#include "image_preprocess.h"

namespace {
const char* const kNames[] = {"train-images", "train-labels", "t10k-images.gz", "t10k-labels", "a.png", "x/b.png",
                              "y/c.png", "d.npz"};

void picture(const uint8_t* data, size_t size) {
  std::vector<float> grey;
  int w = 0, h = 0;
  std::string error;
  if (!aelab::decode_picture({"p.png", std::vector<uint8_t>(data, data + size)}, &grey, &w, &h, &error)) {
    if (error.empty() || error.find('\n') != std::string::npos || !grey.empty()) std::abort();
    return;
  }
  if (w < 1 || h < 1 || w > aelab::kMaxPictureSide || h > aelab::kMaxPictureSide || grey.size() != size_t(w) * h)
    std::abort();
  for (float v : grey)
    if (!(v >= 0.0f && v <= 1.0f)) std::abort();
  std::vector<float> ink(grey.size());
  aelab::picture_ink(grey.data(), w, h, ink.data());
  for (float v : ink)
    if (!(v >= 0.0f && v <= 1.0f)) std::abort();
  float pad[28 * 28];
  if (!aelab::mnist_preprocess(ink.data(), w, h, pad)) std::abort();
}

void files(const uint8_t* data, size_t size) {
  std::vector<aelab::NamedBytes> list;
  size_t at = 0;
  while (list.size() < 4 && at + 3 <= size) {
    const char* name = kNames[data[at] % (sizeof kNames / sizeof *kNames)];
    const size_t n = std::min<size_t>(data[at + 1] | data[at + 2] << 8, size - at - 3);
    list.push_back({name, std::vector<uint8_t>(data + at + 3, data + at + 3 + n)});
    at += 3 + n;
  }
  aelab::Dataset train, test;
  test.count = -1;  // a mark: an error must leave it
  std::string error;
  if (!aelab::load_dataset_files(list, &train, &test, &error)) {
    if (test.count != -1 || error.empty() || error.find('\n') != std::string::npos) std::abort();
    return;
  }
  check_part(train);
  check_part(test);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  if (data[0] & 1) files(data + 1, size - 1);
  else picture(data + 1, size - 1);
  return 0;
}
