// The drawing pad (28x28 floats in [0, 1], painted with a soft round brush or wiped with an
// eraser), with undo and redo by whole strokes; the app runs the core's mnist_preprocess on it
// before the model sees it. No ImGui or GL here (tests/test_app_logic.cpp tests it).
#pragma once
#include <cstdint>
#include <vector>

#include "image_preprocess.h"

namespace aelab {

class DrawPad {
 public:
  static constexpr int kSize = 28;
  // Undo steps kept; older ones are merged into the picture under them for good.
  static constexpr int kMaxSteps = 200;
  DrawPad() : pixels_(kSize * kSize, 0.0f), base_(kSize * kSize, 0.0f) {}
  // Paints (erase: wipes) a segment from (x0, y0) to (x1, y1) in pad pixels (0..28, pixel
  // centres at i + 0.5), as part of the stroke in progress; the first segment after
  // end_stroke() (or one with another brush) starts a new undo step.
  void stroke(float x0, float y0, float x1, float y1, float radius, bool erase = false);
  // The mouse or finger was lifted: the stroke in progress is one undo step.
  void end_stroke() { open_ = false; }
  // Empties the pad, as an undo step (Undo brings the picture back); nothing when already empty.
  void clear();
  // Takes back the last step / puts back the last one taken back; false when there is none.
  // A new stroke or a clear forgets the steps taken back.
  bool undo();
  bool redo();
  bool can_undo() const { return !done_.empty(); }
  bool can_redo() const { return !undone_.empty(); }
  // Replaces the pad with kSize x kSize values (a picture, already preprocessed), clamped to
  // [0, 1], as an undo step.
  void set(const std::vector<float>& pixels);
  const std::vector<float>& pixels() const { return pixels_; }
  bool empty() const;
  uint64_t version() const { return version_; }

 private:
  struct Step {
    bool clear = false, erase = false;
    float radius = 0.0f;
    std::vector<float> segments;  // x0, y0, x1, y1 per segment
    std::vector<float> picture;   // set(): every pixel, in place of the picture before
  };
  static void paint(const Step& step, std::vector<float>* pixels);
  static void paint_segment(const float* x0_y0_x1_y1, float radius, bool erase, std::vector<float>* pixels);
  static void dab(float x, float y, float radius, bool erase, std::vector<float>* pixels);
  void replay();
  void keep_step_limit();  // past kMaxSteps the oldest step joins base_ for good  // pixels = base + every step done, in order (the same bits as drawn live)

  std::vector<float> pixels_, base_;
  std::vector<Step> done_, undone_;
  bool open_ = false;
  uint64_t version_ = 1;
};

}  // namespace aelab
