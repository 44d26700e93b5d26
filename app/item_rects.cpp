// The items of the last frame (item_rects.h), from Dear ImGui's test-engine hooks: ItemAdd
// reports each item with an id and its rectangle, ItemInfo the label of labelled widgets.
#include "item_rects.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <cstdio>

namespace aelab {

namespace {
ItemRects* recorder(ImGuiContext* ctx) { return static_cast<ItemRects*>(ctx->TestEngine); }
}  // namespace

void ItemRects::attach() {
  ImGuiContext& g = *ImGui::GetCurrentContext();
  g.TestEngine = this;
  g.TestEngineHookItems = true;
}

ItemRect* ItemRects::find(unsigned id) {
  for (auto it = items_.rbegin(); it != items_.rend(); ++it) {
    if (it->id == id) return &*it;
  }
  return nullptr;
}

void ItemRects::end_frame() {
  const ImGuiContext& g = *ImGui::GetCurrentContext();
  std::vector<ItemRect> kept;
  kept.reserve(items_.size());
  for (const ItemRect& item : items_) {
    bool target = true;
    for (const ImGuiWindow* w : g.Windows) {
      // A child window is an item of its parent (keyboard navigation into it), and a title bar
      // one of its window (to move it; the panels do not move): neither is a target.
      if (((w->Flags & ImGuiWindowFlags_ChildWindow) && w->ChildId == item.id) || w->MoveId == item.id) target = false;
    }
    if (target) kept.push_back(item);
  }
  items_.swap(kept);
}

void ItemRects::mark_last(ItemKind kind) {
  ImGuiContext& g = *ImGui::GetCurrentContext();
  if (ItemRects* r = recorder(&g)) {
    if (ItemRect* item = r->find(g.LastItemData.ID)) item->kind = kind;
  }
}

std::string ItemRects::json() const {
  static const char* const kKinds[] = {"control", "picture", "area", "scrollbar"};
  std::string j = "[";
  char b[160];
  for (const ItemRect& i : items_) {
    std::snprintf(b, sizeof b, "%s[%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,\"%s\",\"", j.size() > 1 ? "," : "", i.rect[0],
                  i.rect[1], i.rect[2], i.rect[3], i.clip[0], i.clip[1], i.clip[2], i.clip[3],
                  kKinds[static_cast<int>(i.kind)]);
    j += b;
    for (char c : i.label) {
      if (c == '"' || c == '\\') j += '\\';
      j += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
    }
    j += "\"]";
  }
  return j + "]";
}

}  // namespace aelab

// ---- Dear ImGui's hooks (imgui_internal.h), called only while TestEngineHookItems is set.
void ImGuiTestEngineHook_ItemAdd(ImGuiContext* ctx, const ImRect& bb, ImGuiID id) {
  aelab::ItemRects* r = aelab::recorder(ctx);
  ImGuiWindow* window = ctx->CurrentWindow;
  // ImGui's implicit "Debug" window begins every frame and shows only what is drawn outside any
  // window (nothing here): its title bar's items are no target.
  if (!r || !window || window->IsFallbackWindow || r->find(id)) return;
  aelab::ItemRect item;
  item.id = id;
  item.rect[0] = bb.Min.x, item.rect[1] = bb.Min.y, item.rect[2] = bb.GetWidth(), item.rect[3] = bb.GetHeight();
  const ImRect& c = window->ClipRect;
  item.clip[0] = c.Min.x, item.clip[1] = c.Min.y, item.clip[2] = c.Max.x, item.clip[3] = c.Max.y;
  if (id == ImGui::GetWindowScrollbarID(window, ImGuiAxis_X) || id == ImGui::GetWindowScrollbarID(window, ImGuiAxis_Y)) {
    item.kind = aelab::ItemKind::kScrollbar;
  }
  r->add(item);
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext* ctx, ImGuiID id, const char* label, ImGuiItemStatusFlags) {
  aelab::ItemRects* r = aelab::recorder(ctx);
  if (!r || !label) return;
  if (aelab::ItemRect* item = r->find(id)) {
    const char* end = ImGui::FindRenderedTextEnd(label);
    item->label.assign(label, end);
  }
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }
