// Checkpoints: round trip through the API, and every kind of damage (truncation at every
// length, flipped bytes, foreign files, future versions, mismatched architecture) is a clear
// error, never a crash; a failed save leaves the previous file intact.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "aelab.h"
#include "checkpoint.h"
#include "test_util.h"

namespace aelab {
namespace {

ModelConfig small_config() {
  ModelConfig c;
  c.image_rows = 4;
  c.image_cols = 5;
  c.code_dim = 3;
  c.batch = 4;
  c.seed = 42;
  return c;
}

std::unique_ptr<Autoencoder> trained_model(const ModelConfig& c) {
  std::string err;
  std::unique_ptr<Autoencoder> m = Autoencoder::create(c, 1, &err);
  EXPECT_TRUE(m) << err;
  Rng rng(1);
  std::vector<float> x = random_vector(rng, 4 * 20, 0, 1);
  for (int i = 0; i < 5; ++i) m->train_step(x.data(), x.data(), 4);
  m->set_epochs_trained(3);
  return m;
}

TEST(Checkpoint, RoundTripKeepsWeightsOptimizerStateAndConfig) {
  const ModelConfig c = small_config();
  std::unique_ptr<Autoencoder> a = trained_model(c);
  const std::string path = temp_path("model.aelab");
  std::string err;
  ASSERT_TRUE(a->save(path, &err)) << err;
  std::unique_ptr<Autoencoder> b = Autoencoder::load(path, 2, &err);
  ASSERT_TRUE(b) << err;
  EXPECT_EQ(a->parameters(), b->parameters());
  EXPECT_EQ(b->steps(), 5);
  EXPECT_EQ(b->epochs_trained(), 3);
  EXPECT_EQ(config_to_text(b->config()), config_to_text(resolve_defaults(c)));
  // Same optimizer state: one more identical step gives identical weights.
  Rng rng(9);
  std::vector<float> x = random_vector(rng, 4 * 20, 0, 1);
  std::unique_ptr<Autoencoder> a1 = Autoencoder::load(path, 1, &err);
  a1->train_step(x.data(), x.data(), 4);
  a->train_step(x.data(), x.data(), 4);
  EXPECT_EQ(a->parameters(), a1->parameters());
}

TEST(Checkpoint, CloneAndSetParameters) {
  std::unique_ptr<Autoencoder> a = trained_model(small_config());
  std::unique_ptr<Autoencoder> b = a->clone(1);  // same thread count: same bits
  EXPECT_EQ(a->parameters(), b->parameters());
  EXPECT_EQ(b->steps(), a->steps());
  Rng rng(4);
  std::vector<float> x = random_vector(rng, 4 * 20, 0, 1);
  a->train_step(x.data(), x.data(), 4);
  b->train_step(x.data(), x.data(), 4);
  EXPECT_EQ(a->parameters(), b->parameters());  // optimizer state came along too
  std::vector<float> p = a->parameters();
  p[0] += 1.0f;
  EXPECT_TRUE(b->set_parameters(p));
  EXPECT_EQ(b->parameters(), p);
  EXPECT_FALSE(b->set_parameters(std::vector<float>(3, 0.0f)));
}

class CorruptCheckpoint : public ::testing::Test {
 protected:
  void SetUp() override {
    Checkpoint c;
    c.config = small_config();
    c.steps = 7;
    c.epochs = 1;
    c.params.assign(3 * 20 + 3 + 20 * 3 + 20, 0.5f);
    c.moment1 = c.params;
    c.moment2 = c.params;
    bytes = checkpoint_bytes(c);
  }
  std::string parse_error(const std::vector<uint8_t>& b) {
    Checkpoint out;
    std::string err;
    EXPECT_FALSE(parse_checkpoint(b.data(), b.size(), &out, &err));
    EXPECT_FALSE(err.empty());
    return err;
  }
  std::vector<uint8_t> bytes;
};

TEST_F(CorruptCheckpoint, IntactBytesParse) {
  Checkpoint out;
  std::string err;
  ASSERT_TRUE(parse_checkpoint(bytes.data(), bytes.size(), &out, &err)) << err;
  EXPECT_EQ(out.steps, 7);
  EXPECT_EQ(out.params.size(), 143u);
}

TEST_F(CorruptCheckpoint, EveryTruncationIsAnError) {
  for (size_t n = 0; n < bytes.size(); ++n) {
    std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + n);
    const std::string err = parse_error(cut);
    if (n >= 8) {
      EXPECT_TRUE(err.find("truncated") != std::string::npos || err.find("corrupt") != std::string::npos)
          << n << ": " << err;
    }
  }
}

TEST_F(CorruptCheckpoint, EveryFlippedByteIsAnError) {
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::vector<uint8_t> bad = bytes;
    bad[i] ^= 0x40;
    parse_error(bad);
  }
}

TEST_F(CorruptCheckpoint, ForeignFileAndFutureVersion) {
  EXPECT_NE(parse_error({0x89, 'P', 'N', 'G', '\r', '\n', 26, '\n', 0, 0}).find("not an aelab checkpoint"),
            std::string::npos);
  std::vector<uint8_t> future = bytes;
  future[8] = 99;
  EXPECT_NE(parse_error(future).find("format version 99 was written by a newer aelab"), std::string::npos);
  std::vector<uint8_t> zero = bytes;
  zero[8] = 0;
  EXPECT_NE(parse_error(zero).find("format version 0 does not exist"), std::string::npos);
}

// NaN or infinity with a valid checksum (written by a buggy or hostile program, not damaged on
// disk): only the finiteness check can refuse it, in the weights and in both Adam moments.
TEST_F(CorruptCheckpoint, NonFiniteValueWithValidChecksumIsAnError) {
  // The 5th value of block 0, 1 or 2 (params, moment1, moment2, 143 floats each, then the CRC).
  auto poisoned = [&](size_t block, float bad) {
    std::vector<uint8_t> b = bytes;
    std::memcpy(b.data() + b.size() - 4 - (3 - block) * 143 * 4 + 5 * 4, &bad, 4);
    const uint32_t crc = crc32(b.data(), b.size() - 4);
    std::memcpy(b.data() + b.size() - 4, &crc, 4);
    return b;
  };
  for (const size_t block : {0, 1, 2}) {
    for (const float bad : {std::nanf(""), std::numeric_limits<float>::infinity()}) {
      EXPECT_NE(parse_error(poisoned(block, bad)).find("holds non-finite (NaN or infinite) values"),
                std::string::npos)
          << "block " << block << ", " << bad;
    }
  }
  // The same from a file, as the CLI and the app see it.
  const std::string path = temp_path("nan.aelab");
  std::string err;
  ASSERT_TRUE(write_file_atomic(path, poisoned(0, std::nanf("")), &err)) << err;
  EXPECT_FALSE(Autoencoder::load(path, 1, &err));
  EXPECT_EQ(err, path + ": checkpoint holds non-finite (NaN or infinite) values");
}

// A version-1 file written by the first release (tests/fixtures/checkpoint-v1.aelab, the small
// config trained 5 steps) must keep loading as the format evolves.
TEST(Checkpoint, CommittedVersion1FixtureLoads) {
  std::string err;
  std::unique_ptr<Autoencoder> m = Autoencoder::load(std::string(AELAB_FIXTURE_DIR) + "/checkpoint-v1.aelab", 1, &err);
  ASSERT_TRUE(m) << err;
  EXPECT_EQ(m->config().image_rows, 4);
  EXPECT_EQ(m->config().image_cols, 5);
  EXPECT_EQ(m->steps(), 5);
  EXPECT_EQ(m->epochs_trained(), 3);
  // Recomputed here, so equal up to the last bits another SIMD width may round differently.
  const std::vector<float> expected = trained_model(small_config())->parameters();
  const std::vector<float> got = m->parameters();
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], expected[i], 1e-5f) << i;
}

TEST(Checkpoint, ArchitectureMismatchIsAnError) {
  Checkpoint c;
  c.config = small_config();
  c.params.assign(10, 0.0f);
  c.moment1 = c.moment2 = c.params;
  const std::string path = temp_path("wrong.aelab");
  std::string err;
  ASSERT_TRUE(save_checkpoint(path, c, &err)) << err;
  EXPECT_FALSE(Autoencoder::load(path, 1, &err));
  EXPECT_NE(err.find("has 10 parameters"), std::string::npos) << err;
}

// A small file whose config asks for a huge model is refused before anything is allocated.
TEST(Checkpoint, HugeConfigIsRefusedNotAllocated) {
  ModelConfig big;
  big.image_rows = big.image_cols = 256;
  big.code_dim = 4096;
  big.batch = 65536;
  std::string err;
  EXPECT_FALSE(Autoencoder::create(big, 1, &err));
  EXPECT_NE(err.find("more than the limit"), std::string::npos) << err;
  Checkpoint c;
  c.config = big;
  c.params.assign(10, 0.0f);
  c.moment1 = c.moment2 = c.params;
  const std::string path = temp_path("huge.aelab");
  ASSERT_TRUE(save_checkpoint(path, c, &err)) << err;
  EXPECT_FALSE(Autoencoder::load(path, 1, &err));
  EXPECT_NE(err.find("has 10 parameters"), std::string::npos) << err;
}

TEST(Checkpoint, FailedSaveKeepsThePreviousFile) {
  std::unique_ptr<Autoencoder> m = trained_model(small_config());
  const std::string path = temp_path("keep.aelab");
  std::string err;
  ASSERT_TRUE(m->save(path, &err)) << err;
  // A directory in the way of the temp file makes the next save fail before the rename.
  const std::string blocker = path + ".tmp-" + std::to_string(static_cast<long>(getpid()));
  ASSERT_EQ(mkdir(blocker.c_str(), 0755), 0);
  m->set_epochs_trained(99);
  EXPECT_FALSE(m->save(path, &err));
  rmdir(blocker.c_str());
  std::unique_ptr<Autoencoder> back = Autoencoder::load(path, 1, &err);
  ASSERT_TRUE(back) << err;
  EXPECT_EQ(back->epochs_trained(), 3);
}

TEST(Checkpoint, ConfigTextRejectsUnknownKeysAndBadValues) {
  ModelConfig c;
  std::string err;
  EXPECT_FALSE(config_from_text("model=linear\nwat=1\n", &c, &err));
  EXPECT_NE(err.find("unknown config key 'wat'"), std::string::npos);
  EXPECT_FALSE(config_from_text("code_dim=99999999999\n", &c, &err));
  EXPECT_FALSE(config_from_text("lr=nan\n", &c, &err));
  EXPECT_FALSE(config_from_text("model=resnet\n", &c, &err));
  EXPECT_EQ(err, "bad value for config key 'model': 'resnet'");
  ASSERT_TRUE(config_from_text(config_to_text(small_config()), &c, &err)) << err;
  EXPECT_EQ(c.code_dim, 3);
}

}  // namespace
}  // namespace aelab
