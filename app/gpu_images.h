// Every image the app shows (digits, reconstructions, code heat maps) goes through one source
// atlas that is re-filled each frame, then coloured on the GPU by shaders/colormap.*.glsl into an
// RGBA atlas that ImGui::Image draws. One upload and one draw call per frame. A value image
// (a digit, a heat map) sits in the source's red channel and a colour image in red, green, blue.
#pragma once
#include <imgui.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace aelab {

enum class ColorMode { kDigit = 0, kSigned = 1, kMagma = 2, kDiverging = 3, kRgb = 4 };

struct ImageRef {
  ImTextureID texture = nullptr;
  ImVec2 uv0, uv1;
};

class GpuImages {
 public:
  static constexpr int kAtlas = 512;
  ~GpuImages();
  // `black`: tests only (aelab-app --test-broken-shader, the page's ?test_broken_shader=1): a
  // broken colormap pass that draws every image black, which the pixel checks must catch.
  bool init(bool black, std::string* error);
  void begin_frame();
  // Copies w x h values (row-major, [0, 1]) into the atlas; the image is drawn this frame.
  ImageRef add(const float* values, int w, int h, ColorMode mode);
  // An image of a data set (CHW, [0, 1]): grey (1 channel) as a digit, 3 channels in colour.
  // `shown`: the pixels it is drawn across; an image larger than that (and than 32x32) is
  // box-filtered down by a whole factor first, so a Training tab of 80 images fits the atlas
  // even at 256x256.
  ImageRef add_image(const float* chw, int w, int h, int channels, float shown);
  void flush();
  // A hash of the pixels of the images `list` (a window's draw list) added this frame: the
  // vertices say where an image is, not what it shows (partial_redraw.h).
  uint64_t pixels_hash(const ImDrawList* list) const;

 private:
  ImageRef place(const float* values, int w, int h, int channels, ColorMode mode);
  std::vector<unsigned char> source_;  // RGBA8, kAtlas x kAtlas
  std::vector<float> reduced_;         // add_image's box-filtered copy
  std::vector<std::pair<const ImDrawList*, uint64_t>> list_pixels_;  // this frame's, per window
  std::vector<float> vertices_;  // x, y, mode per vertex
  // Last frame's atlas: an unchanged frame (the common case) skips the upload and the pass.
  std::vector<unsigned char> drawn_source_;
  std::vector<float> drawn_vertices_;
  int shelf_x_ = 0, shelf_y_ = 0, shelf_h_ = 0;
  unsigned program_ = 0, vao_ = 0, vbo_ = 0, src_tex_ = 0, out_tex_ = 0, fbo_ = 0;
  int loc_atlas_ = -1, loc_source_ = -1;
};

}  // namespace aelab
