// What the tests read and set through the shells' hooks (app_status_json, app_check_redraw),
// gathered in one place: widget rectangles the browser tests click, every item's rectangle, the
// views' values, and the partial-redraw check. The app's behaviour never depends on what is written here.
#pragma once
#include <imgui.h>

#include <array>
#include <map>
#include <string>

#include "item_rects.h"

namespace aelab {

struct TestProbes {
  std::map<std::string, std::array<float, 4>> widgets;  // x, y, w, h of named widgets
  std::map<std::string, double> values;                 // the explore views' figures ("latent_points", ...)
  ItemRects items;  // every interactive item of the last frame (the layout checks)
  double redrawn_total = 0.0;  // fraction of the canvas redrawn, summed over all frames (tests take a mean)
  bool check_redraw = false;   // compare this frame with the same frame drawn whole
  int redraw_checks = 0;       // ... how many were made, the last one's fraction and result
  double checked_fraction = 0.0;
  long redraw_diff = -1;
  int train_points_at_resize = -1;  // the loss curve's length when --resize-at resized the window

  // Remembers where ImGui's last item is, under `name`.
  void remember(const std::string& name) {
    const ImVec2 p = ImGui::GetItemRectMin(), z = ImGui::GetItemRectSize();
    widgets[name] = {p.x, p.y, z.x, z.y};
  }
};

}  // namespace aelab
