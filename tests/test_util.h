// Shared test helpers: the PyTorch fixture reader, temp paths, and the finite-difference checker.
#pragma once
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "file_io.h"
#include "rng.h"

namespace aelab {

#ifndef AELAB_FIXTURE_DIR
#error "AELAB_FIXTURE_DIR must point at tests/fixtures"
#endif

// Reads make_parity_fixtures.py's format: repeated (u32 name len, name, u32 count, f32[count]).
inline std::map<std::string, std::vector<float>> read_fixture(const std::string& name) {
  std::vector<uint8_t> bytes;
  std::string err;
  const std::string path = std::string(AELAB_FIXTURE_DIR) + "/" + name;
  EXPECT_TRUE(read_file(path, 64u << 20, &bytes, &err)) << err;
  std::map<std::string, std::vector<float>> out;
  size_t pos = 0;
  auto u32 = [&](uint32_t* v) {
    if (pos + 4 > bytes.size()) return false;
    std::memcpy(v, bytes.data() + pos, 4);
    pos += 4;
    return true;
  };
  while (pos < bytes.size()) {
    uint32_t len = 0, count = 0;
    if (!u32(&len) || pos + len > bytes.size()) break;
    std::string key(reinterpret_cast<const char*>(bytes.data() + pos), len);
    pos += len;
    if (!u32(&count) || pos + 4ull * count > bytes.size()) break;
    std::vector<float>& v = out[key];
    v.resize(count);
    std::memcpy(v.data(), bytes.data() + pos, 4ull * count);
    pos += 4ull * count;
  }
  EXPECT_EQ(pos, bytes.size()) << path << " is malformed";
  return out;
}

inline std::string temp_path(const std::string& name) {
  const char* dir = std::getenv("TMPDIR");
  const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return std::string(dir && *dir ? dir : "/tmp") + "/aelab_" + info->test_suite_name() + "_" + info->name() +
         "_" + name;
}

inline std::vector<float> random_vector(Rng& rng, size_t n, float lo, float hi) {
  std::vector<float> v(n);
  for (float& x : v) x = rng.uniform(lo, hi);
  return v;
}

// Central-difference check of an analytic gradient. `loss` evaluates the scalar loss (in double)
// from the current contents of `values`; `analytic` holds dloss/dvalues. Up to `samples` indices
// are checked; the relative error is |a - n| / max(|a|, |n|, floor), where floor is `floor_frac`
// of the largest analytic entry: the float forward pass limits the numeric estimate to about
// that absolute precision, so entries far below the tensor's scale are compared at its scale.
inline void expect_gradient(std::vector<float>& values, const std::vector<float>& analytic,
                            const std::function<double()>& loss, const char* what, float h = 1e-2f,
                            double tolerance = 2e-2, double floor_frac = 1e-2, int samples = 300) {
  ASSERT_EQ(values.size(), analytic.size());
  const size_t n = values.size();
  double scale = 1e-6;
  for (float a : analytic) scale = std::max(scale, static_cast<double>(std::fabs(a)));
  const double floor = floor_frac * scale;
  const size_t step = std::max<size_t>(1, n / static_cast<size_t>(samples));
  double worst = 0.0;
  for (size_t i = 0; i < n; i += step) {
    const float keep = values[i];
    values[i] = keep + h;
    const double up = loss();
    values[i] = keep - h;
    const double down = loss();
    values[i] = keep;
    const double numeric = (up - down) / (2.0 * static_cast<double>(h));
    const double a = analytic[i];
    const double rel = std::fabs(a - numeric) / std::max({std::fabs(a), std::fabs(numeric), floor});
    worst = std::max(worst, rel);
    EXPECT_LE(rel, tolerance) << what << "[" << i << "]: analytic " << a << " numeric " << numeric;
    if (rel > tolerance) return;  // one report per tensor is enough
  }
  ::testing::Test::RecordProperty(std::string(what) + "_worst_rel_error", std::to_string(worst));
}

}  // namespace aelab
