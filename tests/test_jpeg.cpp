// JPEG decoding (jpeg_decode.h) on its own: pixels close to what was encoded for every colour
// space and coding the decoder meets; the same bytes decode to the same pixels in every build
// (this suite runs in the native and the wasm presets against the same checksums); every bad
// file gives one line and leaves the outputs untouched.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>

#include "jpeg_decode.h"
#include "jpeg_fixtures.h"
#include "test_util.h"

namespace aelab {
namespace {

// A w x h image with smooth gradients, a hard edge and a coloured patch: `components` bytes a
// pixel (1 grey, 3 RGB, 4 CMYK).
std::vector<uint8_t> scene(int w, int h, int components) {
  std::vector<uint8_t> px;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int c = 0; c < components; ++c) {
        int v = 40 + (x * 150) / w + (y * 50) / h + c * 20;  // gradients
        if (x > w / 2 && y > h / 3) v = 230 - c * 90;        // a patch with a hard edge
        px.push_back(static_cast<uint8_t>(v));
      }
  return px;
}

uint64_t fnv1a(const std::vector<uint8_t>& bytes) {
  uint64_t h = 1469598103934665603ull;
  for (uint8_t b : bytes) h = (h ^ b) * 1099511628211ull;
  return h;
}

int max_difference(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) {
  EXPECT_EQ(a.size(), b.size());
  int most = 0;
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) most = std::max(most, std::abs(a[i] - b[i]));
  return most;
}

// Decodes bytes that must be refused: the message, one line, and outputs untouched.
std::string decode_error(const std::vector<uint8_t>& bytes, int max_side = 256) {
  std::vector<uint8_t> pixels = {7};
  JpegHeader header;
  header.width = -5;
  std::string err;
  EXPECT_FALSE(decode_jpeg(bytes.data(), bytes.size(), 3, max_side, &pixels, &header, &err));
  EXPECT_EQ(pixels, std::vector<uint8_t>{7});
  EXPECT_EQ(header.width, -5);
  EXPECT_FALSE(err.empty());
  EXPECT_EQ(err.find('\n'), std::string::npos) << err;
  return err;
}

// The frame header's height and width rewritten (SOF0/1/2 markers).
std::vector<uint8_t> with_size(std::vector<uint8_t> jpeg, int w, int h) {
  for (size_t i = 2; i + 9 < jpeg.size(); ++i)
    if (jpeg[i] == 0xFF && (jpeg[i + 1] == 0xC0 || jpeg[i + 1] == 0xC1 || jpeg[i + 1] == 0xC2)) {
      jpeg[i + 5] = static_cast<uint8_t>(h >> 8), jpeg[i + 6] = static_cast<uint8_t>(h);
      jpeg[i + 7] = static_cast<uint8_t>(w >> 8), jpeg[i + 8] = static_cast<uint8_t>(w);
      return jpeg;
    }
  ADD_FAILURE() << "no frame header";
  return jpeg;
}

TEST(Jpeg, FlatFixtureDecodesNear120) {
  // stb_image_write's JPEG (quality 95) of a 16x16 RGB image whose every value is 120.
  std::vector<uint8_t> jpeg;
  std::string err;
  ASSERT_TRUE(read_file(std::string(AELAB_FIXTURE_DIR) + "/flat-16x16-rgb.jpg", 4096, &jpeg, &err)) << err;
  ASSERT_TRUE(is_jpeg(jpeg.data(), jpeg.size()));
  JpegHeader header;
  ASSERT_TRUE(read_jpeg_header(jpeg.data(), jpeg.size(), &header, &err)) << err;
  EXPECT_EQ(header.width, 16);
  EXPECT_EQ(header.height, 16);
  EXPECT_EQ(header.channels, 3);
  for (int channels : {1, 3, 4}) {
    std::vector<uint8_t> px;
    ASSERT_TRUE(decode_jpeg(jpeg.data(), jpeg.size(), channels, 256, &px, &header, &err)) << err;
    ASSERT_EQ(px.size(), 16u * 16u * channels);
    for (size_t i = 0; i < px.size(); ++i) {
      if (channels == 4 && i % 4 == 3) {
        EXPECT_EQ(px[i], 255) << "alpha at " << i;
      } else {
        EXPECT_NEAR(px[i], 120, 2) << "channels " << channels << " byte " << i;
      }
    }
  }
}

TEST(Jpeg, EveryColourSpaceAndCodingDecodesCloseToItsSource) {
  const int w = 37, h = 21;  // not whole blocks or MCUs: the edges are padded
  const std::vector<uint8_t> rgb = scene(w, h, 3), grey = scene(w, h, 1);
  struct Case {
    const char* what;
    JpegOptions options;
    int tolerance;  // largest difference to the source, at quality 95
  };
  std::vector<Case> cases;
  JpegOptions o;
  o.quality = 95;
  o.subsample = false;
  cases.push_back({"YCbCr 4:4:4 baseline", o, 12});
  o.progressive = true;
  cases.push_back({"YCbCr 4:4:4 progressive", o, 12});
  o.arithmetic = true;
  o.restart_rows = 1;
  cases.push_back({"YCbCr 4:4:4 progressive, arithmetic coding, restart markers", o, 12});
  o = JpegOptions();
  o.quality = 95;
  o.space = JCS_RGB;
  cases.push_back({"RGB", o, 12});
  for (const Case& c : cases) {
    const std::vector<uint8_t> jpeg = jpeg_bytes(rgb.data(), w, h, 3, c.options);
    std::vector<uint8_t> px;
    JpegHeader header;
    std::string err;
    ASSERT_TRUE(decode_jpeg(jpeg.data(), jpeg.size(), 3, 256, &px, &header, &err)) << c.what << ": " << err;
    EXPECT_EQ(header.width, w);
    EXPECT_EQ(header.height, h);
    EXPECT_EQ(header.channels, 3);
    EXPECT_LE(max_difference(px, rgb), c.tolerance) << c.what;
  }
  // Chroma at half resolution blurs the patch's colour edge: only the means stay close there.
  o = JpegOptions();
  o.quality = 95;
  const std::vector<uint8_t> jpeg420 = jpeg_bytes(rgb.data(), w, h, 3, o);
  std::vector<uint8_t> px;
  JpegHeader header;
  std::string err;
  ASSERT_TRUE(decode_jpeg(jpeg420.data(), jpeg420.size(), 3, 256, &px, &header, &err)) << err;
  double sum_in = 0, sum_out = 0;
  for (size_t i = 0; i < rgb.size(); ++i) sum_in += rgb[i], sum_out += px[i];
  EXPECT_NEAR(sum_out / rgb.size(), sum_in / rgb.size(), 1.0);

  // Grey: one channel in the header; as RGB, the grey value three times.
  JpegOptions g;
  g.quality = 95;
  g.space = JCS_GRAYSCALE;
  const std::vector<uint8_t> gjpeg = jpeg_bytes(grey.data(), w, h, 1, g);
  ASSERT_TRUE(read_jpeg_header(gjpeg.data(), gjpeg.size(), &header, &err)) << err;
  EXPECT_EQ(header.channels, 1);
  std::vector<uint8_t> one, three;
  ASSERT_TRUE(decode_jpeg(gjpeg.data(), gjpeg.size(), 1, 256, &one, &header, &err)) << err;
  ASSERT_TRUE(decode_jpeg(gjpeg.data(), gjpeg.size(), 3, 256, &three, &header, &err)) << err;
  EXPECT_LE(max_difference(one, grey), 12);
  for (size_t p = 0; p < one.size(); ++p)
    ASSERT_TRUE(three[3 * p] == one[p] && three[3 * p + 1] == one[p] && three[3 * p + 2] == one[p]) << p;
}

TEST(Jpeg, SameBytesDecodeToTheSamePixelsInEveryBuild) {
  // The files are made here by the same libjpeg, so their own checksums come first: a change
  // of encoder shows there, a change of decoder in the pixels' checksums.
  const int w = 40, h = 24;
  const std::vector<uint8_t> rgb = scene(w, h, 3);
  JpegOptions o;
  o.quality = 75;
  o.progressive = true;
  const std::vector<uint8_t> progressive420 = jpeg_bytes(rgb.data(), w, h, 3, o);
  o.progressive = false;
  o.subsample = false;
  o.restart_rows = 1;
  const std::vector<uint8_t> baseline444 = jpeg_bytes(rgb.data(), w, h, 3, o);
  struct Case {
    const std::vector<uint8_t>* jpeg;
    uint64_t file, grey, rgb, rgba;
  };
  const Case cases[] = {
      {&progressive420, 10515639485811506198ull, 288192296820503179ull, 16935542570531802835ull,
       16785460444999556689ull},
      {&baseline444, 633264055886226526ull, 288192296820503179ull, 17401653757430277603ull, 2640153345066380143ull},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(fnv1a(*c.jpeg), c.file);
    const uint64_t want[3] = {c.grey, c.rgb, c.rgba};
    for (int k = 0; k < 3; ++k) {
      std::vector<uint8_t> px;
      JpegHeader header;
      std::string err;
      ASSERT_TRUE(decode_jpeg(c.jpeg->data(), c.jpeg->size(), k == 0 ? 1 : k == 1 ? 3 : 4, 256, &px, &header, &err))
          << err;
      EXPECT_EQ(fnv1a(px), want[k]) << "channels " << (k == 0 ? 1 : k == 1 ? 3 : 4);
    }
  }
}

TEST(Jpeg, BadFilesAreRefusedInOneLine) {
  const int w = 32, h = 32;
  const std::vector<uint8_t> rgb = scene(w, h, 3);
  const std::vector<uint8_t> good = jpeg_bytes(rgb.data(), w, h, 3, JpegOptions());

  std::vector<uint8_t> cut(good.begin(), good.begin() + good.size() / 2);
  EXPECT_EQ(decode_error(cut), "not a valid JPEG (Premature end of JPEG file)");
  std::vector<uint8_t> no_end(good.begin(), good.end() - 2);  // every pixel there, no end marker
  EXPECT_EQ(decode_error(no_end), "not a valid JPEG (Premature end of JPEG file)");
  std::vector<uint8_t> garbage = {0xFF, 0xD8};
  for (int i = 0; i < 100; ++i) garbage.push_back(static_cast<uint8_t>(i * 73 + 11));
  EXPECT_NE(decode_error(garbage).find("not a valid JPEG (Corrupt JPEG data: "), std::string::npos);
  EXPECT_NE(decode_error({0xFF, 0xD8}).find("not a valid JPEG ("), std::string::npos);
  EXPECT_EQ(decode_error({}), "not a valid JPEG (Empty input file)");
  // Corrupt entropy-coded data in the middle (libjpeg would fill it in and carry on).
  std::vector<uint8_t> flipped = good;
  for (size_t i = good.size() - 200; i < good.size() - 100; ++i) flipped[i] = static_cast<uint8_t>(flipped[i] ^ 0x5A);
  EXPECT_NE(decode_error(flipped).find("not a valid JPEG ("), std::string::npos);

  EXPECT_EQ(decode_error(with_size(good, 300, 20)), "300x20 pixels, larger than 256x256");
  EXPECT_EQ(decode_error(with_size(good, 3000, 3000), 2048), "3000x3000 pixels, larger than 2048x2048");
  EXPECT_EQ(decode_error(with_size(good, 0, 32)), "not a valid JPEG (Empty JPEG image (DNL not supported))");

  const std::vector<uint8_t> cmyk_px = scene(8, 8, 4);
  JpegOptions k;
  k.space = JCS_CMYK;
  const std::vector<uint8_t> cmyk = jpeg_bytes(cmyk_px.data(), 8, 8, 4, k);
  EXPECT_EQ(decode_error(cmyk), "a CMYK JPEG: only grey and colour (YCbCr or RGB) JPEGs are read");
  k.space = JCS_YCCK;
  const std::vector<uint8_t> ycck = jpeg_bytes(cmyk_px.data(), 8, 8, 4, k);
  EXPECT_EQ(decode_error(ycck), "a YCCK JPEG: only grey and colour (YCbCr or RGB) JPEGs are read");
  JpegHeader header;
  std::string err;
  EXPECT_FALSE(read_jpeg_header(cmyk.data(), cmyk.size(), &header, &err));
  EXPECT_EQ(header.width, 0);  // untouched

  // A valid progressive file of 127 scans: the DC, then each AC coefficient alone, first its
  // high bits and then its last bit. Legal, and 13 times the work of an ordinary one.
  const std::vector<uint8_t> grey = scene(16, 16, 1);
  JpegOptions many;
  many.space = JCS_GRAYSCALE;
  many.scans.push_back({1, {0}, 0, 0, 0, 0});
  for (int pass = 0; pass < 2; ++pass)
    for (int k = 1; k < 64; ++k) many.scans.push_back({1, {0}, k, k, pass == 0 ? 0 : 1, pass == 0 ? 1 : 0});
  const std::vector<uint8_t> scans = jpeg_bytes(grey.data(), 16, 16, 1, many);
  EXPECT_EQ(decode_error(scans), "a progressive JPEG of more than 100 scans");
  many.scans.resize(kMaxJpegScans);  // as many as allowed (the last bits of the high AC left out)
  const std::vector<uint8_t> enough = jpeg_bytes(grey.data(), 16, 16, 1, many);
  std::vector<uint8_t> px;
  EXPECT_TRUE(decode_jpeg(enough.data(), enough.size(), 1, 256, &px, &header, &err)) << err;
}

}  // namespace
}  // namespace aelab
