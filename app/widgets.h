// The widgets the panels and the explore views share: a panel at a fixed place, a button the
// tests can find, an image from the atlas, a digit to click, a plot's frame, a log-scale loss
// plot, and the label colours. Drawing only: no app state, no training, no files.
#pragma once
#include <imgui.h>

#include <initializer_list>
#include <vector>

#include "gpu_images.h"
#include "test_probes.h"
#include "train_loop.h"

namespace aelab {

// Axis labels and hints drawn into plots.
inline constexpr ImU32 kPlotTextColor = IM_COL32(150, 150, 150, 255);

// A window at a fixed place and size (the layout's, layout.h); pair it
// with ImGui::End() whatever it returns, as with ImGui::Begin.
bool begin_panel(const char* name, float x, float y, float w, float h, ImGuiWindowFlags extra = 0);
// A button whose rectangle the tests find under `id`; never pressed while disabled.
bool button(TestProbes& probes, const char* label, const char* id, bool enabled = true);
void image(const ImageRef& ref, float w, float h);
// A digit's image as a square button in a 1-pixel frame, highlighted while selected.
bool digit_button(int id, const ImageRef& ref, float size, bool selected);
// matplotlib's tab10, one colour per label 0-9.
ImU32 label_color(int label, int alpha = 255);

// A plot's area: an invisible button of `size` (hover and clicks) on a framed dark background.
struct PlotFrame {
  ImDrawList* draw = nullptr;
  ImVec2 p0, p1, size;
  bool hovered = false, active = false;
};
PlotFrame plot_frame(const char* id, ImVec2 size);

// A curve of a loss plot: a line through its points, a dot on each, or both.
struct LossCurve {
  const std::vector<LossPoint>* points;
  ImU32 color;
  float line_width;  // 0: no line
  float dot_radius;  // 0: no dots
};
// Loss over epochs on a log scale, the lowest and highest loss marked; `empty` until there is a
// positive loss to show.
void log_loss_plot(const PlotFrame& frame, std::initializer_list<LossCurve> curves, const char* empty);

}  // namespace aelab
