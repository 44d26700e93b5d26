// Brush and eraser on the 28x28 pad, and its undo steps (the MNIST preprocessing is the core's
// image_preprocess).
#include "draw_pad.h"

#include <algorithm>
#include <cmath>

namespace aelab {

bool DrawPad::empty() const {
  return std::all_of(pixels_.begin(), pixels_.end(), [](float v) { return v <= 0.0f; });
}

void DrawPad::dab(float x, float y, float radius, bool erase, std::vector<float>* pixels) {
  // Ink falls off linearly over the last pixel of the radius. Strokes only ever darken and the
  // eraser only ever lightens.
  const int x0 = std::max(0, static_cast<int>(std::floor(x - radius - 1)));
  const int x1 = std::min(kSize - 1, static_cast<int>(std::ceil(x + radius + 1)));
  const int y0 = std::max(0, static_cast<int>(std::floor(y - radius - 1)));
  const int y1 = std::min(kSize - 1, static_cast<int>(std::ceil(y + radius + 1)));
  for (int j = y0; j <= y1; ++j) {
    for (int i = x0; i <= x1; ++i) {
      const float d = std::hypot(i + 0.5f - x, j + 0.5f - y);
      const float ink = std::clamp(radius + 0.5f - d, 0.0f, 1.0f);
      float& p = (*pixels)[j * kSize + i];
      p = erase ? std::min(p, 1.0f - ink) : std::max(p, ink);
    }
  }
}

void DrawPad::paint_segment(const float* seg, float radius, bool erase, std::vector<float>* pixels) {
  const float x0 = seg[0], y0 = seg[1], x1 = seg[2], y1 = seg[3];
  const float len = std::hypot(x1 - x0, y1 - y0);
  const int steps = std::max(1, static_cast<int>(std::ceil(len / 0.25f)));
  for (int s = 0; s <= steps; ++s) {
    const float t = static_cast<float>(s) / steps;
    dab(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, radius, erase, pixels);
  }
}

void DrawPad::paint(const Step& step, std::vector<float>* pixels) {
  if (step.clear) {
    std::fill(pixels->begin(), pixels->end(), 0.0f);
    return;
  }
  if (!step.picture.empty()) {
    *pixels = step.picture;
    return;
  }
  for (size_t k = 0; k + 3 < step.segments.size(); k += 4) {
    paint_segment(&step.segments[k], step.radius, step.erase, pixels);
  }
}

void DrawPad::stroke(float x0, float y0, float x1, float y1, float radius, bool erase) {
  if (!open_ || done_.empty() || done_.back().clear || done_.back().radius != radius || done_.back().erase != erase) {
    Step step;
    step.erase = erase;
    step.radius = radius;
    done_.push_back(std::move(step));
    open_ = true;
  }
  undone_.clear();
  const float seg[4] = {x0, y0, x1, y1};
  done_.back().segments.insert(done_.back().segments.end(), seg, seg + 4);
  // Only the new segment is painted now; replay() paints it the same way, in the same order.
  paint_segment(seg, radius, erase, &pixels_);
  keep_step_limit();
  ++version_;
}

void DrawPad::keep_step_limit() {
  // Too many steps: the oldest joins the picture under them and can no longer be undone.
  if (static_cast<int>(done_.size()) > kMaxSteps) {
    paint(done_.front(), &base_);
    done_.erase(done_.begin());
  }
}

void DrawPad::clear() {
  open_ = false;
  if (empty()) return;
  Step step;
  step.clear = true;
  done_.push_back(step);
  undone_.clear();
  std::fill(pixels_.begin(), pixels_.end(), 0.0f);
  ++version_;
}

void DrawPad::set(const std::vector<float>& pixels) {
  open_ = false;
  Step step;
  step.picture.assign(pixels_.size(), 0.0f);
  for (size_t i = 0; i < pixels_.size() && i < pixels.size(); ++i) step.picture[i] = std::clamp(pixels[i], 0.0f, 1.0f);
  pixels_ = step.picture;
  done_.push_back(std::move(step));
  undone_.clear();
  keep_step_limit();
  ++version_;
}

bool DrawPad::undo() {
  if (done_.empty()) return false;
  open_ = false;
  undone_.push_back(std::move(done_.back()));
  done_.pop_back();
  replay();
  return true;
}

bool DrawPad::redo() {
  if (undone_.empty()) return false;
  open_ = false;
  done_.push_back(std::move(undone_.back()));
  undone_.pop_back();
  paint(done_.back(), &pixels_);
  ++version_;
  return true;
}

void DrawPad::replay() {
  pixels_ = base_;
  for (const Step& step : done_) paint(step, &pixels_);
  ++version_;
}

}  // namespace aelab
