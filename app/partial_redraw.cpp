#include "partial_redraw.h"

#include <imgui_impl_opengl3.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "gl.h"
#include "hash.h"

namespace aelab {

namespace {

// What a draw list would put on the screen, except the pixels of the images it shows (the
// atlas is refilled each frame; GpuImages hashes those). A callback draws something this hash
// cannot see: such a list counts as changed every frame.
uint64_t list_hash(const ImDrawList* list, uint64_t frame) {
  uint64_t h = fnv1a(kFnvOffset, list->VtxBuffer.Data, list->VtxBuffer.size_in_bytes());
  h = fnv1a(h, list->IdxBuffer.Data, list->IdxBuffer.size_in_bytes());
  for (const ImDrawCmd& c : list->CmdBuffer) {
    const uint64_t fields[4] = {reinterpret_cast<uintptr_t>(c.TextureId), c.VtxOffset, c.IdxOffset, c.ElemCount};
    h = fnv1a(h, fields, sizeof fields);
    h = fnv1a(h, &c.ClipRect, sizeof c.ClipRect);
    if (c.UserCallback) h = fnv1a(h, &frame, sizeof frame);
  }
  return h;
}

// Where a list draws: its window's rectangle (the clip rectangles cannot tell: a window draws
// its frame clipped to the whole display), cut to the display, in whole pixels outwards since
// the clear under a window must cover every pixel it can shade. A list without a window (the
// foreground and background lists) may draw anywhere.
ImVec4 list_rect(const ImDrawList* list, ImVec2 display_pos, ImVec2 display_size) {
  ImVec4 r(display_pos.x, display_pos.y, display_pos.x + display_size.x, display_pos.y + display_size.y);
  if (const ImGuiWindow* w = list->_OwnerName ? ImGui::FindWindowByName(list->_OwnerName) : nullptr) {
    const ImRect wr = w->Rect();
    r = ImVec4(std::max(r.x, std::floor(wr.Min.x)), std::max(r.y, std::floor(wr.Min.y)), std::min(r.z, std::ceil(wr.Max.x)),
               std::min(r.w, std::ceil(wr.Max.y)));
  }
  return r;
}

bool empty(const ImVec4& r) { return r.z <= r.x || r.w <= r.y; }
bool overlap(const ImVec4& a, const ImVec4& b) { return a.x < b.z && b.x < a.z && a.y < b.w && b.y < a.w; }
bool same(const ImVec4& a, const ImVec4& b) { return std::memcmp(&a, &b, sizeof a) == 0; }

}  // namespace

PartialRedraw::~PartialRedraw() {
  if (fbo_) glDeleteFramebuffers(1, &fbo_);
  if (color_) glDeleteRenderbuffers(1, &color_);
}

// (Re)creates the offscreen framebuffer at w x h; false if the driver refuses it.
bool PartialRedraw::offscreen_target(int w, int h) {
  if (fbo_ && w == target_w_ && h == target_h_) return true;
  if (!fbo_) {
    glGenFramebuffers(1, &fbo_);
    glGenRenderbuffers(1, &color_);
  }
  glBindRenderbuffer(GL_RENDERBUFFER, color_);
  glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, w, h);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, color_);
  const bool ok = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  target_w_ = ok ? w : 0;
  target_h_ = ok ? h : 0;
  prev_.clear();  // new storage holds nothing yet
  return ok;
}

void PartialRedraw::render(ImDrawData* data, bool kept, ImVec4 clear, const GpuImages& images) {
  const ImVec2 size = data->DisplaySize, scale = data->FramebufferScale;
  const int fb_w = static_cast<int>(size.x * scale.x), fb_h = static_cast<int>(size.y * scale.y);
  offscreen_ = !kept && fb_w > 0 && fb_h > 0 && offscreen_target(fb_w, fb_h);
  if (offscreen_) glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
  draw(data, kept || offscreen_, clear, images, fb_w, fb_h);
  if (offscreen_) {
    glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo_);
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
    glBlitFramebuffer(0, 0, fb_w, fb_h, 0, 0, fb_w, fb_h, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
  }
}

void PartialRedraw::draw(ImDrawData* data, bool kept, ImVec4 clear, const GpuImages& images, int fb_w, int fb_h) {
  frame_ += 1;
  const ImVec2 pos = data->DisplayPos, size = data->DisplaySize, scale = data->FramebufferScale;
  cur_.clear();
  for (int i = 0; i < data->CmdListsCount; ++i) {
    const ImDrawList* list = data->CmdLists[i];
    const uint64_t pixels = images.pixels_hash(list);
    cur_.push_back({list, list_rect(list, pos, size), fnv1a(list_hash(list, frame_), &pixels, sizeof pixels)});
  }
  // Everything is redrawn unless the same windows sit at the same places as last frame.
  bool all = !kept || fb_w != fb_w_ || fb_h != fb_h_ || cur_.size() != prev_.size();
  for (size_t i = 0; !all && i < cur_.size(); ++i) all = cur_[i].list != prev_[i].list || !same(cur_[i].rect, prev_[i].rect);
  fb_w_ = fb_w;
  fb_h_ = fb_h;

  glViewport(0, 0, fb_w, fb_h);
  glClearColor(clear.x, clear.y, clear.z, clear.w);
  if (all) {
    glDisable(GL_SCISSOR_TEST);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(data);
    last_fraction_ = 1.0f;
    prev_.swap(cur_);
    return;
  }
  // Overlapping windows form groups (union-find); a group with one changed member is redrawn
  // whole, bottom to top, since each member paints over the others.
  const int n = static_cast<int>(cur_.size());
  group_.resize(n);
  for (int i = 0; i < n; ++i) group_[i] = i;
  auto root = [&](int i) {
    while (group_[i] != i) i = group_[i] = group_[group_[i]];
    return i;
  };
  for (int i = 0; i < n; ++i) {
    for (int j = i + 1; j < n; ++j) {
      if (overlap(cur_[i].rect, cur_[j].rect)) group_[root(j)] = root(i);
    }
  }
  changed_.assign(n, 0);  // per group root
  for (int i = 0; i < n; ++i) {
    if (cur_[i].hash != prev_[i].hash) changed_[root(i)] = 1;
  }
  redraw_.clear();
  float area = 0.0f;
  glEnable(GL_SCISSOR_TEST);
  for (int i = 0; i < n; ++i) {
    if (!changed_[root(i)] || empty(cur_[i].rect)) continue;
    const ImVec4& r = cur_[i].rect;
    const int x0 = static_cast<int>((r.x - pos.x) * scale.x), x1 = static_cast<int>(std::ceil((r.z - pos.x) * scale.x));
    const int y0 = static_cast<int>((r.y - pos.y) * scale.y), y1 = static_cast<int>(std::ceil((r.w - pos.y) * scale.y));
    glScissor(x0, fb_h - y1, x1 - x0, y1 - y0);  // GL's y goes up
    glClear(GL_COLOR_BUFFER_BIT);
    area += (r.z - r.x) * (r.w - r.y);
    redraw_.push_back(data->CmdLists[i]);
  }
  glDisable(GL_SCISSOR_TEST);
  last_fraction_ = std::min(1.0f, area / std::max(1.0f, size.x * size.y));
  if (!redraw_.empty()) {
    ImDrawData part = *data;
    part.CmdLists = redraw_.data();
    part.CmdListsCount = static_cast<int>(redraw_.size());
    part.TotalVtxCount = part.TotalIdxCount = 0;
    for (const ImDrawList* l : redraw_) {
      part.TotalVtxCount += l->VtxBuffer.Size;
      part.TotalIdxCount += l->IdxBuffer.Size;
    }
    ImGui_ImplOpenGL3_RenderDrawData(&part);
  }
  prev_.swap(cur_);
}

long PartialRedraw::compare_with_full(ImDrawData* data, ImVec4 clear, const GpuImages& images) {
  const size_t n = static_cast<size_t>(fb_w_) * fb_h_ * 4;
  pixels_.resize(2 * n);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, fb_w_, fb_h_, GL_RGBA, GL_UNSIGNED_BYTE, pixels_.data());
  prev_.clear();  // the next render draws every window
  render(data, !offscreen_, clear, images);
  glReadPixels(0, 0, fb_w_, fb_h_, GL_RGBA, GL_UNSIGNED_BYTE, pixels_.data() + n);
  long differ = 0;
  for (size_t i = 0; i < n; i += 4) differ += std::memcmp(&pixels_[i], &pixels_[n + i], 4) != 0;
  return differ;
}

}  // namespace aelab
