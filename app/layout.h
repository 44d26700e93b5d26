// Where each panel goes, from the window's size in logical pixels: wide (three columns, the
// 1280x800 arrangement stretched), medium (the pad and Train on the left, the other panels as
// pages on the right), narrow or portrait (one column of pages, the pad and Train first) and
// short (a phone in landscape: the pad as tall as the screen on the left, pages on the right).
// Geometry and the page bar only: the panels draw themselves into the rectangles given here.
#pragma once
#include <imgui.h>

#include "test_probes.h"

namespace aelab {

enum class LayoutMode { kWide, kMedium, kNarrow, kShort };
const char* layout_mode_name(LayoutMode mode);

// The pages of the medium, narrow and short layouts: narrow has Draw (the pad and Train),
// short has Train (its pad is always on the left), medium neither (pad and Train on the left).
enum Page { kPageDraw, kPageTrain, kPageFigures, kPageCode, kPageSettings, kPageCount };
bool layout_has_page(LayoutMode mode, int page);

struct PanelRect {
  float x = 0, y = 0, w = 0, h = 0;
  bool untitled = false;  // no title bar: the short layout has no height to spare
  bool shown() const { return w > 0 && h > 0; }
};

struct Layout {
  LayoutMode mode = LayoutMode::kWide;
  int page = kPageDraw;
  int changes = 0;  // how often the mode changed since the first frame (tests)
  bool computed = false;
  // Hidden panels have an empty rectangle. `strip` and `center` are the explore column (its
  // tab strip and what is under it); figures, loss and samples split `center` for the Training tab.
  PanelRect data, model, train, strip, center, figures, loss, samples, draw, code, status, pages;
  PanelRect run_link;  // the collapsed Run link window, at the status bar's right end
  // Rows the explore tabs take where their strip is too narrow for one row of readable tabs
  // (Explore::draw counts them as it lays them out; the strip follows from the next frame).
  int strip_rows = 1;
  float pad_size = 252.0f;  // the drawing pad's side
  float pad_image = 96.0f;   // the side of the pad's MNIST and reconstruction images
  bool pad_stacked = false;  // the pad's MNIST and reconstruction images go under it, not beside
  bool pad_column = false;   // they and the pad's controls go in a column beside it (short)

  // Every frame, before the panels: the rectangles for a window of w x h logical pixels.
  void compute(float w, float h);
  // The page bar of the medium and narrow layouts (tests find its buttons as page_NAME).
  void draw_page_bar(TestProbes& probes);
};

// begin_panel (widgets.h) at a layout's rectangle.
bool begin_panel(const char* name, const PanelRect& r, ImGuiWindowFlags extra = 0);

}  // namespace aelab
