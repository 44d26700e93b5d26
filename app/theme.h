// The dark and the light theme: ImGui's colours, the clear colour under the panels, and the
// colours of plots (background, grid, text, markers) chosen so images, curves and the label
// colours stay readable on both. The browser starts with prefers-color-scheme, the desktop with
// --theme; the status bar toggles it.
#pragma once
#include <imgui.h>

namespace aelab {

struct PlotColors {
  ImU32 background, border, grid, text, marker;  // marker: the drawing's cross, the clicked point
  ImU32 train, test;                             // the loss curves
  ImVec4 warning, error;                         // "pending" settings; the status line's errors
};

// Sets ImGui's style colours for the theme and returns the colour the panels' background is
// painted with (the windows' own background is transparent, see app_init).
ImVec4 apply_theme(bool light);
bool theme_is_light();
const PlotColors& plot_colors();

}  // namespace aelab
