// Runs as values: the table of fields is consistent, links and run files round-trip every
// field (and the first app's links still read), every kind of bad input keeps the previous
// value with a one-line message (the README's bad-input table lists these), the timeline's
// edits apply at their steps, and the checkpoint text and random stream survive a save.
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "json_text.h"
#include "rng.h"
#include "run.h"
#include "run_fields.h"

namespace aelab {
namespace {

aelab::Run sample() {
  aelab::Run r;
  r.data = "fashion";
  r.model.model = "conv-upsample";
  r.model.code_dim = 64;
  r.model.lr = 0.0025f;
  r.model.batch = 128;
  r.model.seed = 18446744073709551615ull;
  r.epochs = 7;
  r.model.noise = "mask";
  r.model.noise_level = 0.25f;
  r.shuffle = true;
  r.threads = 3;
  r.model.sparse_weight = 0.5f;
  r.edits = {{10, "lr", 0.0005}, {10, "noise_level", 0.125}, {250, "sparse_weight", 2}};
  return r;
}

void expect_same(const aelab::Run& a, const aelab::Run& b) {
  for (const RunField& f : run_fields()) {
    if ((f.use & kInRunText) && !(f.use & kReadOnly)) {
      EXPECT_EQ(get_field(f, a), get_field(f, b)) << f.key;
    }
  }
  EXPECT_EQ(a.edits, b.edits);
}

TEST(RunFields, TableIsConsistent) {
  std::set<std::string> keys, flags;
  const aelab::Run defaults;
  for (const RunField& f : run_fields()) {
    EXPECT_TRUE(keys.insert(f.key).second) << "key twice: " << f.key;
    if (f.flag) {
      EXPECT_TRUE(flags.insert(f.flag).second) << "flag twice: " << f.flag;
      // A flag is its key with - for _.
      std::string k = f.key;
      for (char& c : k)
        if (c == '_') c = '-';
      EXPECT_EQ(std::string("--") + k, f.flag);
    }
    EXPECT_NE(std::string(f.help), "") << f.key;
    // Every default reads back through its own row.
    aelab::Run back;
    std::string expected;
    EXPECT_TRUE(set_field(f, get_field(f, defaults), &back, &expected)) << f.key << ": " << expected;
    if (f.use & kLive) {
      EXPECT_EQ(f.type, FieldType::kFloat) << f.key;
    }
  }
  EXPECT_EQ(find_field("lr")->use & kLive, kLive);
  EXPECT_EQ(find_flag("--noise-level"), find_field("noise_level"));
  EXPECT_EQ(find_field("nonsense"), nullptr);
}

// The app's tooltips come from the table: every number a user sets (a flag and a run-file key;
// not the image size, which comes from the data) says its range and what raising it does.
TEST(RunFields, TooltipsSayRangeAndWhatRaisingDoes) {
  for (const RunField& f : run_fields()) {
    const bool number = f.type == FieldType::kInt || f.type == FieldType::kFloat || f.type == FieldType::kU64;
    if (!number || !f.flag) continue;
    ASSERT_NE(f.raising, nullptr) << f.key;
    const std::string text = field_tooltip_text(f);
    EXPECT_NE(text.find("Range: "), std::string::npos) << text;
    EXPECT_NE(text.find("Raising it: "), std::string::npos) << text;
  }
  EXPECT_EQ(field_tooltip_text(*find_field("lr")),
            "learning rate: the size of each step; too high diverges, too low crawls\nRange: 1e-09 to 100 (default 0.001)"
            "\nRaising it: bigger steps: the loss falls faster at first, then jitters; too high and it diverges");
  EXPECT_NE(field_tooltip_text(*find_field("noise")).find("One of: gaussian, saltpepper, mask"), std::string::npos);
  EXPECT_NE(field_tooltip_text(*find_field("shuffle")).find("Turning it on: "), std::string::npos);
}

TEST(Run, FragmentRoundTrip) {
  const aelab::Run r = sample();
  const std::string link = run_to_fragment(r);
  EXPECT_EQ(link,
            "data=fashion&model=conv-upsample&arch=linear&code_dim=64&loss=mse&optimizer=adam&lr=0.0025&"
            "momentum=0.9&batch=128&seed=18446744073709551615&epochs=7&shuffle=1&noise=mask&"
            "noise_level=0.25&sparsity=0&sparse_weight=0.5&contractive_weight=0.01&kl_weight=1&"
            "edits=10:lr=0.0005;10:noise_level=0.125;250:sparse_weight=2");
  aelab::Run back;
  std::vector<std::string> problems;
  bool replay = false;
  ASSERT_TRUE(parse_run_fragment("#" + link + "&replay=1", &back, &problems, &replay));
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_TRUE(replay);
  expect_same(r, back);
  ASSERT_TRUE(parse_run_fragment("replay=yes", &back, &problems, &replay));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0], "replay=\"yes\": expected 0 or 1");
}

TEST(Run, JsonRoundTrip) {
  const aelab::Run r = sample();
  aelab::Run back;
  std::vector<std::string> problems;
  const std::string json = run_to_json(r);
  EXPECT_EQ(json.rfind("{\"aelab_run\":2,\"aelab_version\":\"", 0), 0u) << json;
  ASSERT_TRUE(parse_run_json(json, &back, &problems));
  EXPECT_TRUE(problems.empty()) << problems.front();
  expect_same(r, back);
  // Whitespace, escapes and booleans as a person might write them.
  ASSERT_TRUE(parse_run_json("{ \"aelab_run\": 2,\n \"model\": \"v\\/ae\", \"shuffle\": true }", &back, &problems));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0], "model=\"v/ae\": expected one of linear, mlp, conv, conv-strided, conv-upsample, denoise, "
                         "vae, sparse, contractive");
  EXPECT_TRUE(back.shuffle);
  // A data directory with quotes, backslashes and UTF-8 comes back as it was.
  aelab::Run odd;
  odd.data = "my \"data\"\\dir/ü";
  ASSERT_TRUE(parse_run_json(run_to_json(odd), &back, &problems));
  EXPECT_EQ(back.data, odd.data);
  // The one escaper (json_text.h) also writes what no field holds: control bytes.
  EXPECT_EQ(aelab::json_string("a\x01\x1f\n\t\"\\ü"), "\"a\\u0001\\u001f\\n\\t\\\"\\\\ü\"");
}

// The first app wrote "noise" as the level of Gaussian noise, and its run files as format 1.
// IDX file names are part of run files (so --resume finds the data) and left out when unset,
// so every earlier link and run file reads and writes as before.
TEST(Run, OptionalFileNamesAreOmittedWhenEmpty) {
  aelab::Run plain;
  EXPECT_EQ(run_to_fragment(plain).find("train_images"), std::string::npos);
  EXPECT_EQ(run_to_json(plain).find("test_labels"), std::string::npos);
  aelab::Run files;
  files.idx.train_images = "a/pics.bin";
  files.idx.test_labels = "t.bin";
  aelab::Run back;
  std::vector<std::string> problems;
  ASSERT_TRUE(parse_run_json(run_to_json(files), &back, &problems));
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(back.idx.train_images, "a/pics.bin");
  EXPECT_EQ(back.idx.test_labels, "t.bin");
  EXPECT_EQ(back.idx.train_labels, "");
  // An empty value clears an optional name; the data set's name may not be empty.
  ASSERT_TRUE(parse_run_fragment("train_images=&data=", &back, &problems));
  EXPECT_EQ(back.idx.train_images, "");
  EXPECT_EQ(back.data, "builtin");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("data="), std::string::npos);
}

TEST(Run, FirstFormatLinksAndFilesStillRead) {
  aelab::Run r;
  std::vector<std::string> problems;
  ASSERT_TRUE(parse_run_fragment("data=builtin&model=mlp&code_dim=0&lr=0.002&batch=32&seed=4&epochs=3&noise=0.2&"
                                 "shuffle=1&threads=2", &r, &problems));
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_EQ(r.model.noise, "gaussian");
  EXPECT_EQ(r.model.noise_level, 0.2f);
  EXPECT_EQ(r.model.model, "mlp");
  EXPECT_EQ(r.epochs, 3);
  // Runs used to name their thread count; it is still read, and no longer written (the results
  // do not depend on it).
  EXPECT_EQ(r.threads, 2);
  EXPECT_EQ(run_to_fragment(r).find("threads"), std::string::npos);
  EXPECT_EQ(run_to_json(r).find("threads"), std::string::npos);
  ASSERT_TRUE(parse_run_json("{\"aelab_run\":1,\"model\":\"vae\",\"noise\":0,\"shuffle\":0}", &r, &problems));
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_EQ(r.model.noise_level, 0.0f);
  EXPECT_FALSE(r.shuffle);
  ASSERT_TRUE(parse_run_fragment("noise=3", &r, &problems));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0], "noise=\"3\": expected a noise level from 0 to 1, or a kind");
}

TEST(Run, BadFragmentFieldsKeepDefaults) {
  aelab::Run r;
  std::vector<std::string> problems;
  ASSERT_TRUE(parse_run_fragment(
      "model=resnet&epochs=1e99&batch=-3&lr=nan&seed=18446744073709551616&threads=1000&noise=0.5x&"
      "shuffle=maybe&code_dim=99999999&colour=red&justakey&lr=%zz&edits=5:batch=3&image_rows=9&model=vae",
      &r, &problems));
  expect_same(r, [] { aelab::Run v; v.model.model = "vae"; return v; }());
  ASSERT_EQ(problems.size(), 14u);
  EXPECT_EQ(problems[0], "model=\"resnet\": expected one of linear, mlp, conv, conv-strided, conv-upsample, "
                         "denoise, vae, sparse, contractive");
  EXPECT_EQ(problems[1], "epochs=\"1e99\": expected a whole number from 0 to 100000");
  EXPECT_EQ(problems[3], "lr=\"nan\": expected a number from 1e-09 to 100");
  EXPECT_EQ(problems[4], "seed=\"18446744073709551616\": expected a whole number from 0 to 18446744073709551615");
  EXPECT_EQ(problems[5], "threads=\"1000\": expected a whole number from 1 to 64");
  EXPECT_EQ(problems[6], "noise=\"0.5x\": expected a noise level from 0 to 1, or a kind");
  EXPECT_EQ(problems[9], "unknown key \"colour\" ignored");
  EXPECT_EQ(problems[10], "malformed link part \"justakey\" ignored");
  EXPECT_EQ(problems[11], "malformed link part \"lr=%zz\" ignored");
  EXPECT_EQ(problems[12], "edits=\"5:batch=3\": expected edits as STEP:KEY=VALUE;... (live keys lr, noise_level, "
                          "sparse_weight, contractive_weight, kl_weight, values in their ranges), not \"5:batch=3\"");
  // Checkpoint-only fields are not part of a run's text.
  EXPECT_EQ(problems[13], "unknown key \"image_rows\" ignored");
}

TEST(Run, TimelineTextAndOrder) {
  std::vector<RunEdit> edits;
  std::string why;
  ASSERT_TRUE(edits_from_text("0:lr=0.01;;7:contractive_weight=3", &edits, &why));
  ASSERT_EQ(edits.size(), 2u);
  EXPECT_EQ(edits_to_text(edits), "0:lr=0.01;7:contractive_weight=3");
  // A value taken from a float (the app's widgets) prints as the float's shortest text.
  EXPECT_EQ(edits_to_text({{5, "lr", static_cast<double>(0.0005f)}}), "5:lr=0.0005");
  EXPECT_FALSE(edits_from_text("9:lr=0.01;3:lr=0.02", &edits, &why));
  EXPECT_EQ(why, "edits in step order");
  EXPECT_FALSE(edits_from_text("1:lr=1000", &edits, &why));
  EXPECT_FALSE(edits_from_text("-1:lr=0.1", &edits, &why));
  EXPECT_FALSE(edits_from_text("1.5:lr=0.1", &edits, &why));
  std::string many;
  for (size_t i = 0; i <= kMaxRunEdits; ++i) many += std::to_string(i) + ":lr=0.1;";
  EXPECT_FALSE(edits_from_text(many, &edits, &why));
  EXPECT_EQ(why, "at most 256 edits");
}

TEST(Run, EditsApplyAtTheirStep) {
  ModelConfig c;
  const std::vector<RunEdit> edits = {{3, "lr", 0.5}, {3, "noise_level", 0.25}, {5, "lr", 0.125}};
  apply_edits_at(edits, 2, &c);
  EXPECT_EQ(c.lr, 1e-3f);
  apply_edits_at(edits, 3, &c);
  EXPECT_EQ(c.lr, 0.5f);
  EXPECT_EQ(c.noise_level, 0.25f);
  apply_edits_at(edits, 5, &c);
  EXPECT_EQ(c.lr, 0.125f);
}

TEST(Run, OverlongTextIsRefusedWhole) {
  aelab::Run r;
  std::vector<std::string> problems;
  EXPECT_FALSE(parse_run_fragment("model=vae&" + std::string(kMaxRunTextBytes, 'x'), &r, &problems));
  EXPECT_FALSE(parse_run_json("{\"model\":\"" + std::string(kMaxRunTextBytes, 'x') + "\"}", &r, &problems));
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0], "run refused: 4106 bytes, more than the 4096 a run needs");
  EXPECT_EQ(r.model.model, "linear");
}

TEST(Run, MalformedJsonIsRefusedWhole) {
  for (const char* text : {"", "[1,2]", "{\"model\":\"vae\"", "{\"model\":{\"nested\":1}}", "{\"a\" 1}",
                           "{\"model\":\"vae\"} trailing", "{\"model\":\"v\x01\"}", "{model:1}",
                           "{\"model\":\"v\\u0061e\"}"}) {
    aelab::Run r;
    std::vector<std::string> problems;
    EXPECT_FALSE(parse_run_json(text, &r, &problems)) << text;
    ASSERT_EQ(problems.size(), 1u) << text;
    EXPECT_EQ(problems[0].rfind("not a run file: ", 0), 0u) << problems[0];
    EXPECT_EQ(r.model.model, "linear");
  }
}

TEST(Run, NewerRunFileVersionIsNamed) {
  aelab::Run r;
  std::vector<std::string> problems;
  ASSERT_TRUE(parse_run_json("{\"aelab_run\":3,\"model\":\"mlp\",\"optimizer_v2\":\"lion\"}", &r, &problems));
  EXPECT_EQ(r.model.model, "mlp");
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0], "run file version 3 is newer than this aelab's (2): fields it does not know are ignored");
  EXPECT_EQ(problems[1], "unknown key \"optimizer_v2\" ignored");
}

// The checkpoint's config text is the table's checkpoint rows, and reads back exactly.
TEST(Run, CheckpointTextRoundTrip) {
  ModelConfig c = sample().model;
  c.image_rows = 32;
  c.image_cols = 24;
  c.code_dim = 96;  // 2 channels of 8x6
  const std::string text = config_to_text(c);
  EXPECT_EQ(text.find("epochs="), std::string::npos);
  EXPECT_NE(text.find("image_rows=32\n"), std::string::npos);
  ModelConfig back;
  std::string error;
  ASSERT_TRUE(config_from_text(text, &back, &error)) << error;
  EXPECT_EQ(config_to_text(back), text);
  EXPECT_FALSE(config_from_text("epochs=3\n", &back, &error));
  EXPECT_EQ(error, "unknown config key 'epochs'");
}

TEST(Run, ModelDefaultsResolvePerModel) {
  ModelConfig c;
  c.model = "conv";
  EXPECT_EQ(resolve_defaults(c).code_dim, 196);
  EXPECT_EQ(resolve_defaults(c).noise_level, 0.0f);
  c.model = "denoise";
  EXPECT_EQ(resolve_defaults(c).code_dim, 32);
  EXPECT_EQ(resolve_defaults(c).noise_level, 0.3f);
  c.model = "vae";
  c.code_dim = 7;
  EXPECT_EQ(resolve_defaults(c).code_dim, 7);
  EXPECT_FALSE(corrupts_inputs(c));
}

// The generator is MT19937 as std::mt19937 computes it, and its state moves between generators.
TEST(Rng, MatchesStdMt19937AndMovesItsState) {
  for (uint64_t seed : {0ull, 1ull, 123456789ull, 18446744073709551615ull}) {
    Rng rng(seed);
    std::seed_seq seq{static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32)};
    std::mt19937 ref(seq);
    for (int i = 0; i < 2000; ++i) ASSERT_EQ(rng.next_u32(), ref()) << "seed " << seed << " draw " << i;
  }
  Rng a(7);
  for (int i = 0; i < 1001; ++i) a.normal();  // mid-buffer, with a Box-Muller spare pending
  Rng b(99);
  ASSERT_TRUE(b.set_state(a.state()));
  for (int i = 0; i < 3000; ++i) ASSERT_EQ(a.normal(), b.normal()) << i;
  Rng::State bad = a.state();
  bad[624] = 625;
  EXPECT_FALSE(b.set_state(bad));
}

}  // namespace
}  // namespace aelab
