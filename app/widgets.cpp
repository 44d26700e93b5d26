// The shared widgets (widgets.h).
#include "widgets.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace aelab {

bool begin_panel(const char* name, float x, float y, float w, float h, ImGuiWindowFlags extra) {
  constexpr ImGuiWindowFlags kFixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                      ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings;
  ImGui::SetNextWindowPos(ImVec2(x, y), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(w, h), ImGuiCond_Always);
  return ImGui::Begin(name, nullptr, kFixed | extra);
}

bool button(TestProbes& probes, const char* label, const char* id, bool enabled) {
  if (!enabled) ImGui::BeginDisabled();
  const bool pressed = ImGui::Button(label);
  if (!enabled) ImGui::EndDisabled();
  probes.remember(id);
  return pressed && enabled;
}

void image(const ImageRef& ref, float w, float h) { ImGui::Image(ref.texture, ImVec2(w, h), ref.uv0, ref.uv1); }

bool digit_button(int id, const ImageRef& ref, float size, bool selected) {
  ImGui::PushID(id);
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(1, 1));
  ImGui::PushStyleColor(ImGuiCol_Button, selected ? ImVec4(1, 0.8f, 0.2f, 1) : ImVec4(0, 0, 0, 0));
  const bool pressed = ImGui::ImageButton(ref.texture, ImVec2(size, size), ref.uv0, ref.uv1);
  ImGui::PopStyleColor();
  ImGui::PopStyleVar();
  ImGui::PopID();
  return pressed;
}

ImU32 label_color(int label, int alpha) {
  static const unsigned char rgb[10][3] = {{31, 119, 180}, {255, 127, 14}, {44, 160, 44},  {214, 39, 40},
                                           {148, 103, 189}, {140, 86, 75}, {227, 119, 194}, {127, 127, 127},
                                           {188, 189, 34}, {23, 190, 207}};
  const unsigned char* c = rgb[((label % 10) + 10) % 10];
  return IM_COL32(c[0], c[1], c[2], alpha);
}

PlotFrame plot_frame(const char* id, ImVec2 size) {
  PlotFrame f;
  f.p0 = ImGui::GetCursorScreenPos();
  f.size = size;
  f.p1 = ImVec2(f.p0.x + size.x, f.p0.y + size.y);
  ImGui::InvisibleButton(id, size);
  f.hovered = ImGui::IsItemHovered();
  f.active = ImGui::IsItemActive();
  f.draw = ImGui::GetWindowDrawList();
  f.draw->AddRectFilled(f.p0, f.p1, IM_COL32(18, 18, 22, 255));
  f.draw->AddRect(f.p0, f.p1, IM_COL32(90, 90, 100, 255));
  return f;
}

void log_loss_plot(const PlotFrame& frame, std::initializer_list<LossCurve> curves, const char* empty) {
  ImDrawList* dl = frame.draw;
  float lo = 1e30f, hi = -1e30f, xmax = 1.0f;
  for (const LossCurve& c : curves) {
    for (const LossPoint& p : *c.points) {
      if (p.loss > 0) lo = std::min(lo, p.loss), hi = std::max(hi, p.loss);
      xmax = std::max(xmax, p.epoch);
    }
  }
  if (hi < lo) {
    dl->AddText(ImVec2(frame.p0.x + 10, frame.p0.y + 10), kPlotTextColor, empty);
    return;
  }
  const float llo = std::log10(lo) - 0.05f, lhi = std::log10(hi) + 0.05f;
  auto at = [&](const LossPoint& p) {
    return ImVec2(frame.p0.x + 44 + (frame.size.x - 54) * p.epoch / xmax,
                  frame.p1.y - 10 - (frame.size.y - 20) * (std::log10(std::max(p.loss, 1e-12f)) - llo) / (lhi - llo));
  };
  char label[32];
  for (float v : {lo, hi}) {
    std::snprintf(label, sizeof label, "%.4f", v);
    dl->AddText(ImVec2(frame.p0.x + 2, at({0, v}).y - 7), kPlotTextColor, label);
  }
  std::vector<ImVec2> pts;
  for (const LossCurve& c : curves) {
    pts.clear();
    for (const LossPoint& p : *c.points) pts.push_back(at(p));
    if (c.line_width > 0 && pts.size() > 1) {
      dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), c.color, 0, c.line_width);
    }
    if (c.dot_radius > 0) {
      for (const ImVec2& q : pts) dl->AddCircleFilled(q, c.dot_radius, c.color);
    }
  }
}

}  // namespace aelab
