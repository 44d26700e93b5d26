// Models out and in: every zoo model's weights survive safetensors and npz round trips under
// PyTorch's names and shapes; NumPy's own npz files read; and every bad input of the safetensors,
// npy, zip and import readers is its one-line message, never a crash or a half-filled result.
// (The PyTorch side, aelab_torch.py and ONNX, is tests/scripts/test_torch_roundtrip.sh.)
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "model_export.h"
#include "models.h"
#include "npy.h"
#include "npz.h"
#include "safetensors.h"
#include "test_util.h"
#include "zip.h"

namespace aelab {
namespace {

Checkpoint checkpoint_of(const std::string& model, const std::string& arch = "linear") {
  Checkpoint ck;
  ck.config.model = model;
  ck.config.arch = arch;
  ck.config = resolve_defaults(ck.config);
  ck.params.resize(static_cast<size_t>(count_params(build_model(ck.config))));
  for (size_t i = 0; i < ck.params.size(); ++i) ck.params[i] = static_cast<float>(i % 1000) * 1e-3f - 0.5f;
  return ck;
}

std::vector<uint8_t> safetensors_of(const std::string& header, size_t data_bytes) {
  std::vector<uint8_t> out(8 + header.size() + data_bytes, 0);
  const uint64_t n = header.size();
  std::memcpy(out.data(), &n, 8);
  std::memcpy(out.data() + 8, header.data(), header.size());
  return out;
}

std::string parse_error(const std::vector<uint8_t>& bytes) {
  TensorSet set;
  set.metadata = {{"untouched", "yes"}};
  std::string err;
  EXPECT_FALSE(parse_safetensors(bytes.data(), bytes.size(), &set, &err));
  EXPECT_EQ(set.metadata.size(), 1u);  // nothing half-loaded
  return err;
}

std::string import_error(const TensorSet& set) {
  Checkpoint ck;
  ck.steps = 77;
  std::string err;
  EXPECT_FALSE(import_tensors(set, &ck, &err));
  EXPECT_EQ(ck.steps, 77);
  return err;
}

TEST(ModelExport, EveryModelRoundTripsThroughSafetensorsAndNpz) {
  for (int i = 0; i < kModelCount; ++i) {
    const Checkpoint ck = checkpoint_of(kModels[i].name, "conv-upsample");
    const TensorSet set = export_tensors(ck);
    for (const std::vector<uint8_t>& bytes : {safetensors_bytes(set), npz_bytes(set)}) {
      TensorSet back;
      Checkpoint imported;
      std::string err;
      const bool st = bytes == safetensors_bytes(set);
      ASSERT_TRUE(st ? parse_safetensors(bytes.data(), bytes.size(), &back, &err)
                     : parse_npz(bytes.data(), bytes.size(), &back, &err)) << kModels[i].name << ": " << err;
      ASSERT_TRUE(import_tensors(back, &imported, &err)) << kModels[i].name << ": " << err;
      EXPECT_EQ(imported.params, ck.params) << kModels[i].name;
      EXPECT_EQ(config_to_text(imported.config), config_to_text(ck.config));
      EXPECT_EQ(imported.moment1, std::vector<float>(ck.params.size(), 0.0f));
      EXPECT_EQ(*back.meta("aelab.layers"), *set.meta("aelab.layers"));
    }
  }
}

TEST(ModelExport, NamesAndShapesArePyTorchs) {
  const TensorSet linear = export_tensors(checkpoint_of("linear"));
  ASSERT_EQ(linear.tensors.size(), 4u);
  EXPECT_EQ(linear.tensors[0].name, "encoder.0.weight");
  EXPECT_EQ(linear.tensors[0].shape, (std::vector<int64_t>{32, 784}));
  EXPECT_EQ(linear.tensors[3].name, "decoder.0.bias");
  EXPECT_EQ(linear.tensors[3].shape, (std::vector<int64_t>{784}));
  const TensorSet conv = export_tensors(checkpoint_of("conv"));
  EXPECT_EQ(conv.find("encoder.0.weight")->shape, (std::vector<int64_t>{16, 1, 3, 3}));      // Conv2d
  EXPECT_EQ(conv.find("encoder.3.weight")->shape, (std::vector<int64_t>{4, 16, 3, 3}));
  EXPECT_EQ(conv.find("decoder.0.weight")->shape, (std::vector<int64_t>{4, 16, 2, 2}));      // ConvTranspose2d
  EXPECT_EQ(conv.find("decoder.2.weight")->shape, (std::vector<int64_t>{16, 1, 2, 2}));
  const TensorSet vae = export_tensors(checkpoint_of("vae"));
  EXPECT_EQ(vae.find("encoder.2.weight")->shape, (std::vector<int64_t>{40, 400}));  // [mu | logvar]
  EXPECT_EQ(vae.find("decoder.0.weight")->shape, (std::vector<int64_t>{400, 20}));
  EXPECT_EQ(*vae.meta("aelab.encoder_end"), "3");
}

TEST(ModelExport, ReadsNumpysOwnNpzFiles) {
  for (const char* name : {"numpy-savez.npz", "numpy-savez-compressed.npz"}) {
    std::vector<uint8_t> bytes;
    std::string err;
    ASSERT_TRUE(read_file(std::string(AELAB_FIXTURE_DIR) + "/" + name, 1 << 20, &bytes, &err)) << err;
    TensorSet set;
    ASSERT_TRUE(parse_npz(bytes.data(), bytes.size(), &set, &err)) << name << ": " << err;
    ASSERT_TRUE(set.find("w") && set.find("b"));
    EXPECT_EQ(set.find("w")->shape, (std::vector<int64_t>{2, 3}));
    EXPECT_EQ(set.find("w")->values, (std::vector<float>{0, 0.5f, 1, 1.5f, 2, 2.5f}));
    EXPECT_EQ(set.find("b")->values, (std::vector<float>{-1, -2, -3}));
  }
}

TEST(ModelExport, SafetensorsTruncatedAtEveryLengthIsAnError) {
  const std::vector<uint8_t> bytes = safetensors_bytes(export_tensors(checkpoint_of("conv")));
  for (size_t n = 0; n < bytes.size(); n += (n < 2000 ? 1 : 97)) {
    TensorSet set;
    std::string err;
    EXPECT_FALSE(parse_safetensors(bytes.data(), n, &set, &err)) << n;
    EXPECT_FALSE(err.empty());
  }
}

TEST(ModelExport, BadSafetensorsGetTheirMessages) {
  EXPECT_EQ(parse_error({1, 2, 3}), "safetensors: file too short for a header (3 bytes)");
  std::vector<uint8_t> huge(16, 0);
  huge[7] = 0x7f;
  EXPECT_EQ(parse_error(huge), "safetensors: header length 9151314442816847872 is beyond the file or the limit of 1048576 bytes");
  EXPECT_EQ(parse_error(safetensors_of("[1]", 0)), "safetensors: bad header: expected '{'");
  EXPECT_EQ(parse_error(safetensors_of("{\"w\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,2]}}", 2)),
            "safetensors: bad header: tensor 'w' has dtype F16 (aelab reads F32)");
  EXPECT_EQ(parse_error(safetensors_of("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}", 20)),
            "safetensors: tensor 'w' of shape [2, 3] has data_offsets that do not span its size");
  EXPECT_EQ(parse_error(safetensors_of("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 12)),
            "safetensors: the tensors' data_offsets do not tile the 12 data bytes (gap, overlap or truncation)");
  EXPECT_EQ(parse_error(safetensors_of("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                                       "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12)),
            "safetensors: the tensors' data_offsets do not tile the 12 data bytes (gap, overlap or truncation)");
  EXPECT_EQ(parse_error(safetensors_of("{\"w\":{\"dtype\":\"F32\",\"shape\":[67108864,2],\"data_offsets\":[0,8]}}", 8)),
            "safetensors: more than 67108864 values in all");
  EXPECT_EQ(parse_error(safetensors_of("{\"w\":{\"dtype\":\"F32\",\"shape\":[99999999999],\"data_offsets\":[0,8]}}", 8)),
            "safetensors: bad header: integer beyond 67108864");
  EXPECT_EQ(parse_error(safetensors_of("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                                       "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8)),
            "safetensors: bad header: tensor 'w' appears twice");
  EXPECT_EQ(parse_error(safetensors_of("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4)),
            "safetensors: bad header: tensor 'w' lacks dtype, shape or data_offsets");
  EXPECT_EQ(parse_error(safetensors_of("{\"__metadata__\":{\"k\":\"unterminated}}", 0)),
            "safetensors: bad header: unterminated string");
  EXPECT_EQ(parse_error(safetensors_of("{} x", 0)), "safetensors: bad header: text after the header's object");
  // Escapes, including a surrogate pair, decode to UTF-8.
  TensorSet set;
  std::string err;
  const std::vector<uint8_t> ok = safetensors_of("{\"__metadata__\":{\"k\":\"a\\nb\\u00e9\\ud83d\\ude00\"}}", 0);
  ASSERT_TRUE(parse_safetensors(ok.data(), ok.size(), &set, &err)) << err;
  EXPECT_EQ(*set.meta("k"), "a\nb\xc3\xa9\xf0\x9f\x98\x80");
}

TEST(ModelExport, ImportRefusesWeightsOfAnotherArchitecture) {
  const TensorSet good = export_tensors(checkpoint_of("linear"));
  TensorSet no_config = good;
  no_config.metadata.clear();
  EXPECT_EQ(import_error(no_config), "no aelab.config metadata (write the file with python/aelab_torch.py's save)");
  TensorSet bad_config = good;
  bad_config.metadata[1].second = "model=resnet\n";
  EXPECT_EQ(import_error(bad_config).substr(0, 46), "aelab.config metadata: bad value for config ke");
  TensorSet wrong_shape = good;
  wrong_shape.tensors[0].shape = {16, 784};
  EXPECT_EQ(import_error(wrong_shape), "tensor 'encoder.0.weight' has shape [16, 784] but this linear model needs [32, 784]");
  TensorSet missing = good;
  missing.tensors.pop_back();
  EXPECT_EQ(import_error(missing), "missing tensor 'decoder.0.bias' of a linear model");
  TensorSet extra = good;
  extra.tensors.push_back({"encoder.9.weight", {1}, {0.0f}});
  EXPECT_EQ(import_error(extra), "unexpected tensor 'encoder.9.weight' for a linear model");
  TensorSet nan = good;
  nan.tensors[2].values[5] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(import_error(nan), "tensor 'decoder.0.weight' holds non-finite (NaN or infinite) values");
}

// The .npy writer (codes, exports) against the one reader; the reader's bad inputs are
// test_data_formats' (it reads data sets too).
TEST(ModelExport, NpyWriterReadsBack) {
  const float v[6] = {1, 2, 3, 4, 5, 6};
  const std::vector<uint8_t> good = npy_bytes("<f4", {2, 3}, v, sizeof v);
  NpyArray a;
  std::string err;
  ASSERT_TRUE(parse_npy(good.data(), good.size(), &a, &err)) << err;
  EXPECT_EQ(a.shape, (std::vector<uint64_t>{2, 3}));
  EXPECT_EQ(a.kind, 'f');
  EXPECT_EQ(a.item_size, 4);
  EXPECT_EQ(a.at(5), 6.0);
  EXPECT_EQ(good.size() % 64, 24u);  // header padded so the data starts 64-byte aligned
  const uint8_t bytes[3] = {7, 8, 9};
  const std::vector<uint8_t> labels = npy_bytes("|u1", {3}, bytes, 3);
  ASSERT_TRUE(parse_npy(labels.data(), labels.size(), &a, &err)) << err;
  EXPECT_EQ(a.shape, (std::vector<uint64_t>{3}));
  EXPECT_EQ(a.at(2), 9.0);
}

std::string npz_error(const std::vector<uint8_t>& bytes) {
  TensorSet set;
  set.metadata = {{"untouched", "yes"}};
  std::string err;
  EXPECT_FALSE(parse_npz(bytes.data(), bytes.size(), &set, &err));
  EXPECT_EQ(set.metadata.size(), 1u);
  return err;
}

TEST(ModelExport, BadZipAndNpzGetTheirMessages) {
  TensorSet set;
  set.tensors.push_back({"w", {2}, {1.0f, 2.0f}});
  const std::vector<uint8_t> good = npz_bytes(set);
  EXPECT_EQ(npz_error({'n', 'o', 'p', 'e'}), "zip: no end-of-central-directory record (not a zip file, or truncated)");
  std::vector<uint8_t> flipped = good;
  flipped[30 + 5 + 70] ^= 1;  // in the .npy's data
  EXPECT_EQ(npz_error(flipped), "zip: w.npy: CRC mismatch (archive is corrupt)");
  std::vector<uint8_t> method = good;
  const size_t central = good.size() - 22 - 46 - 5;
  method[central + 10] = 12;  // bzip2
  EXPECT_EQ(npz_error(method), "zip: w.npy uses compression method 12 (only stored and deflate are read)");
  std::vector<uint8_t> bomb = good;
  bomb[central + 20] = bomb[central + 24] = 0xff;  // sizes of 4 GB - 1
  bomb[central + 21] = bomb[central + 25] = 0xff;
  bomb[central + 22] = bomb[central + 26] = 0xff;
  bomb[central + 23] = bomb[central + 27] = 0xfe;
  EXPECT_EQ(npz_error(bomb), "zip: w.npy claims 4278190079 bytes from 4278190079 (a zip bomb, or corrupt)");
  std::vector<uint8_t> truncated(good.begin(), good.end() - 1);
  EXPECT_EQ(npz_error(truncated), "zip: no end-of-central-directory record (not a zip file, or truncated)");
  for (size_t n = 0; n < good.size(); ++n) {
    TensorSet out;
    std::string err;
    EXPECT_FALSE(parse_npz(good.data(), n, &out, &err)) << n;
  }
  TensorSet labels;
  labels.metadata = {{"k", "v"}};
  std::vector<uint8_t> u1 = npz_bytes(labels);
  // The metadata entry renamed to a tensor's name: u1 data where weights must be f4.
  for (size_t i = 0; i + 13 <= u1.size(); ++i)
    if (std::memcmp(u1.data() + i, "__metadata__.", 13) == 0) std::memcpy(u1.data() + i, "xxxxxxxxxxxxx", 13);
  EXPECT_EQ(npz_error(u1), "npz: array 'xxxxxxxxxxxxxk' is not float32 (aelab reads float32 weights)");
}

}  // namespace
}  // namespace aelab
