// The .aelab checkpoint: a versioned little-endian binary with the model's config, its
// parameters and optimizer state, and a CRC32. Layout of format version 2:
//   "AELABCKP" | u32 version | u32 L | L bytes config text (model_config.h)
//   | u32 W | W bytes "aelab VERSION" (the writer) | i64 steps | u32 epochs
//   | u32 R | u32 rng[R] (the model's random stream, rng.h) | u64 P
//   | f32 params[P] | f32 moment1[P] | f32 moment2[P] | u32 crc32
// Version 1 (still read) has neither the writer nor the stream. The CRC covers every byte
// before it. Parsing checks each length against the bytes present.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "model_config.h"
#include "rng.h"

namespace aelab {

constexpr uint32_t kCheckpointVersion = 2;

struct Checkpoint {
  ModelConfig config;
  std::string written_by;  // "aelab 0.2.0"; empty in version 1 files
  int64_t steps = 0;
  int epochs = 0;
  // The model's random stream (denoising noise, VAE samples) where it stopped, so training
  // continues exactly as if it had not. Version 1 files have none: the stream starts afresh.
  bool has_rng = false;
  Rng::State rng{};
  std::vector<float> params, moment1, moment2;
};

std::vector<uint8_t> checkpoint_bytes(const Checkpoint& c);
bool parse_checkpoint(const uint8_t* data, size_t n, Checkpoint* out, std::string* error);

bool save_checkpoint(const std::string& path, const Checkpoint& c, std::string* error);
bool load_checkpoint(const std::string& path, Checkpoint* out, std::string* error);

}  // namespace aelab
