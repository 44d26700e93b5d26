// Run links and run files: round trips, and every kind of bad input keeps the defaults with a
// one-line message (the README's bad-input table lists these messages).
#include <gtest/gtest.h>

#include "run_spec.h"

namespace aelab {
namespace {

RunSpec sample() {
  RunSpec s;
  s.data = "fashion";
  s.model = "conv-upsample";
  s.code_dim = 64;
  s.lr = 0.0025f;
  s.batch = 128;
  s.seed = 9007199254740991ull;
  s.epochs = 7;
  s.noise = 0.25f;
  s.shuffle = false;
  s.threads = 3;
  return s;
}

void expect_same(const RunSpec& a, const RunSpec& b) {
  EXPECT_EQ(a.data, b.data);
  EXPECT_EQ(a.model, b.model);
  EXPECT_EQ(a.code_dim, b.code_dim);
  EXPECT_EQ(a.lr, b.lr);
  EXPECT_EQ(a.batch, b.batch);
  EXPECT_EQ(a.seed, b.seed);
  EXPECT_EQ(a.epochs, b.epochs);
  EXPECT_EQ(a.noise, b.noise);
  EXPECT_EQ(a.shuffle, b.shuffle);
  EXPECT_EQ(a.threads, b.threads);
}

TEST(RunSpec, FragmentRoundTrip) {
  const RunSpec s = sample();
  const std::string link = run_spec_to_fragment(s);
  EXPECT_EQ(link,
            "data=fashion&model=conv-upsample&code_dim=64&lr=0.00249999994&batch=128&seed=9007199254740991&"
            "epochs=7&noise=0.25&shuffle=0&threads=3");
  RunSpec back;
  std::vector<std::string> problems;
  bool replay = false;
  ASSERT_TRUE(parse_run_fragment("#" + link + "&replay=1", &back, &problems, &replay));
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_TRUE(replay);
  expect_same(s, back);
  ASSERT_TRUE(parse_run_fragment("replay=yes", &back, &problems, &replay));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0], "replay=\"yes\": expected 0 or 1");
}

TEST(RunSpec, JsonRoundTrip) {
  const RunSpec s = sample();
  RunSpec back;
  std::vector<std::string> problems;
  ASSERT_TRUE(parse_run_json(run_spec_to_json(s), &back, &problems));
  EXPECT_TRUE(problems.empty()) << problems.front();
  expect_same(s, back);
  // Whitespace, escapes and booleans as a person might write them.
  ASSERT_TRUE(parse_run_json("{ \"aelab_run\": 1,\n \"model\": \"v\\/ae\", \"shuffle\": true }", &back, &problems));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0], "model=\"v/ae\": expected linear, mlp, conv, conv-strided, conv-upsample, denoise, vae, "
                         "sparse, contractive");
  EXPECT_TRUE(back.shuffle);
}

TEST(RunSpec, BadFragmentFieldsKeepDefaults) {
  RunSpec s;
  std::vector<std::string> problems;
  ASSERT_TRUE(parse_run_fragment(
      "model=resnet&epochs=1e99&batch=-3&lr=nan&seed=18446744073709551616&threads=1000&data=/etc/passwd&"
      "noise=0.5x&shuffle=maybe&code_dim=99999999&colour=red&justakey&lr=%zz&model=vae",
      &s, &problems));
  expect_same(s, [] { RunSpec v; v.model = "vae"; return v; }());
  ASSERT_EQ(problems.size(), 13u);
  EXPECT_EQ(problems[0], "model=\"resnet\": expected linear, mlp, conv, conv-strided, conv-upsample, denoise, vae, "
                         "sparse, contractive");
  EXPECT_EQ(problems[1], "epochs=\"1e99\": expected an integer from 0 to 1000");
  EXPECT_EQ(problems[10], "unknown key \"colour\" ignored");
  EXPECT_EQ(problems[11], "malformed link part \"justakey\" ignored");
  EXPECT_EQ(problems[12], "malformed link part \"lr=%zz\" ignored");
}

TEST(RunSpec, OverlongTextIsRefusedWhole) {
  RunSpec s;
  std::vector<std::string> problems;
  EXPECT_FALSE(parse_run_fragment("model=vae&" + std::string(kMaxRunTextBytes, 'x'), &s, &problems));
  EXPECT_FALSE(parse_run_json("{\"model\":\"" + std::string(kMaxRunTextBytes, 'x') + "\"}", &s, &problems));
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0], "run refused: 4106 bytes, more than the 4096 a run needs");
  EXPECT_EQ(s.model, "linear");
}

TEST(RunSpec, MalformedJsonIsRefusedWhole) {
  for (const char* text : {"", "[1,2]", "{\"model\":\"vae\"", "{\"model\":{\"nested\":1}}", "{\"a\" 1}",
                           "{\"model\":\"vae\"} trailing", "{\"model\":\"v\x01\"}", "{model:1}",
                           "{\"model\":\"v\\u0061e\"}"}) {
    RunSpec s;
    std::vector<std::string> problems;
    EXPECT_FALSE(parse_run_json(text, &s, &problems)) << text;
    ASSERT_EQ(problems.size(), 1u) << text;
    EXPECT_EQ(problems[0].rfind("not a run file: ", 0), 0u) << problems[0];
    EXPECT_EQ(s.model, "linear");
  }
}

TEST(RunSpec, NewerRunFileVersionIsNamed) {
  RunSpec s;
  std::vector<std::string> problems;
  ASSERT_TRUE(parse_run_json("{\"aelab_run\":2,\"model\":\"mlp\",\"optimizer_v2\":\"lion\"}", &s, &problems));
  EXPECT_EQ(s.model, "mlp");
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0], "run file version 2 is newer than this aelab's (1): fields it does not know are ignored");
  EXPECT_EQ(problems[1], "unknown key \"optimizer_v2\" ignored");
}

}  // namespace
}  // namespace aelab
