// The widgets the panels and the explore views share: a panel at a fixed place, a button the
// tests can find, an image from the atlas, a digit to click, tooltips from the tables of
// settings and figures, a plot's frame and axes, a log-scale loss plot, and the label colours.
// Drawing only: no app state, no training, no files.
#pragma once
#include <imgui.h>

#include <initializer_list>
#include <vector>

#include "gpu_images.h"
#include "plot_ticks.h"
#include "test_probes.h"
#include "train_loop.h"

namespace aelab {

// A window at a fixed place and size (the layout's, layout.h); pair it
// with ImGui::End() whatever it returns, as with ImGui::Begin.
bool begin_panel(const char* name, float x, float y, float w, float h, ImGuiWindowFlags extra = 0);
// A button whose rectangle the tests find under `id`; never pressed while disabled.
bool button(TestProbes& probes, const char* label, const char* id, bool enabled = true);
// Keeps the next item (`width` wide) on the line when it fits before the window's right edge,
// else starts a new line: every row of widgets wraps on a narrow screen instead of running off
// it or over its neighbours (imgui_demo's "manual wrapping"). Call it between the items of a row;
// `spacing` as ImGui::SameLine's (< 0: the style's).
void same_line_if_fits(float width, float spacing = -1.0f);
// The widths of the next item that same_line_if_fits needs: a button, a framed widget of
// `frame_width` with its label on the right (slider, combo, input), a check box or radio
// button, a line of text.
float button_width(const char* label);
float labelled_width(float frame_width, const char* label);
float check_width(const char* label);
float text_width(const char* text);
// A line of disabled-coloured text wrapped at the window's right edge (a narrow screen cuts a
// long line otherwise).
void text_disabled_wrapped(const char* fmt, ...) IM_FMTARGS(1);
// A compact button (status bar, a view's Export PNG); full size on touch screens.
bool small_button(const char* label);
void image(const ImageRef& ref, float w, float h);
// A digit's image as a square button in a 1-pixel frame, highlighted while selected.
bool digit_button(int id, const ImageRef& ref, float size, bool selected);
// On hover (or keyboard focus) of the last item: the run table's help, range and what raising
// it does (src/run_fields.h), or the figures table's (metrics.h).
void field_tooltip(const char* key);
void metric_tooltip(const char* key);
// matplotlib's tab10, one colour per label 0-9.
ImU32 label_color(int label, int alpha = 255);

// A plot's area: an invisible button of `size` (hover and clicks) on a framed dark background.
struct PlotFrame {
  ImDrawList* draw = nullptr;
  ImVec2 p0, p1, size;
  bool hovered = false, active = false;
};
PlotFrame plot_frame(const char* id, ImVec2 size);

// Where data go inside a plot: the rectangle p0-p1 and the ranges of the axes, each linear or
// log10. Mapping only, both ways.
struct PlotArea {
  ImVec2 p0, p1;
  double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
  bool ylog = false;
  ImVec2 at(double x, double y) const;
  double x_at(float screen_x) const;
  double y_at(float screen_y) const;
};
// Grid lines and labelled ticks (plot_ticks.h) on both axes: labels outside the area (left of
// it and below it), or `inside` it along its left and bottom edges.
void draw_axes(ImDrawList* dl, const PlotArea& area, bool inside);

// A curve of a loss plot: a line through its points, a dot on each, or both.
struct LossCurve {
  const char* name;  // in the hover read-out
  const std::vector<LossPoint>* points;
  ImU32 color;
  float line_width;  // 0: no line
  float dot_radius;  // 0: no dots
};
// Loss over epochs on a log scale with labelled ticks on both axes; hovering shows every curve's
// point nearest the mouse's epoch. `empty` until there is a positive loss to show.
void log_loss_plot(const PlotFrame& frame, std::initializer_list<LossCurve> curves, const char* empty);

}  // namespace aelab
