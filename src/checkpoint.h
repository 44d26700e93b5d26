// The .aelab checkpoint: a versioned little-endian binary with the model's config, its
// parameters and optimizer state, and a CRC32. Layout of format version 1:
//   "AELABCKP" | u32 version | u32 L | L bytes config text (model_config.h)
//   | i64 steps | u32 epochs | u64 P | f32 params[P] | f32 moment1[P] | f32 moment2[P] | u32 crc32
// The CRC covers every byte before it. Parsing checks each length against the bytes present.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "model_config.h"

namespace aelab {

constexpr uint32_t kCheckpointVersion = 1;

struct Checkpoint {
  ModelConfig config;
  int64_t steps = 0;
  int epochs = 0;
  std::vector<float> params, moment1, moment2;
};

std::vector<uint8_t> checkpoint_bytes(const Checkpoint& c);
bool parse_checkpoint(const uint8_t* data, size_t n, Checkpoint* out, std::string* error);

bool save_checkpoint(const std::string& path, const Checkpoint& c, std::string* error);
bool load_checkpoint(const std::string& path, Checkpoint* out, std::string* error);

}  // namespace aelab
