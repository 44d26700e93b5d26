// Files dropped on the app, in memory (data_load.h: load_dataset_files; image_folder.h:
// decode_picture; image_preprocess.h: picture_ink): IDX files of any names sorted by magic and
// name, PNG or JPEG images as a label-less set, one file of another format by its extension;
// bad drops give one line and leave the outputs untouched; a picture (PNG or JPEG) becomes ink
// on black.
#include <gtest/gtest.h>

#include "data_fixtures.h"
#include "data_load.h"
#include "idx.h"
#include "image_folder.h"
#include "image_preprocess.h"
#include "jpeg_fixtures.h"
#include "test_util.h"

namespace aelab {
namespace {

Dataset grey_set(int n, int rows, int cols, bool labels) {
  Dataset d;
  d.count = n, d.rows = rows, d.cols = cols;
  for (int i = 0; i < n * d.dim(); ++i) d.pixels.push_back(static_cast<uint8_t>((i * 31 + i / 5) % 256));
  for (int i = 0; labels && i < n; ++i) d.labels.push_back(static_cast<uint8_t>(i % 4));
  return d;
}

std::vector<uint8_t> idx_images(const Dataset& d) {
  IdxImages im;
  im.count = d.count, im.rows = d.rows, im.cols = d.cols, im.pixels = d.pixels;
  return idx_images_bytes(im);
}

// A gzip member of raw: stb_image_write's deflate inside gzip's header and trailer.
std::vector<uint8_t> gzip(const std::vector<uint8_t>& raw) {
  std::vector<uint8_t> out = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff};
  int len = 0;
  unsigned char* z = stbi_zlib_compress(const_cast<unsigned char*>(raw.data()), static_cast<int>(raw.size()), &len, 8);
  out.insert(out.end(), z + 2, z + len - 4);  // raw deflate: no zlib header, no Adler-32
  std::free(z);
  put_le(&out, crc32(raw.data(), raw.size()), 4);
  put_le(&out, raw.size(), 4);
  return out;
}

// A drop that must fail: its message, one line, and nothing written.
std::string drop_error(const std::vector<NamedBytes>& files) {
  Dataset train = grey_set(1, 1, 1, true), test = train;
  const Dataset before = train;
  std::string err;
  EXPECT_FALSE(load_dataset_files(files, &train, &test, &err));
  EXPECT_EQ(train.pixels, before.pixels);
  EXPECT_EQ(test.labels, before.labels);
  EXPECT_EQ(err.find('\n'), std::string::npos) << err;
  return err;
}

TEST(DataDrop, IdxFilesOfAnyNamesByMagicAndName) {
  const Dataset train = grey_set(10, 5, 6, true), test = grey_set(3, 5, 6, true);
  Dataset tr, te;
  std::string err;
  // Any order, any names, one gzipped: labels told from images by magic, test by its name.
  ASSERT_TRUE(load_dataset_files({{"my-test-labels", idx_labels_bytes(test.labels)},
                                  {"pics.gz", gzip(idx_images(train))},
                                  {"tags", idx_labels_bytes(train.labels)},
                                  {"t10k-pics", idx_images(test)}},
                                 &tr, &te, &err))
      << err;
  EXPECT_EQ(tr.pixels, train.pixels);
  EXPECT_EQ(tr.labels, train.labels);
  EXPECT_EQ(te.pixels, test.pixels);
  EXPECT_EQ(te.labels, test.labels);
  // Images alone: no labels, no test part (the app splits it).
  ASSERT_TRUE(load_dataset_files({{"pics", idx_images(train)}}, &tr, &te, &err)) << err;
  EXPECT_FALSE(tr.has_labels());
  EXPECT_EQ(te.count, 0);
  // A test part alone is the whole set.
  ASSERT_TRUE(load_dataset_files({{"test-images", idx_images(test)}, {"test-labels", idx_labels_bytes(test.labels)}},
                                 &tr, &te, &err))
      << err;
  EXPECT_EQ(tr.count, 3);
  EXPECT_EQ(tr.labels, test.labels);
  EXPECT_EQ(te.count, 0);
}

TEST(DataDrop, PngOrJpegImagesAndOneFileOfAnotherFormat) {
  const Dataset d = grey_set(4, 7, 9, false);
  std::vector<NamedBytes> pngs = image_folder_files(d, "");
  Dataset tr, te;
  std::string err;
  ASSERT_TRUE(load_dataset_files(pngs, &tr, &te, &err)) << err;
  EXPECT_EQ(tr.pixels, d.pixels);
  EXPECT_FALSE(tr.has_labels());
  // JPEGs dropped together: a set without labels, as the PNGs (lossy: the size and the count).
  ASSERT_TRUE(load_dataset_files(jpeg_folder_files(grey_set(3, 7, 9, false), ""), &tr, &te, &err)) << err;
  EXPECT_EQ(tr.count, 3);
  EXPECT_EQ(tr.rows, 7);
  EXPECT_EQ(tr.cols, 9);
  EXPECT_EQ(tr.channels, 1);
  EXPECT_FALSE(tr.has_labels());
  // One .npz by its extension: the Keras layout.
  const Dataset a = grey_set(6, 4, 4, true), b = grey_set(2, 4, 4, true);
  const std::vector<uint8_t> npz = npz_bytes(a, &b, true);
  ASSERT_TRUE(load_dataset_files({{"mnist.npz", npz}}, &tr, &te, &err)) << err;
  EXPECT_EQ(tr.labels, a.labels);
  EXPECT_EQ(te.pixels, b.pixels);
}

TEST(DataDrop, BadDropsGiveOneLineAndKeepTheOldData) {
  const Dataset d = grey_set(4, 5, 6, true);
  EXPECT_EQ(drop_error({}), "no files");
  EXPECT_EQ(drop_error({{"notes.txt", {'h', 'i', '!', '!', '!'}}}).rfind("notes.txt: not a data file aelab reads", 0), 0u);
  EXPECT_EQ(drop_error({{"train-images-idx3-ubyte", {0, 0, 8, 3, 0}}}),
            "train-images-idx3-ubyte: IDX images: file too short for a header (5 bytes)");
  std::vector<uint8_t> cut = gzip(idx_images(d));
  cut.resize(cut.size() / 2);
  EXPECT_NE(drop_error({{"x.gz", cut}}).find("x.gz: gzip"), std::string::npos);
  EXPECT_NE(drop_error({{"a", idx_images(d)}, {"b", idx_images(d)}}).find("two IDX image files for the train part"),
            std::string::npos);
  EXPECT_NE(drop_error({{"tags", idx_labels_bytes(d.labels)}}).find("tags: IDX labels without their images file"),
            std::string::npos);
  EXPECT_NE(drop_error({{"a", idx_images(d)}, {"tags", idx_labels_bytes({1, 2})}}).find("a: "), std::string::npos);
  EXPECT_NE(drop_error({{"a", idx_images(d)}, {"b.npz", {1}}}).find("b.npz: one data file at a time"),
            std::string::npos);
  EXPECT_NE(drop_error({{"a.png", image_file_bytes(d, 0)}, {"b", idx_images(d)}}).find("PNG/JPEG images and other files"),
            std::string::npos);
  EXPECT_NE(drop_error({{"a.npz", {'P', 'K', 3, 4}}}).find("a.npz: "), std::string::npos);
  // Labels for one part only, and parts of different sizes.
  EXPECT_NE(drop_error({{"a", idx_images(d)}, {"l", idx_labels_bytes(d.labels)}, {"test-a", idx_images(d)}})
                .find("labels for one part only"),
            std::string::npos);
  EXPECT_NE(drop_error({{"a", idx_images(d)}, {"test-a", idx_images(grey_set(2, 6, 6, false))}})
                .find("train images are 5x6x1 but test images are 6x6x1"),
            std::string::npos);
}

TEST(DataDrop, PictureDecodesAndBadPicturesAreRefused) {
  Dataset rgb;
  rgb.count = 1, rgb.rows = 3, rgb.cols = 2, rgb.channels = 3;
  rgb.pixels = {255, 0, 0, 0, 0, 0, 0, 255, 0, 0, 0, 0, 0, 0, 255, 0, 0, 0};  // CHW: R, G, B planes
  std::vector<float> grey;
  int w = 0, h = 0;
  std::string err;
  ASSERT_TRUE(decode_picture({"p.png", image_file_bytes(rgb, 0)}, &grey, &w, &h, &err)) << err;
  ASSERT_EQ(w, 2);
  ASSERT_EQ(h, 3);
  EXPECT_NEAR(grey[0], 0.299f, 1e-3f);  // red
  EXPECT_NEAR(grey[1], 0.587f, 1e-3f);  // green
  EXPECT_NEAR(grey[2], 0.114f, 1e-3f);  // blue
  EXPECT_NEAR(grey[5], 0.0f, 1e-6f);

  // A JPEG (every value 120): its luma, 120/255 everywhere.
  std::vector<uint8_t> jpeg;
  ASSERT_TRUE(read_file(std::string(AELAB_FIXTURE_DIR) + "/flat-16x16-rgb.jpg", 4096, &jpeg, &err)) << err;
  ASSERT_TRUE(decode_picture({"photo.jpg", jpeg}, &grey, &w, &h, &err)) << err;
  ASSERT_EQ(w, 16);
  ASSERT_EQ(h, 16);
  for (float v : grey) ASSERT_NEAR(v, 120.0f / 255, 2.0f / 255);
  // A JPEG cut short, and one whose header claims 3000x3000: refused, the outputs untouched.
  const std::vector<float> before = grey;
  EXPECT_FALSE(decode_picture({"cut.jpg", std::vector<uint8_t>(jpeg.begin(), jpeg.end() - 40)}, &grey, &w, &h, &err));
  EXPECT_EQ(err, "cut.jpg: not a valid JPEG (Premature end of JPEG file)");
  std::vector<uint8_t> huge = jpeg;
  for (size_t i = 2; i + 9 < huge.size(); ++i)
    if (huge[i] == 0xFF && huge[i + 1] == 0xC0) {
      huge[i + 5] = 0x0B, huge[i + 6] = 0xB8, huge[i + 7] = 0x0B, huge[i + 8] = 0xB8;  // 3000 x 3000
      break;
    }
  EXPECT_FALSE(decode_picture({"huge.jpg", huge}, &grey, &w, &h, &err));
  EXPECT_EQ(err, "huge.jpg is 3000x3000, larger than 2048x2048");
  EXPECT_EQ(grey, before);
  EXPECT_EQ(w, 16);
  // The last chunk's header cut short, claiming 1.9 GB (stb_image 2.27 would allocate it; fuzz_drop).
  std::vector<uint8_t> cut = image_file_bytes(rgb, 0);
  cut.resize(33);
  cut.insert(cut.end(), {0x70, 0x79, 0x00, 0x0e, 'I', 'D', 'A', 'T', 0x78, 0x60});
  EXPECT_FALSE(decode_picture({"cut.png", cut}, &grey, &w, &h, &err));
  EXPECT_NE(err.find("cut.png: corrupt PNG"), std::string::npos) << err;
  EXPECT_FALSE(decode_picture({"x.png", {0x89, 'P', 'N', 'G', 1, 2}}, &grey, &w, &h, &err));
  EXPECT_NE(err.find("x.png: not a PNG or JPEG image"), std::string::npos) << err;
  Dataset wide;
  wide.count = 1, wide.rows = 1, wide.cols = kMaxPictureSide + 1;
  wide.pixels.assign(wide.cols, 7);
  EXPECT_FALSE(decode_picture({"w.png", image_file_bytes(wide, 0)}, &grey, &w, &h, &err));
  EXPECT_NE(err.find("w.png is 2049x1, larger than 2048x2048"), std::string::npos) << err;
  EXPECT_EQ(w, 16);  // untouched since the JPEG
}

TEST(DataDrop, PictureInkIsBrightOnBlack) {
  // Dark ink on grey paper (0.8): inverted, the paper becomes 0 and the darkest ink 1.
  const int w = 5, h = 5;
  std::vector<float> grey(w * h, 0.8f), ink(w * h);
  grey[12] = 0.1f, grey[13] = 0.45f;
  picture_ink(grey.data(), w, h, ink.data());
  EXPECT_FLOAT_EQ(ink[12], 1.0f);
  EXPECT_NEAR(ink[13], 0.5f, 1e-5f);
  EXPECT_FLOAT_EQ(ink[0], 0.0f);
  // Bright ink on black is kept as it is.
  std::vector<float> dark(w * h, 0.0f);
  dark[12] = 0.6f;
  picture_ink(dark.data(), w, h, ink.data());
  EXPECT_FLOAT_EQ(ink[12], 1.0f);
  EXPECT_FLOAT_EQ(ink[11], 0.0f);
  // No contrast: no ink.
  std::vector<float> flat(w * h, 0.3f);
  picture_ink(flat.data(), w, h, ink.data());
  for (float v : ink) EXPECT_EQ(v, 0.0f);
}

}  // namespace
}  // namespace aelab
