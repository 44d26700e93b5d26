// The pixel density the app draws at and the sizes that follow from it: the window's size in
// logical pixels (CSS pixels in the browser), the framebuffer's scale (devicePixelRatio, or the
// desktop's drawable size over the window's), the font atlas rasterised at that scale from a
// TTF, and the touch-screen sizes. Rebuilt whenever the scale changes (another screen, zoom).
#pragma once
#include <string>

struct SDL_Window;

namespace aelab {

// Text size in logical pixels; buttons and sliders on touch screens are at least kTouchTarget tall.
inline constexpr float kFontSize = 13.0f;
inline constexpr float kTouchTarget = 40.0f;

class Display {
 public:
  // Before ImGui's NewFrame: measures the window and, when its scale changed, rasterises the
  // font again at the new scale (the atlas texture is made again by the GL backend). False,
  // with a one-line error, if the font cannot be read.
  bool update(SDL_Window* window, const std::string& font_path, std::string* error);
  // The style for touch screens: targets of kTouchTarget logical pixels. Once, after app_init.
  static void use_touch_sizes();
  // Whether use_touch_sizes was called: compact widgets (small buttons) take full size then.
  static bool touch();
  float width() const { return width_; }
  float height() const { return height_; }
  float scale() const { return scale_; }
  int rebuilds() const { return rebuilds_; }

 private:
  float width_ = 0.0f, height_ = 0.0f, scale_ = 0.0f;
  int rebuilds_ = 0;
};

}  // namespace aelab
