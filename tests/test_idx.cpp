// IDX reader: round trips (raw and gzip), the real Fashion-MNIST files, and malformed input:
// wrong magic, truncation, allocation bombs, gzip lies, mismatched image/label counts.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include "dataset.h"
#include "idx.h"
#include "test_util.h"

namespace aelab {
namespace {

const std::string kFixtures = AELAB_FIXTURE_DIR;

std::vector<uint8_t> be(std::initializer_list<uint32_t> words) {
  std::vector<uint8_t> v;
  for (uint32_t w : words)
    for (int s = 24; s >= 0; s -= 8) v.push_back(static_cast<uint8_t>(w >> s));
  return v;
}

std::string parse_images_error(const std::vector<uint8_t>& bytes) {
  IdxImages img;
  std::string err;
  EXPECT_FALSE(parse_idx_images(bytes.data(), bytes.size(), &img, &err));
  EXPECT_TRUE(img.pixels.empty());
  return err;
}

TEST(Idx, RoundTripRaw) {
  IdxImages img;
  img.count = 2;
  img.rows = 3;
  img.cols = 5;
  for (int i = 0; i < 30; ++i) img.pixels.push_back(static_cast<uint8_t>(i * 7));
  const std::vector<uint8_t> bytes = idx_images_bytes(img);
  ASSERT_EQ(bytes.size(), 16u + 30u);
  IdxImages back;
  std::string err;
  ASSERT_TRUE(parse_idx_images(bytes.data(), bytes.size(), &back, &err)) << err;
  EXPECT_EQ(back.count, 2);
  EXPECT_EQ(back.rows, 3);
  EXPECT_EQ(back.cols, 5);
  EXPECT_EQ(back.pixels, img.pixels);

  const std::vector<uint8_t> labels = {3, 1, 4, 1, 5};
  const std::vector<uint8_t> lbytes = idx_labels_bytes(labels);
  std::vector<uint8_t> lback;
  ASSERT_TRUE(parse_idx_labels(lbytes.data(), lbytes.size(), &lback, &err)) << err;
  EXPECT_EQ(lback, labels);
}

TEST(Idx, ReadsGzipWithHeaderFields) {
  IdxImages img;
  std::vector<uint8_t> labels;
  std::string err;
  ASSERT_TRUE(load_idx_images(kFixtures + "/tiny-images-idx3-ubyte.gz", &img, &err)) << err;
  ASSERT_TRUE(load_idx_labels(kFixtures + "/tiny-labels-idx1-ubyte.gz", &labels, &err)) << err;
  EXPECT_EQ(img.count, 3);
  EXPECT_EQ(img.rows, 2);
  EXPECT_EQ(img.cols, 4);
  ASSERT_EQ(img.pixels.size(), 24u);
  EXPECT_EQ(img.pixels[8 * 2 + 5], 25);
  EXPECT_EQ(labels, (std::vector<uint8_t>{7, 0, 9}));
}

TEST(Idx, RejectsWrongMagicTruncationAndEmptySets) {
  EXPECT_NE(parse_images_error({1, 2, 3}).find("too short"), std::string::npos);
  EXPECT_NE(parse_images_error(be({0x801, 1, 1, 1, 0})).find("wrong magic"), std::string::npos);
  EXPECT_NE(parse_images_error(be({0x803, 0, 28, 28})).find("empty"), std::string::npos);
  EXPECT_NE(parse_images_error(be({0x803, 5, 0, 0})).find("empty"), std::string::npos);
  std::vector<uint8_t> short_data = be({0x803, 2, 2, 2});
  short_data.resize(16 + 7);
  EXPECT_NE(parse_images_error(short_data).find("7 bytes of data"), std::string::npos);
  std::vector<uint8_t> lbytes = be({0x801, 4});
  lbytes.push_back(1);
  std::vector<uint8_t> labels;
  std::string err;
  EXPECT_FALSE(parse_idx_labels(lbytes.data(), lbytes.size(), &labels, &err));
  EXPECT_NE(err.find("4 labels"), std::string::npos) << err;
}

TEST(Idx, HeaderClaimingBillionsOfImagesAllocatesNothing) {
  // 2^31 images of 28x28 would be 1.6 TB: rejected from the header against the bytes present.
  const std::string err = parse_images_error(be({0x803, 0x80000000u, 28, 28, 0}));
  EXPECT_NE(err.find("2147483648 images"), std::string::npos) << err;
  EXPECT_NE(parse_images_error(be({0x803, 1, 100000, 100000})).find("larger than 256x256"), std::string::npos);
}

TEST(Idx, GzipBombsAndLiesAreErrors) {
  IdxImages img;
  std::string err;
  EXPECT_FALSE(load_idx_images(kFixtures + "/bomb-isize-lie.gz", &img, &err));
  EXPECT_NE(err.find("gzip: corrupt or oversized"), std::string::npos) << err;
  EXPECT_FALSE(load_idx_images(kFixtures + "/bomb-isize-huge.gz", &img, &err));
  EXPECT_NE(err.find("exceeds the limit"), std::string::npos) << err;
  EXPECT_FALSE(load_idx_images(kFixtures + "/bad-crc.gz", &img, &err));
  EXPECT_NE(err.find("CRC mismatch"), std::string::npos) << err;
  const std::vector<uint8_t> truncated = {0x1f, 0x8b, 8, 0, 0, 0};
  std::vector<uint8_t> out;
  EXPECT_FALSE(gunzip_if_needed(truncated.data(), truncated.size(), 1000, &out, &err));
  EXPECT_NE(err.find("truncated"), std::string::npos) << err;
}

TEST(Idx, MissingFileIsAnError) {
  IdxImages img;
  std::string err;
  EXPECT_FALSE(load_idx_images(kFixtures + "/no-such-file", &img, &err));
  EXPECT_NE(err.find("no-such-file"), std::string::npos) << err;
}

// A directory holding the four standard names with the given images/labels.
void write_mnist_dir(const std::string& dir, int n_train_images, int n_train_labels) {
  mkdir(dir.c_str(), 0755);
  std::string err;
  auto write = [&](const std::string& name, const std::vector<uint8_t>& bytes) {
    ASSERT_TRUE(write_file_atomic(dir + "/" + name, bytes, &err)) << err;
  };
  IdxImages train{n_train_images, 28, 28, std::vector<uint8_t>(n_train_images * 784, 9)};
  IdxImages test{2, 28, 28, std::vector<uint8_t>(2 * 784, 200)};
  write("train-images-idx3-ubyte", idx_images_bytes(train));
  write("train-labels-idx1-ubyte", idx_labels_bytes(std::vector<uint8_t>(n_train_labels, 1)));
  write("t10k-images-idx3-ubyte", idx_images_bytes(test));
  write("t10k-labels-idx1-ubyte", idx_labels_bytes({2, 3}));
}

TEST(MnistDir, LoadsStandardNames) {
  const std::string dir = temp_path("ok");
  write_mnist_dir(dir, 5, 5);
  Dataset train, test;
  std::string err;
  ASSERT_TRUE(load_mnist_dir(dir, &train, &test, &err)) << err;
  EXPECT_EQ(train.count, 5);
  EXPECT_EQ(test.count, 2);
  EXPECT_EQ(test.labels[1], 3);
  std::vector<float> x(784);
  images_to_float(test, nullptr, 1, 1, x.data());
  EXPECT_FLOAT_EQ(x[0], 200.0f / 255.0f);
}

TEST(MnistDir, MismatchedImageAndLabelCounts) {
  const std::string dir = temp_path("mismatch");
  write_mnist_dir(dir, 5, 4);
  Dataset train, test;
  std::string err;
  EXPECT_FALSE(load_mnist_dir(dir, &train, &test, &err));
  EXPECT_NE(err.find("5 images but 4 labels"), std::string::npos) << err;
  EXPECT_FALSE(load_mnist_dir(dir + "/nope", &train, &test, &err));
  EXPECT_NE(err.find("not a directory"), std::string::npos) << err;
}

TEST(MnistDir, RealFashionMnistGzip) {
  Dataset train, test;
  std::string err;
  ASSERT_TRUE(load_mnist_dir("/usr/share/datasets/fashion-mnist", &train, &test, &err))
      << err << " (install dataset-fashion-mnist)";
  EXPECT_EQ(train.count, 60000);
  EXPECT_EQ(test.count, 10000);
  EXPECT_EQ(train.rows, 28);
  // uint8 storage: 60,000 images cost 47 MB.
  EXPECT_EQ(train.pixels.size(), 60000u * 784u);
  EXPECT_EQ(train.labels[0], 9);  // the first Fashion-MNIST training image is an ankle boot
}

TEST(MnistDir, BuiltinSplitIsStratifiedAndInterleaved) {
  Dataset train, test;
  std::string err;
  ASSERT_TRUE(load_mnist_dir(AELAB_BUILTIN_DIR, &train, &test, &err)) << err;
  EXPECT_EQ(train.count + test.count, 10000);
  int per_label[10] = {0};
  for (int i = 0; i < test.count; ++i) per_label[test.labels[i]]++;
  for (int l = 0; l < 10; ++l) EXPECT_GT(per_label[l], 150) << "label " << l;
  for (int i = 0; i < 10; ++i) EXPECT_EQ(train.labels[i], i);  // round-robin order
}

}  // namespace
}  // namespace aelab
