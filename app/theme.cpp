// The two themes (theme.h).
#include "theme.h"

namespace aelab {

namespace {
bool g_light = false;

const PlotColors kDark = {IM_COL32(18, 18, 22, 255),    IM_COL32(90, 90, 100, 255),  IM_COL32(255, 255, 255, 28),
                          IM_COL32(150, 150, 150, 255), IM_COL32(255, 255, 255, 255), IM_COL32(90, 165, 255, 255),
                          IM_COL32(255, 150, 50, 255),  ImVec4(1.0f, 0.75f, 0.3f, 1.0f),
                          ImVec4(1.0f, 0.4f, 0.4f, 1.0f)};
// On white, the curves and the warning are darker: the dark theme's would be too faint.
const PlotColors kLight = {IM_COL32(250, 250, 252, 255), IM_COL32(150, 150, 160, 255), IM_COL32(0, 0, 0, 30),
                           IM_COL32(70, 70, 75, 255),    IM_COL32(20, 20, 25, 255),    IM_COL32(25, 100, 200, 255),
                           IM_COL32(215, 95, 0, 255),    ImVec4(0.70f, 0.35f, 0.0f, 1.0f),
                           ImVec4(0.75f, 0.05f, 0.05f, 1.0f)};
}  // namespace

ImVec4 apply_theme(bool light) {
  g_light = light;
  ImGuiStyle& style = ImGui::GetStyle();
  if (light) ImGui::StyleColorsLight(&style);
  else ImGui::StyleColorsDark(&style);
  // Keyboard focus must be easy to see on both (ImGui's default is faint on the light theme).
  style.Colors[ImGuiCol_NavHighlight] = light ? ImVec4(0.05f, 0.35f, 0.9f, 1.0f) : ImVec4(1.0f, 0.8f, 0.2f, 1.0f);
  // The panels' background comes from the clear under them, not from a shaded rectangle per
  // window: the same colour, one pass less for a software rasteriser (partial_redraw.h).
  const ImVec4 bg = style.Colors[ImGuiCol_WindowBg];
  const ImVec4 under = light ? ImVec4(0.92f, 0.92f, 0.93f, 1.0f) : ImVec4(0.08f, 0.08f, 0.09f, 1.0f);
  style.Colors[ImGuiCol_WindowBg].w = 0.0f;
  auto over = [&](float b, float u) { return b * bg.w + u * (1 - bg.w); };
  return ImVec4(over(bg.x, under.x), over(bg.y, under.y), over(bg.z, under.z), 1.0f);
}

bool theme_is_light() { return g_light; }

const PlotColors& plot_colors() { return g_light ? kLight : kDark; }

}  // namespace aelab
