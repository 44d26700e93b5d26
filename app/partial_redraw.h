// Draws only the ImGui windows whose drawing changed since the last frame, over the pixels the
// canvas kept (WebGL's preserveDrawingBuffer). Why: headless Chromium rasterises WebGL on the
// CPU (SwiftShader), at about 20 ms per full-canvas pass on the 2-core machines here, while
// from one frame to the next most windows draw exactly what they drew before (while training:
// the loss plot, the progress and the reconstructions change; the data, model, samples and
// draw panels do not).
//
// Windows that overlap (a window and its child windows, a popup or tooltip over a panel) are
// redrawn together. Any change in which windows there are or where they are redraws
// everything. Where the window's own buffers are not kept between frames (the desktop swaps
// them), the UI is drawn into an offscreen framebuffer that is, and copied to the window each
// frame: one copy instead of the whole UI (Mesa's llvmpipe rasterises on the CPU too).
#pragma once
#include <imgui.h>

#include <cstdint>
#include <vector>

#include "gpu_images.h"

namespace aelab {

class PartialRedraw {
 public:
  ~PartialRedraw();
  // Renders `data` with ImGui's OpenGL3 backend into the default framebuffer. `kept`: that
  // framebuffer keeps its pixels between frames (WebGL's preserveDrawingBuffer); if not, an
  // offscreen copy is kept instead. `clear` paints under every redrawn window
  // (the windows' own background is transparent: one flat clear instead of a shaded pass).
  // `images` tells which pixels each window's images show (their atlas place is in the vertices).
  void render(ImDrawData* data, bool kept, ImVec4 clear, const GpuImages& images);
  // Fraction of the canvas redrawn last frame (0..1), for the status line.
  float last_fraction() const { return last_fraction_; }
  // Tests: after render(), draws the same frame again whole and counts the pixels that differ
  // from what render() left on the canvas (a stale window would show here). Reads the canvas
  // back twice: slow, for tests only.
  long compare_with_full(ImDrawData* data, ImVec4 clear, const GpuImages& images);

 private:
  struct Window {
    const ImDrawList* list;
    ImVec4 rect;  // x0, y0, x1, y1 in display coordinates
    uint64_t hash;
  };
  bool offscreen_target(int w, int h);
  void draw(ImDrawData* data, bool kept, ImVec4 clear, const GpuImages& images, int fb_w, int fb_h);

  std::vector<Window> prev_, cur_;  // last frame's and this frame's windows, in draw order
  std::vector<ImDrawList*> redraw_;
  std::vector<int> group_;
  std::vector<char> changed_;
  uint64_t frame_ = 0;
  int fb_w_ = 0, fb_h_ = 0;
  float last_fraction_ = 1.0f;
  std::vector<unsigned char> pixels_;
  unsigned fbo_ = 0, color_ = 0;  // the offscreen copy (desktop)
  int target_w_ = 0, target_h_ = 0;
  bool offscreen_ = false;  // this frame went through it
};

}  // namespace aelab
