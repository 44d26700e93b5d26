// Every interactive item of the last frame: its rectangle, the rectangle its window shows it in,
// and its kind, recorded through Dear ImGui's test-engine hooks (IMGUI_ENABLE_TEST_ENGINE,
// app/CMakeLists.txt). The browser tests check from it that no two items overlap, none is cut
// or off the screen, and touch targets are big enough. The app's behaviour never depends on it,
// and it records only when a test asks (AppOptions::record_items: the page's ?test_items=1).
#pragma once
#include <string>
#include <vector>

namespace aelab {

// kControl: a button, slider, field, combo, check box or tab (touch screens: kTouchTarget tall);
// kPicture: a digit's image as a button; kArea: a drawing or plot area (pad, plots);
// kScrollbar: a window's scrollbar.
enum class ItemKind { kControl, kPicture, kArea, kScrollbar };

struct ItemRect {
  unsigned id = 0;
  ItemKind kind = ItemKind::kControl;
  float rect[4] = {0, 0, 0, 0};  // x, y, w, h
  float clip[4] = {0, 0, 0, 0};  // x0, y0, x1, y1: what its window shows
  std::string label;             // the widget's label, where ImGui reports one
};

class ItemRects {
 public:
  // Makes the current ImGui context report its items here (once, after ImGui::CreateContext);
  // without it nothing is recorded and json() gives [].
  void attach();
  // Before ImGui::NewFrame: a new frame's items.
  void begin_frame() { items_.clear(); }
  // After ImGui::Render: drops what is no target (child windows' frames in their parents,
  // title bars of windows that do not move).
  void end_frame();
  // The kind of ImGui's last item (widgets.cpp marks pictures and areas).
  static void mark_last(ItemKind kind);
  // [[x, y, w, h, clip x0, y0, x1, y1, "kind", "label"], ...]
  std::string json() const;

  // ImGui's hooks (item_rects.cpp) add and label the items.
  void add(const ItemRect& item) { items_.push_back(item); }
  ItemRect* find(unsigned id);

 private:
  std::vector<ItemRect> items_;
};

}  // namespace aelab
