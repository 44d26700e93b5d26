// The app's pure logic, without ImGui or GL: the plots' tick values (app/plot_ticks.h) and the
// drawing pad's strokes, eraser and undo steps (app/draw_pad.h).
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "draw_pad.h"
#include "plot_ticks.h"

using aelab::DrawPad;
using aelab::Tick;

namespace {
std::vector<std::string> labels(const std::vector<Tick>& ticks) {
  std::vector<std::string> out;
  for (const Tick& t : ticks) out.push_back(t.label);
  return out;
}

double ink(const DrawPad& pad) {
  double sum = 0.0;
  for (float v : pad.pixels()) sum += v;
  return sum;
}
}  // namespace

TEST(PlotTicks, LinearStepsAreOneTwoOrFiveTimesAPowerOfTen) {
  EXPECT_EQ(labels(aelab::linear_ticks(0, 20, 6)), (std::vector<std::string>{"0", "5", "10", "15", "20"}));
  EXPECT_EQ(labels(aelab::linear_ticks(0, 1, 6)), (std::vector<std::string>{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}));
  EXPECT_EQ(labels(aelab::linear_ticks(-0.3, 0.25, 4)), (std::vector<std::string>{"-0.2", "0.0", "0.2"}));
  EXPECT_EQ(labels(aelab::linear_ticks(0.0123, 0.0187, 5)),
            (std::vector<std::string>{"0.014", "0.016", "0.018"}));
  // Any range and count: the step is 1, 2 or 5 x 10^k, every tick inside, at most max_ticks.
  for (double lo : {-7.3, 0.0, 0.001, 3.0, 1234.5}) {
    for (double span : {1e-4, 0.37, 1.0, 9.9, 3e4}) {
      for (int n = 2; n <= 12; ++n) {
        const std::vector<Tick> t = aelab::linear_ticks(lo, lo + span, n);
        ASSERT_GE(t.size(), 1u) << lo << " " << span << " " << n;
        EXPECT_LE(static_cast<int>(t.size()), n) << lo << " " << span << " " << n;
        for (const Tick& k : t) EXPECT_TRUE(k.value >= lo - 1e-9 * span && k.value <= lo + span * (1 + 1e-9));
        if (t.size() < 2) continue;
        const double step = t[1].value - t[0].value;  // rounded where lo is large against span
        const double m = step / std::pow(10.0, std::floor(std::log10(step) + 1e-6));
        EXPECT_TRUE(std::fabs(m - 1) < 1e-3 || std::fabs(m - 2) < 1e-3 || std::fabs(m - 5) < 1e-3) << step;
      }
    }
  }
}

TEST(PlotTicks, LogAxesTickDecades) {
  // Six decades: every decade.
  EXPECT_EQ(labels(aelab::log_ticks(2e-5, 3, 8)), (std::vector<std::string>{"1e-04", "0.001", "0.01", "0.1", "1"}));
  // Too many decades for the room: every other one.
  EXPECT_EQ(labels(aelab::log_ticks(1e-8, 1e2, 5)), (std::vector<std::string>{"1e-08", "1e-05", "0.01", "10"}));
  // A typical loss curve within one decade: 2 and 5 between.
  EXPECT_EQ(labels(aelab::log_ticks(0.012, 0.09, 8)), (std::vector<std::string>{"0.02", "0.05"}));
  EXPECT_EQ(labels(aelab::log_ticks(0.008, 0.3, 8)), (std::vector<std::string>{"0.01", "0.02", "0.05", "0.1", "0.2"}));
  // No decade or 2-5 value inside: the linear ticks of the range.
  EXPECT_EQ(labels(aelab::log_ticks(0.0121, 0.0139, 8)), (std::vector<std::string>{"0.0125", "0.0130", "0.0135"}));
  // Nonsense ranges give no ticks rather than loop or divide by zero.
  EXPECT_TRUE(aelab::log_ticks(0, 1, 5).empty());
  EXPECT_TRUE(aelab::log_ticks(1, 1, 5).empty());
  EXPECT_TRUE(aelab::linear_ticks(2, 1, 5).empty());
  EXPECT_TRUE(aelab::linear_ticks(0, NAN, 5).empty());
}

TEST(DrawPad, UndoAndRedoWholeStrokes) {
  DrawPad pad;
  pad.stroke(7, 6, 20, 6, 1.3f);  // one stroke in two segments
  pad.stroke(20, 6, 13, 23, 1.3f);
  pad.end_stroke();
  const std::vector<float> seven = pad.pixels();
  pad.stroke(5, 14, 22, 14, 1.3f);  // a second stroke
  pad.end_stroke();
  const std::vector<float> crossed = pad.pixels();
  EXPECT_GT(ink(pad), 0);
  EXPECT_TRUE(pad.undo());
  EXPECT_EQ(pad.pixels(), seven);  // the same bits as before the second stroke
  EXPECT_TRUE(pad.undo());
  EXPECT_TRUE(pad.empty());
  EXPECT_FALSE(pad.undo());
  EXPECT_TRUE(pad.redo());
  EXPECT_EQ(pad.pixels(), seven);
  EXPECT_TRUE(pad.redo());
  EXPECT_EQ(pad.pixels(), crossed);
  EXPECT_FALSE(pad.redo());
  // A new stroke after an undo forgets what was undone.
  pad.undo();
  pad.stroke(3, 3, 4, 4, 1.0f);
  pad.end_stroke();
  EXPECT_FALSE(pad.can_redo());
}

TEST(DrawPad, ClearIsAnUndoStep) {
  DrawPad pad;
  pad.stroke(14, 4, 14, 24, 1.3f);
  pad.end_stroke();
  const std::vector<float> one = pad.pixels();
  const uint64_t v = pad.version();
  pad.clear();
  EXPECT_TRUE(pad.empty());
  EXPECT_GT(pad.version(), v);  // the app redoes the reconstruction on a new version
  EXPECT_TRUE(pad.undo());
  EXPECT_EQ(pad.pixels(), one);
  // Clearing an empty pad is not a step.
  DrawPad blank;
  blank.clear();
  EXPECT_FALSE(blank.can_undo());
}

// A picture dropped on the pad (set) is clamped to [0, 1] and is one undo step.
TEST(DrawPad, PictureIsAnUndoStep) {
  DrawPad pad;
  pad.stroke(5, 5, 20, 5, 1.5f);
  pad.end_stroke();
  const std::vector<float> drawn = pad.pixels();
  std::vector<float> picture(DrawPad::kSize * DrawPad::kSize, 0.0f);
  picture[0] = 2.0f;
  picture[1] = -1.0f;
  picture[2] = 0.25f;
  pad.set(picture);
  EXPECT_EQ(pad.pixels()[0], 1.0f);
  EXPECT_EQ(pad.pixels()[1], 0.0f);
  EXPECT_EQ(pad.pixels()[2], 0.25f);
  EXPECT_EQ(ink(pad), 1.25);
  ASSERT_TRUE(pad.undo());
  EXPECT_EQ(pad.pixels(), drawn);
  ASSERT_TRUE(pad.redo());
  EXPECT_EQ(ink(pad), 1.25);
}

TEST(DrawPad, EraserWipesAndUndoes) {
  DrawPad pad;
  pad.stroke(4, 14, 24, 14, 1.5f);
  pad.end_stroke();
  const std::vector<float> bar = pad.pixels();
  const double before = ink(pad);
  pad.stroke(14, 8, 14, 20, 2.0f, true);  // erase across the middle of the bar
  pad.end_stroke();
  EXPECT_LT(ink(pad), before - 3);
  EXPECT_EQ(pad.pixels()[14 * DrawPad::kSize + 14], 0.0f);
  EXPECT_GT(pad.pixels()[14 * DrawPad::kSize + 5], 0.5f);  // the ends stay
  // Erasing where there is no ink adds none.
  for (float v : pad.pixels()) EXPECT_GE(v, 0.0f);
  EXPECT_TRUE(pad.undo());
  EXPECT_EQ(pad.pixels(), bar);
  // Switching between brush and eraser mid-drag starts a new step.
  pad.stroke(2, 2, 3, 3, 1.0f);
  pad.stroke(3, 3, 4, 4, 1.0f, true);
  pad.undo();
  EXPECT_TRUE(pad.can_undo());
}

TEST(DrawPad, OldestStepsMergeBeyondTheLimit) {
  DrawPad pad;
  for (int k = 0; k < DrawPad::kMaxSteps + 20; ++k) {
    pad.stroke(1.0f + (k % 26), 2, 1.0f + (k % 26), 26, 0.6f);
    pad.end_stroke();
  }
  const std::vector<float> all = pad.pixels();
  int undone = 0;
  while (pad.undo()) ++undone;
  EXPECT_EQ(undone, DrawPad::kMaxSteps);
  EXPECT_FALSE(pad.empty());  // the first 20 strokes are part of the picture now
  while (pad.redo()) {
  }
  EXPECT_EQ(pad.pixels(), all);
}
