// The display's scale and the font atlas rasterised at it (display.h).
#include "display.h"

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <cmath>
#include <cstdio>

namespace aelab {

bool Display::update(SDL_Window* window, const std::string& font_path, std::string* error) {
  int w = 0, h = 0, fb_w = 0, fb_h = 0;
  SDL_GetWindowSize(window, &w, &h);
  SDL_GL_GetDrawableSize(window, &fb_w, &fb_h);
  width_ = static_cast<float>(w);
  height_ = static_cast<float>(h);
  const float scale = w > 0 && fb_w > 0 ? static_cast<float>(fb_w) / w : 1.0f;
  if (std::fabs(scale - scale_) < 1e-3f) return true;
  // The glyphs are rasterised at device pixels and drawn at 1/scale of their size: the layout
  // stays in logical pixels while every glyph's pixel is one of the screen's.
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  ImFontConfig config;
  config.OversampleH = 2;  // subpixel placement along x, where scale 1 needs it most
  config.OversampleV = 1;
  const ImWchar* ranges = io.Fonts->GetGlyphRangesDefault();  // Latin-1: all the app prints
  // ImGui asserts on a font it cannot read: look first.
  std::FILE* f = std::fopen(font_path.c_str(), "rb");
  if (!f) {
    *error = "cannot read the font " + font_path;
    return false;
  }
  std::fclose(f);
  if (!io.Fonts->AddFontFromFileTTF(font_path.c_str(), std::round(kFontSize * scale), &config, ranges)) {
    *error = "cannot read the font " + font_path;
    return false;
  }
  io.FontGlobalScale = 1.0f / scale;
  // The backend makes the atlas texture again in its next NewFrame.
  ImGui_ImplOpenGL3_DestroyDeviceObjects();
  scale_ = scale;
  rebuilds_ += 1;
  return true;
}

namespace {
bool g_touch = false;
}  // namespace

bool Display::touch() { return g_touch; }

void Display::use_touch_sizes() {
  g_touch = true;
  ImGuiStyle& style = ImGui::GetStyle();
  style.FramePadding.y = (kTouchTarget - kFontSize) / 2;
  style.FramePadding.x = 10.0f;
  style.ItemSpacing = ImVec2(10.0f, 8.0f);
  style.ItemInnerSpacing.x = 8.0f;
  style.ScrollbarSize = 22.0f;
  style.GrabMinSize = 24.0f;
  style.TouchExtraPadding = ImVec2(4.0f, 4.0f);
}

}  // namespace aelab
