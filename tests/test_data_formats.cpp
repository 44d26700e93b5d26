// Data in (data_load.h): every format read back exactly from fixtures written here
// (data_fixtures.h; JPEG, lossy, within a few levels: jpeg_fixtures.h), colour kept as CHW,
// labels optional, the 80/20 split and the summary line;
// bad input of each kind gives its one-line error and leaves the outputs untouched; RGB models
// build, train a step and keep their channel count in checkpoints.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <algorithm>
#include <memory>

#include "aelab.h"
#include "data_fixtures.h"
#include "data_load.h"
#include "jpeg_fixtures.h"
#include "idx.h"
#include "test_util.h"

namespace aelab {
namespace {

// n images of rows x cols x channels with distinct, predictable pixels; labels i % 3 if asked.
Dataset pattern(int n, int rows, int cols, int channels, bool labels) {
  Dataset d;
  d.count = n, d.rows = rows, d.cols = cols, d.channels = channels;
  for (int i = 0; i < n * d.dim(); ++i) d.pixels.push_back(static_cast<uint8_t>((i * 37 + i / 7) % 256));
  for (int i = 0; labels && i < n; ++i) d.labels.push_back(static_cast<uint8_t>(i % 3));
  return d;
}

const Dataset kSentinel = pattern(1, 1, 1, 1, true);

void expect_same(const Dataset& a, const Dataset& b) {
  EXPECT_EQ(a.count, b.count);
  EXPECT_EQ(a.rows, b.rows);
  EXPECT_EQ(a.cols, b.cols);
  EXPECT_EQ(a.channels, b.channels);
  EXPECT_EQ(a.pixels, b.pixels);
  EXPECT_EQ(a.labels, b.labels);
}

// Loads bytes that must fail: returns the message, and checks that nothing was written.
std::string load_error(const std::string& name, const std::vector<uint8_t>& bytes) {
  Dataset train = kSentinel, test = kSentinel;
  std::string err;
  EXPECT_FALSE(load_dataset_bytes(name, bytes.data(), bytes.size(), &train, &test, &err)) << name;
  expect_same(train, kSentinel);
  expect_same(test, kSentinel);
  EXPECT_EQ(err.find('\n'), std::string::npos);
  return err;
}

std::vector<uint8_t> text_bytes(const std::string& s) { return std::vector<uint8_t>(s.begin(), s.end()); }

std::string temp_dir(const std::string& name) {
  const char* tmp = std::getenv("TMPDIR");
  const std::string dir = std::string(tmp && *tmp ? tmp : "/tmp") + "/data_formats_" + name;
  mkdir(dir.c_str(), 0755);
  return dir;
}

void write(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::string err;
  ASSERT_TRUE(write_file_atomic(path, bytes, &err)) << err;
}

TEST(DataFormats, NpyGreyUint8AndHwcFloat) {
  const Dataset grey = pattern(4, 5, 6, 1, false);
  const std::vector<uint8_t> npy = npy_bytes("|u1", {4, 5, 6}, grey.pixels);
  Dataset train, test = kSentinel;
  std::string err;
  ASSERT_TRUE(load_dataset_bytes("x.npy", npy.data(), npy.size(), &train, &test, &err)) << err;
  expect_same(train, grey);
  EXPECT_EQ(test.count, 0);

  // float32 N x H x W x 3 in [0, 1]: HWC becomes CHW, v*255 rounded.
  const Dataset rgb = pattern(2, 3, 4, 3, false);
  std::vector<uint8_t> floats;
  for (int i = 0; i < 2; ++i)
    for (int p = 0; p < 12; ++p)
      for (int c = 0; c < 3; ++c) {
        const float v = rgb.pixels[static_cast<size_t>(i) * 36 + c * 12 + p] / 255.0f;
        const uint8_t* b = reinterpret_cast<const uint8_t*>(&v);
        floats.insert(floats.end(), b, b + 4);
      }
  const std::vector<uint8_t> fnpy = npy_bytes("<f4", {2, 3, 4, 3}, floats);
  ASSERT_TRUE(load_dataset_bytes("rgb.NPY", fnpy.data(), fnpy.size(), &train, &test, &err)) << err;
  expect_same(train, rgb);
}

// Files written by NumPy's np.save and Python's zipfile (the fuzz seeds, tests/fuzz/corpus).
TEST(DataFormats, ReadsNumpyAndZipfileOutput) {
  const std::string corpus = std::string(AELAB_FIXTURE_DIR) + "/../fuzz/corpus/";
  Dataset tr, te;
  std::string err;
  ASSERT_TRUE(load_dataset_path(corpus + "npz/keras-deflate.npz", &tr, &te, &err)) << err;
  EXPECT_EQ(tr.count, 3);
  EXPECT_EQ(tr.labels, (std::vector<uint8_t>{1, 2, 3}));
  EXPECT_EQ(te.count, 1);
  ASSERT_TRUE(load_dataset_path(corpus + "npy/rgb-f4.npy", &tr, &te, &err)) << err;
  EXPECT_EQ(tr.channels, 3);
  ASSERT_TRUE(load_dataset_path(corpus + "image_zip/rgb-classes.zip", &tr, &te, &err)) << err;
  EXPECT_EQ(tr.channels, 3);  // one RGB image makes the set RGB; the grey one is repeated
  EXPECT_EQ(tr.labels, (std::vector<uint8_t>{0, 1}));
  EXPECT_EQ(tr.pixels[48 + 5], tr.pixels[48 + 16 + 5]);
  EXPECT_EQ(tr.pixels[1], 3);  // HWC byte 3 is R of pixel 1
}

TEST(DataFormats, NpyBadInput) {
  const std::vector<uint8_t> px(24, 7);
  EXPECT_NE(load_error("a.npy", text_bytes("PK not numpy")).find("no \\x93NUMPY magic"), std::string::npos);
  EXPECT_NE(load_error("a.npy", npy_bytes("|u1", {2, 3, 5}, px)).find("do not match"), std::string::npos);
  EXPECT_NE(load_error("a.npy", npy_bytes(">f4", {1, 2, 3}, px)).find("dtype '>f4'"), std::string::npos);
  EXPECT_NE(load_error("a.npy", npy_bytes("|u1", {24}, px)).find("N x H x W"), std::string::npos);
  EXPECT_NE(load_error("a.npy", npy_bytes("|u1", {1, 2, 3, 4}, px)).find("4 channels"), std::string::npos);
  EXPECT_NE(load_error("a.npy", npy_bytes("|u1", {1, 1, 300}, std::vector<uint8_t>(300))).find("larger than 256"),
            std::string::npos);
  std::vector<uint8_t> fortran = npy_bytes("|u1", {1, 4, 6}, px);
  const std::string f = "'fortran_order': False";
  auto at = std::search(fortran.begin(), fortran.end(), f.begin(), f.end());
  ASSERT_NE(at, fortran.end());
  std::copy_n("'fortran_order': True, ", f.size(), at);
  EXPECT_NE(load_error("a.npy", fortran).find("C-order"), std::string::npos);
  const float two = 2.0f;
  std::vector<uint8_t> big(reinterpret_cast<const uint8_t*>(&two), reinterpret_cast<const uint8_t*>(&two) + 4);
  EXPECT_NE(load_error("a.npy", npy_bytes("<f4", {1, 1, 1}, big)).find("values in [0, 1]"), std::string::npos);
  // A header claiming more than the file holds.
  std::vector<uint8_t> cut = npy_bytes("|u1", {2, 3, 4}, px);
  cut[8] = 0xff, cut[9] = 0x3f;
  EXPECT_NE(load_error("a.npy", cut).find("past the end"), std::string::npos);
  // 2^36 images: refused from the header against the bytes present; over 12 digits, unread.
  EXPECT_NE(load_error("a.npy", npy_bytes("|u1", {1ull << 36, 28, 28}, px)).find("do not match"), std::string::npos);
  EXPECT_NE(load_error("a.npy", npy_bytes("|u1", {1ull << 60, 28, 28}, px)).find("malformed 'shape'"),
            std::string::npos);
  EXPECT_NE(load_error("a.bin", px).find("unknown data format '.bin'"), std::string::npos);
}

TEST(DataFormats, NpzKerasLayoutStoredAndDeflated) {
  const Dataset train = pattern(10, 28, 28, 1, true), test = pattern(4, 28, 28, 1, true);
  for (bool deflate : {false, true}) {
    const std::vector<uint8_t> npz = npz_bytes(train, &test, deflate);
    Dataset tr, te;
    std::string err;
    ASSERT_TRUE(load_dataset_bytes("mnist.npz", npz.data(), npz.size(), &tr, &te, &err)) << err;
    expect_same(tr, train);
    expect_same(te, test);
  }
  // Labels optional; no test part.
  const Dataset unlabelled = pattern(6, 8, 8, 1, false);
  const std::vector<uint8_t> npz = npz_bytes(unlabelled, nullptr, true);
  Dataset tr, te = kSentinel;
  std::string err;
  ASSERT_TRUE(load_dataset_bytes("u.npz", npz.data(), npz.size(), &tr, &te, &err)) << err;
  expect_same(tr, unlabelled);
  EXPECT_EQ(te.count, 0);
}

TEST(DataFormats, NpzAndZipBadInput) {
  const Dataset d = pattern(3, 4, 4, 1, true);
  EXPECT_NE(load_error("a.npz", zip_bytes({{"images.npy", npy_bytes("|u1", {3, 4, 4}, d.pixels)}}, false))
                .find("no x_train array"),
            std::string::npos);
  EXPECT_NE(load_error("a.npz", zip_bytes({{"x_train.npy", npy_bytes("|u1", {3, 4, 4}, d.pixels)},
                                           {"y_train.npy", npy_bytes("|u1", {2}, {1, 2})}},
                                          true))
                .find("x_train: npy labels must be 3 integers"),
            std::string::npos);
  // Labels for the train part only.
  const Dataset unlabelled = pattern(2, 4, 4, 1, false);
  EXPECT_NE(load_error("a.npz", npz_bytes(d, &unlabelled, false)).find("labels for one part only"),
            std::string::npos);
  EXPECT_NE(load_error("a.npz", text_bytes("not a zip at all, nothing here")).find("no end-of-central-directory"),
            std::string::npos);
  // Names that leave the folder.
  for (const char* name : {"../x_train.npy", "/etc/x_train.npy", "a/../../b.png", "a\\b.png"})
    EXPECT_NE(load_error("a.zip", zip_bytes({{name, {1, 2, 3}}}, false)).find("leaves the archive"),
              std::string::npos)
        << name;
  // A bomb: 1 MiB of zeros deflates to about a kilobyte; claim 200 MiB.
  std::vector<uint8_t> bomb = zip_bytes({{"x_train.npy", std::vector<uint8_t>(1 << 20, 0)}}, true);
  const size_t central = bomb.size() - 22 - 46 - 11;  // the central header of the one entry
  ASSERT_EQ(bomb[central], 0x50);
  bomb[central + 24 + 3] = 0x0c;  // uncompressed size += 200 MiB
  EXPECT_NE(load_error("a.npz", bomb).find("zip bomb"), std::string::npos);
  // A corrupted byte of deflate data, and a CRC that does not match.
  std::vector<uint8_t> flipped = zip_bytes({{"x_train.npy", npy_bytes("|u1", {3, 4, 4}, d.pixels)}}, false);
  flipped[30 + 11 + 70] ^= 0xff;
  EXPECT_NE(load_error("a.npz", flipped).find("CRC mismatch"), std::string::npos);
  std::vector<uint8_t> truncated = zip_bytes({{"x_train.npy", npy_bytes("|u1", {3, 4, 4}, d.pixels)}}, true);
  truncated.erase(truncated.begin() + 40, truncated.begin() + 60);
  load_error("a.npz", truncated);
}

TEST(DataFormats, KaggleCsvWithAndWithoutLabels) {
  for (bool labels : {true, false}) {
    const Dataset d = pattern(5, 28, 28, 1, labels);
    const std::vector<uint8_t> csv = text_bytes(csv_text(d));
    Dataset tr, te;
    std::string err;
    ASSERT_TRUE(load_dataset_bytes("train.csv", csv.data(), csv.size(), &tr, &te, &err)) << err;
    expect_same(tr, d);
  }
  // CRLF line ends and a trailing blank line are fine.
  const std::vector<uint8_t> crlf = text_bytes("label,a,b,c,d\r\n3,0,1,2,255\r\n\r\n");
  Dataset tr, te;
  std::string err;
  ASSERT_TRUE(load_dataset_bytes("x.csv", crlf.data(), crlf.size(), &tr, &te, &err)) << err;
  EXPECT_EQ(tr.rows, 2);
  EXPECT_EQ(tr.labels, std::vector<uint8_t>{3});
  EXPECT_EQ(tr.pixels, (std::vector<uint8_t>{0, 1, 2, 255}));
}

TEST(DataFormats, CsvBadInput) {
  EXPECT_NE(load_error("a.csv", text_bytes("")).find("CSV: empty file"), std::string::npos);
  EXPECT_NE(load_error("a.csv", text_bytes("1,2,3,4\n5,6,7,8\n")).find("must be a header"), std::string::npos);
  EXPECT_NE(load_error("a.csv", text_bytes("label,a,b,c\n1,2,3,4\n")).find("3 pixel columns"), std::string::npos);
  EXPECT_NE(load_error("a.csv", text_bytes("label,a,b,c,d\n1,2,3,4\n")).find("row 2 has 4 fields"),
            std::string::npos);
  EXPECT_NE(load_error("a.csv", text_bytes("label,a,b,c,d\n1,2,3,4,256\n")).find("column 5: '256'"),
            std::string::npos);
  EXPECT_NE(load_error("a.csv", text_bytes("a,b,c,d\n1,2,-3,4\n")).find("'-3' is not a whole number"),
            std::string::npos);
  EXPECT_NE(load_error("a.csv", text_bytes("a,b,c,d\n")).find("no images"), std::string::npos);
}

TEST(DataFormats, RgbPngZipWithClassSubfoldersAndGreyFolderOnDisk) {
  // Labels in class order, as the files are read (sorted by name).
  Dataset rgb = pattern(7, 12, 8, 3, true);
  for (int i = 0; i < 7; ++i) rgb.labels[i] = static_cast<uint8_t>(i * 3 / 7);
  const std::vector<uint8_t> zip = zip_bytes(image_folder_files(rgb, "pictures/"), true);
  Dataset tr, te;
  std::string err;
  ASSERT_TRUE(load_dataset_bytes("pictures.zip", zip.data(), zip.size(), &tr, &te, &err)) << err;
  expect_same(tr, rgb);  // classes "class0" < "class1" < "class2": labels as written

  // A grey folder on disk, no subfolders: no labels; hidden and non-image files are skipped.
  const Dataset grey = pattern(5, 6, 6, 1, false);
  const std::string dir = temp_dir("grey");
  for (const NamedBytes& f : image_folder_files(grey, "")) write(dir + "/" + f.name, f.bytes);
  write(dir + "/.hidden.png", {1, 2, 3});
  write(dir + "/notes.txt", {1, 2, 3});
  ASSERT_TRUE(load_dataset_path(dir, &tr, &te, &err)) << err;
  expect_same(tr, grey);
  EXPECT_EQ(te.count, 0);

}

// Pixels a, b of one size within `tolerance` of each other (JPEG is lossy).
void expect_near(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b, int tolerance) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) ASSERT_NEAR(a[i], b[i], tolerance) << "byte " << i;
}

// Smooth images (JPEG keeps them within a few levels): n of rows x cols x channels.
Dataset smooth(int n, int rows, int cols, int channels, bool labels) {
  Dataset d = pattern(n, rows, cols, channels, labels);
  for (size_t i = 0; i < d.pixels.size(); ++i) {
    const size_t x = i % cols, y = i / cols % rows, c = i / (rows * cols) % channels, image = i / d.dim();
    d.pixels[i] = static_cast<uint8_t>(30 + 3 * x + 2 * y + 20 * c + 10 * image);
  }
  return d;
}

TEST(DataFormats, JpegZipWithClassSubfoldersAndGreyJpegFolderOnDisk) {
  // The committed fixture (stb_image_write, quality 95, every value 120), named in capitals.
  std::vector<uint8_t> flat;
  std::string err;
  ASSERT_TRUE(read_file(std::string(AELAB_FIXTURE_DIR) + "/flat-16x16-rgb.jpg", 4096, &flat, &err)) << err;
  Dataset tr, te;
  const std::vector<uint8_t> fzip = zip_bytes({{"a.JPG", flat}}, false);
  ASSERT_TRUE(load_dataset_bytes("j.zip", fzip.data(), fzip.size(), &tr, &te, &err)) << err;
  ASSERT_EQ(tr.count, 1);
  EXPECT_EQ(tr.rows, 16);
  EXPECT_EQ(tr.channels, 3);
  expect_near(tr.pixels, std::vector<uint8_t>(16 * 16 * 3, 120), 2);

  // Colour JPEGs in class subfolders of a deflated .zip: CHW, labels in class order.
  Dataset rgb = smooth(6, 16, 24, 3, true);
  for (int i = 0; i < 6; ++i) rgb.labels[i] = static_cast<uint8_t>(i / 2);
  JpegOptions q95;
  q95.quality = 95;
  q95.subsample = false;
  const std::vector<uint8_t> zip = zip_bytes(jpeg_folder_files(rgb, "photos/", q95), true);
  ASSERT_TRUE(load_dataset_bytes("photos.zip", zip.data(), zip.size(), &tr, &te, &err)) << err;
  EXPECT_EQ(tr.count, 6);
  EXPECT_EQ(tr.rows, 16);
  EXPECT_EQ(tr.cols, 24);
  EXPECT_EQ(tr.channels, 3);
  EXPECT_EQ(tr.labels, rgb.labels);
  expect_near(tr.pixels, rgb.pixels, 4);

  // Grey JPEGs in class subfolders on disk: one channel, labels.
  Dataset grey = smooth(4, 10, 12, 1, true);
  grey.labels = {0, 0, 1, 2};  // in the order the files are read (sorted by name)
  const std::string dir = temp_dir("grey_jpeg");
  for (const std::string sub : {"/class0", "/class1", "/class2"}) mkdir((dir + sub).c_str(), 0755);
  for (const NamedBytes& f : jpeg_folder_files(grey, "", q95)) write(dir + "/" + f.name, f.bytes);
  ASSERT_TRUE(load_dataset_path(dir, &tr, &te, &err)) << err;
  EXPECT_EQ(tr.channels, 1);
  EXPECT_EQ(tr.labels, grey.labels);
  expect_near(tr.pixels, grey.pixels, 4);

  // A grey JPEG beside a colour PNG: the set is RGB, the grey image's value in all three.
  const Dataset one_grey = smooth(1, 8, 8, 1, false), one_rgb = pattern(1, 8, 8, 3, false);
  const std::vector<uint8_t> mixed =
      zip_bytes({{"a.jpeg", jpeg_file_bytes(one_grey, 0, q95)}, {"b.png", image_file_bytes(one_rgb, 0)}}, false);
  ASSERT_TRUE(load_dataset_bytes("m.zip", mixed.data(), mixed.size(), &tr, &te, &err)) << err;
  ASSERT_EQ(tr.channels, 3);
  for (int c = 0; c < 3; ++c)
    expect_near(std::vector<uint8_t>(tr.pixels.begin() + c * 64, tr.pixels.begin() + (c + 1) * 64), one_grey.pixels, 4);
  EXPECT_EQ(std::vector<uint8_t>(tr.pixels.begin() + 192, tr.pixels.end()), one_rgb.pixels);
}

TEST(DataFormats, BadJpegsGiveOneLine) {
  const Dataset d = smooth(1, 32, 32, 3, false);
  const std::vector<uint8_t> good = jpeg_file_bytes(d, 0);
  const std::vector<uint8_t> cut(good.begin(), good.begin() + good.size() / 2);
  EXPECT_EQ(load_error("a.zip", zip_bytes({{"c.jpg", cut}}, false)),
            "a.zip: c.jpg: not a valid JPEG (Premature end of JPEG file)");
  // Garbage between the start and the end marker.
  std::vector<uint8_t> garbage = {0xFF, 0xD8};
  for (int i = 0; i < 64; ++i) garbage.push_back(static_cast<uint8_t>((i * 73 + 11) & 0x7F));
  garbage.insert(garbage.end(), {0xFF, 0xD9});
  EXPECT_EQ(load_error("a.zip", zip_bytes({{"g.jpg", garbage}}, false)),
            "a.zip: g.jpg: not a valid JPEG (Corrupt JPEG data: 64 extraneous bytes before marker 0xd9)");
  // Too big for a data set by its header (SOF0's height and width rewritten): refused before decoding.
  std::vector<uint8_t> big = good;
  for (size_t i = 2; i + 9 < big.size(); ++i)
    if (big[i] == 0xFF && big[i + 1] == 0xC0) {
      big[i + 5] = 1, big[i + 6] = 44, big[i + 7] = 1, big[i + 8] = 44;  // 300 x 300
      break;
    }
  EXPECT_NE(load_error("a.zip", zip_bytes({{"big.jpg", big}}, false)).find("images are 300x300, larger than 256x256"),
            std::string::npos);
  const std::vector<uint8_t> cmyk_px(8 * 8 * 4, 100);
  JpegOptions cmyk;
  cmyk.space = JCS_CMYK;
  EXPECT_EQ(load_error("a.zip", zip_bytes({{"k.jpg", jpeg_bytes(cmyk_px.data(), 8, 8, 4, cmyk)}}, false)),
            "a.zip: k.jpg: a CMYK JPEG: only grey and colour (YCbCr or RGB) JPEGs are read");
  std::vector<uint8_t> empty = good;  // 0 pixels high
  for (size_t i = 2; i + 9 < empty.size(); ++i)
    if (empty[i] == 0xFF && empty[i + 1] == 0xC0) {
      empty[i + 5] = empty[i + 6] = 0;
      break;
    }
  EXPECT_EQ(load_error("a.zip", zip_bytes({{"z.jpg", empty}}, false)),
            "a.zip: z.jpg: not a valid JPEG (Empty JPEG image (DNL not supported))");
  // 127 scans: the DC, then each AC coefficient alone, its high bits and then its last bit.
  JpegOptions many;
  many.space = JCS_GRAYSCALE;
  many.scans.push_back({1, {0}, 0, 0, 0, 0});
  for (int pass = 0; pass < 2; ++pass)
    for (int k = 1; k < 64; ++k) many.scans.push_back({1, {0}, k, k, pass == 0 ? 0 : 1, pass == 0 ? 1 : 0});
  const std::vector<uint8_t> flat_grey(16 * 16, 90);
  EXPECT_EQ(load_error("a.zip", zip_bytes({{"s.jpg", jpeg_bytes(flat_grey.data(), 16, 16, 1, many)}}, false)),
            "a.zip: s.jpg: a progressive JPEG of more than 100 scans");
  // A good JPEG beside a cut one: nothing is loaded.
  EXPECT_NE(load_error("a.zip", zip_bytes({{"a.jpg", good}, {"b.jpg", cut}}, false)).find("b.jpg: not a valid JPEG"),
            std::string::npos);
}

TEST(DataFormats, ImageFolderBadInput) {
  const Dataset a = pattern(1, 8, 8, 1, false), b = pattern(1, 8, 9, 1, false);
  EXPECT_NE(load_error("a.zip", zip_bytes({{"a.png", image_file_bytes(a, 0)}, {"b.png", image_file_bytes(b, 0)}},
                                          false))
                .find("b.png is 9x8 but a.png is 8x8: the images must be of one size"),
            std::string::npos);
  EXPECT_NE(load_error("a.zip", zip_bytes({{"a.png", {0x89, 'P', 'N', 'G', 1, 2}}}, false)).find("not a PNG or JPEG"),
            std::string::npos);
  // A name with a line break is quoted on one line.
  EXPECT_NE(load_error("a.zip", zip_bytes({{"x\ny.png", {1, 2}}}, false)).find("x?y.png: not a PNG"),
            std::string::npos);
  EXPECT_NE(load_error("a.zip", zip_bytes({{"readme.txt", {1}}}, false)).find("no .png or .jpg images"),
            std::string::npos);
  // A PNG whose chunk claims 1.2 GB in a small file (stb_image 2.27 would allocate it first).
  const std::vector<uint8_t> png_lie = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0x49, 0xFF, 0xFF, 0xFF,
                                        'I', 'D', 'A', 'T', 0, 0, 0, 0};
  EXPECT_NE(load_error("a.zip", zip_bytes({{"p.png", png_lie}}, false)).find("p.png: corrupt PNG"), std::string::npos);
  EXPECT_NE(load_error("a.zip", zip_bytes({{"x/a.png", image_file_bytes(a, 0)}, {"b.png", image_file_bytes(a, 0)}},
                                          false))
                .find("both in class subfolders and beside them"),
            std::string::npos);
  const Dataset wide = pattern(1, 1, 257, 1, false);
  EXPECT_NE(load_error("a.zip", zip_bytes({{"w.png", image_file_bytes(wide, 0)}}, false)).find("larger than 256x256"),
            std::string::npos);
  // A PNG whose header is right but whose data is cut short: its last chunk runs past the end.
  std::vector<uint8_t> cut = image_file_bytes(pattern(1, 32, 32, 1, false), 0);
  cut.resize(cut.size() / 2);
  EXPECT_NE(load_error("a.zip", zip_bytes({{"c.png", cut}}, false)).find("c.png: corrupt PNG"), std::string::npos);
}

TEST(DataFormats, IdxFilesOfAnyNameLabelsOptional) {
  const std::string dir = temp_dir("idx");
  IdxImages images;
  images.count = 6, images.rows = 3, images.cols = 4;
  images.pixels = pattern(6, 3, 4, 1, false).pixels;
  write(dir + "/pics.bin", idx_images_bytes(images));
  write(dir + "/tags.bin", idx_labels_bytes({0, 1, 2, 0, 1, 2}));
  Dataset tr, te;
  std::string err;
  ASSERT_TRUE(load_idx_files({dir + "/pics.bin", "", dir + "/pics.bin", ""}, &tr, &te, &err)) << err;
  EXPECT_EQ(tr.count, 6);
  EXPECT_FALSE(tr.has_labels());
  EXPECT_EQ(te.pixels, images.pixels);
  ASSERT_TRUE(load_idx_files({dir + "/pics.bin", dir + "/tags.bin", "", ""}, &tr, &te, &err)) << err;
  EXPECT_EQ(tr.labels, (std::vector<uint8_t>{0, 1, 2, 0, 1, 2}));
  EXPECT_EQ(te.count, 0);

  Dataset keep = kSentinel, keep_test = kSentinel;
  EXPECT_FALSE(load_idx_files({dir + "/pics.bin", dir + "/tags.bin", dir + "/pics.bin", ""}, &keep, &keep_test, &err));
  EXPECT_NE(err.find("labels for one part only"), std::string::npos);
  EXPECT_FALSE(load_idx_files({dir + "/tags.bin", "", "", ""}, &keep, &keep_test, &err));
  EXPECT_NE(err.find("tags.bin: IDX images: file too short"), std::string::npos) << err;
  EXPECT_FALSE(load_idx_files({"", "", "", ""}, &keep, &keep_test, &err));
  EXPECT_NE(err.find("--train-images is required"), std::string::npos);
  expect_same(keep, kSentinel);
  expect_same(keep_test, kSentinel);
}

TEST(DataFormats, SeededSplitAndSummary) {
  Dataset all = pattern(100, 2, 2, 3, true);
  const Dataset copy = all;
  Dataset tr, te, tr2, te2;
  split_train_test(&all, 7, &tr, &te);
  EXPECT_EQ(tr.count, 80);
  EXPECT_EQ(te.count, 20);
  EXPECT_EQ(tr.channels, 3);
  EXPECT_EQ(tr.labels.size(), 80u);
  Dataset again = copy;
  split_train_test(&again, 7, &tr2, &te2);
  EXPECT_EQ(te.pixels, te2.pixels);
  Dataset other = copy;
  split_train_test(&other, 8, &tr2, &te2);
  EXPECT_NE(te.pixels, te2.pixels);
  EXPECT_EQ(data_summary(tr, te), "80 train + 20 test images, 2x2x3, values 0..255, labels 0-2");
  tr.labels.clear();
  te.labels.clear();
  EXPECT_NE(data_summary(tr, te).find("no labels"), std::string::npos);
  Dataset one = pattern(1, 2, 2, 1, false);
  split_train_test(&one, 1, &tr, &te);
  EXPECT_EQ(tr.count, 1);
  EXPECT_EQ(te.count, 1);
}

TEST(DataFormats, RgbModelsTrainAndCheckpointsKeepChannels) {
  for (const char* name : {"linear", "conv", "conv-strided", "conv-upsample", "vae"}) {
    ModelConfig c;
    c.model = name;
    c.image_rows = 16, c.image_cols = 12, c.image_channels = 3;
    std::string err;
    std::unique_ptr<Autoencoder> m = Autoencoder::create(c, 1, &err);
    ASSERT_TRUE(m) << name << ": " << err;
    EXPECT_EQ(m->input_dim(), 3 * 16 * 12) << name;
    const Dataset d = pattern(4, 16, 12, 3, false);
    std::vector<float> x(static_cast<size_t>(4) * d.dim()), y(x.size());
    images_to_float(d, nullptr, 0, 4, x.data());
    m->reconstruct(x.data(), 4, y.data());
    const double before = m->squared_error(x.data(), x.data(), 4);
    for (int step = 0; step < 30; ++step) m->train_step(x.data(), x.data(), 4);
    EXPECT_LT(m->squared_error(x.data(), x.data(), 4), before) << name;
    const std::string path = temp_dir("ckpt") + "/" + name + ".aelab";
    ASSERT_TRUE(m->save(path, &err)) << err;
    std::unique_ptr<Autoencoder> back = Autoencoder::load(path, 1, &err);
    ASSERT_TRUE(back) << err;
    EXPECT_EQ(back->config().image_channels, 3);
  }
  // A checkpoint's config text from before colour reads as grey.
  ModelConfig c;
  c.image_channels = 3;
  std::string text = config_to_text(c), err;
  EXPECT_NE(text.find("image_channels=3\n"), std::string::npos);
  text.erase(text.find("image_channels=3\n"), 17);
  ModelConfig back;
  back.image_channels = 3;
  ASSERT_TRUE(config_from_text(text, &back, &err)) << err;
  EXPECT_EQ(back.image_channels, 1);
  c.image_channels = 2;
  EXPECT_NE(validate_config(c).find("1 (grey) or 3 (RGB)"), std::string::npos);
}

}  // namespace
}  // namespace aelab
