// Checkpoint serialisation; saves go through write_file_atomic.
#include "checkpoint.h"

#include <cmath>
#include <cstring>

#include "file_io.h"
#include "version.h"

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "checkpoints are written in host order");

namespace aelab {

namespace {

constexpr char kMagic[8] = {'A', 'E', 'L', 'A', 'B', 'C', 'K', 'P'};
constexpr uint32_t kMaxConfigBytes = 64 * 1024;
constexpr uint64_t kMaxParams = 64ull << 20;  // 256 MB of weights: far beyond any model here
constexpr uint32_t kMaxWriterBytes = 256;
constexpr uint64_t kMaxFileBytes = 16 + kMaxConfigBytes + 4 + kMaxWriterBytes + 28 + 4 * Rng::kStateWords + 12 * kMaxParams + 4;

template <class T>
void put(std::vector<uint8_t>* v, const T& x) {
  const uint8_t* p = reinterpret_cast<const uint8_t*>(&x);
  v->insert(v->end(), p, p + sizeof(T));
}

// A bounds-checked reader over the file's bytes.
struct Reader {
  const uint8_t* p;
  size_t left;
  bool take(void* dst, size_t n) {
    if (n > left) return false;
    if (n == 0) return true;  // dst may be an empty vector's null data(): memcpy forbids null
    std::memcpy(dst, p, n);
    p += n;
    left -= n;
    return true;
  }
};

}  // namespace

std::vector<uint8_t> checkpoint_bytes(const Checkpoint& c) {
  std::vector<uint8_t> v(kMagic, kMagic + 8);
  put(&v, kCheckpointVersion);
  const std::string text = config_to_text(c.config);
  put(&v, static_cast<uint32_t>(text.size()));
  v.insert(v.end(), text.begin(), text.end());
  const std::string writer = std::string("aelab ") + kVersion;
  put(&v, static_cast<uint32_t>(writer.size()));
  v.insert(v.end(), writer.begin(), writer.end());
  put(&v, c.steps);
  put(&v, static_cast<uint32_t>(c.epochs));
  // A checkpoint without a stream (a model never trained here) stores a fresh one's: the
  // stream a model of this seed starts with.
  const Rng::State rng = c.has_rng ? c.rng : Rng(c.config.seed).state();
  put(&v, static_cast<uint32_t>(rng.size()));
  for (uint32_t w : rng) put(&v, w);
  put(&v, static_cast<uint64_t>(c.params.size()));
  for (const std::vector<float>* block : {&c.params, &c.moment1, &c.moment2}) {
    const uint8_t* p = reinterpret_cast<const uint8_t*>(block->data());
    v.insert(v.end(), p, p + 4 * block->size());
  }
  put(&v, crc32(v.data(), v.size()));
  return v;
}

bool parse_checkpoint(const uint8_t* data, size_t n, Checkpoint* out, std::string* error) {
  if (n < 8 || std::memcmp(data, kMagic, 8) != 0) {
    *error = "not an aelab checkpoint (bad magic number)";
    return false;
  }
  if (n < 16 + 24 + 4) {
    *error = "checkpoint is truncated (" + std::to_string(n) + " bytes)";
    return false;
  }
  uint32_t stored_crc;
  std::memcpy(&stored_crc, data + n - 4, 4);
  Reader r{data + 8, n - 12};
  uint32_t version = 0, text_len = 0;
  r.take(&version, 4);
  if (version > kCheckpointVersion) {
    *error = "checkpoint format version " + std::to_string(version) +
             " was written by a newer aelab (this build reads format versions 1 to " +
             std::to_string(kCheckpointVersion) + "): update aelab to load it";
    return false;
  }
  // Version 1 is the first format aelab ever wrote: nothing older exists to convert.
  if (version < 1) {
    *error = "checkpoint format version 0 does not exist (aelab wrote format 1 first): the file is corrupt";
    return false;
  }
  // Checked before the CRC so a truncated file is named as such.
  r.take(&text_len, 4);
  if (text_len > kMaxConfigBytes || text_len > r.left) {
    *error = "checkpoint is truncated or corrupt (config length " + std::to_string(text_len) + ")";
    return false;
  }
  // Fuzz builds read on past a bad checksum, so mutated files reach the parser behind it.
#ifndef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
  if (crc32(data, n - 4) != stored_crc) {
    *error = "checkpoint is corrupt or truncated (checksum mismatch)";
    return false;
  }
#else
  (void)stored_crc;
#endif
  std::string text(reinterpret_cast<const char*>(r.p), text_len);
  r.p += text_len;
  r.left -= text_len;
  Checkpoint c;
  if (!config_from_text(text, &c.config, error)) {
    *error = "checkpoint config: " + *error;
    return false;
  }
  // Before version 2 only the denoise model corrupted its inputs, whatever its noise level said.
  if (version == 1 && c.config.model != "denoise") c.config.noise_level = 0.0f;
  if (version >= 2) {
    uint32_t writer_len = 0;
    if (!r.take(&writer_len, 4) || writer_len > kMaxWriterBytes || writer_len > r.left) {
      *error = "checkpoint is truncated or corrupt (writer length " + std::to_string(writer_len) + ")";
      return false;
    }
    c.written_by.assign(reinterpret_cast<const char*>(r.p), writer_len);
    r.p += writer_len;
    r.left -= writer_len;
  }
  uint32_t epochs = 0;
  uint64_t count = 0;
  if (!r.take(&c.steps, 8) || !r.take(&epochs, 4)) {
    *error = "checkpoint is truncated";
    return false;
  }
  if (version >= 2) {
    uint32_t words = 0;
    if (!r.take(&words, 4) || words != Rng::kStateWords || !r.take(c.rng.data(), 4 * c.rng.size())) {
      *error = "checkpoint has a random stream of the wrong size (" + std::to_string(words) + " words)";
      return false;
    }
    if (!Rng(0).set_state(c.rng)) {
      *error = "checkpoint has an impossible random stream state";
      return false;
    }
    c.has_rng = true;
  }
  if (!r.take(&count, 8)) {
    *error = "checkpoint is truncated";
    return false;
  }
  if (c.steps < 0 || epochs > 1000000000u) {
    *error = "checkpoint has an impossible step or epoch count";
    return false;
  }
  if (count > kMaxParams || 12 * count != r.left) {
    *error = "checkpoint parameter count " + std::to_string(count) + " does not match its size";
    return false;
  }
  c.epochs = static_cast<int>(epochs);
  for (std::vector<float>* block : {&c.params, &c.moment1, &c.moment2}) {
    block->resize(count);
    r.take(block->data(), 4 * count);
    for (float x : *block) {
      if (!std::isfinite(x)) {
        *error = "checkpoint holds non-finite (NaN or infinite) values";
        return false;
      }
    }
  }
  *out = std::move(c);
  return true;
}

bool save_checkpoint(const std::string& path, const Checkpoint& c, std::string* error) {
  return write_file_atomic(path, checkpoint_bytes(c), error);
}

bool load_checkpoint(const std::string& path, Checkpoint* out, std::string* error) {
  std::vector<uint8_t> bytes;
  if (!read_file(path, kMaxFileBytes, &bytes, error)) return false;
  if (!parse_checkpoint(bytes.data(), bytes.size(), out, error)) {
    *error = path + ": " + *error;
    return false;
  }
  return true;
}

}  // namespace aelab
