// Latent map: the test set's codes in 2-D (the code itself when it is 2-D, else its first two
// principal components), coloured by label (one colour when the data has none). Hover shows a
// digit, a click (or drag) anywhere decodes that point of the plane, and the drawing is a marker.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app_state.h"
#include "theme.h"
#include "widgets.h"

namespace aelab {

namespace {
// The point of the code space shown at plane position p.
void plane_to_code(const Analysis& a, const float p[2], std::vector<float>* code) {
  code->assign(a.code_dim, 0.0f);
  if (a.projected) {
    pca_unproject(a.pca, p, 1, code->data());
  } else {
    for (int i = 0; i < a.code_dim; ++i) (*code)[i] = p[i];
  }
}

bool code_to_plane(const Analysis& a, const std::vector<float>& code, float p[2]) {
  if (static_cast<int>(code.size()) != a.code_dim) return false;
  p[0] = p[1] = 0.0f;
  if (a.projected) {
    pca_project(a.pca, code.data(), 1, p);
  } else {
    for (int i = 0; i < a.code_dim; ++i) p[i] = code[i];
  }
  return true;
}
}  // namespace

void LatentView::draw(AppState& s) {
  const Analysis* a = s.explore.analysis.get();
  if (!a || !s.view || a->code_dim != s.view->code_dim()) {
    ImGui::TextDisabled("Encoding the test set (on a worker thread)...");
    return;
  }
  if (a->projected) {
    const float tv = std::max(a->pca.total_variance, 1e-12f);
    ImGui::TextWrapped("%d test codes, PCA of %d dims: x %.0f%%, y %.0f%% of the variance", a->count, a->code_dim,
                100 * a->pca.variance[0] / tv, a->pca.k > 1 ? 100 * a->pca.variance[1] / tv : 0.0f);
    metric_tooltip("pca_variance");
  } else {
    ImGui::Text("%d test codes: the %d-D code itself", a->count, a->code_dim);
  }
  const bool labelled = !a->labels.empty();
  if (!labelled) text_disabled_wrapped("No labels in this data: every point has one colour.");
  for (int label = 0; labelled && label < 10; ++label) {
    char digit[4];
    std::snprintf(digit, sizeof digit, "%d", label);
    if (label) same_line_if_fits(14 + text_width(digit));
    ImGui::BeginGroup();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + 3), ImVec2(p.x + 10, p.y + 13), label_color(label));
    ImGui::Dummy(ImVec2(12, 14));
    ImGui::SameLine(0, 2);
    ImGui::TextUnformatted(digit);
    ImGui::EndGroup();
  }
  const char* legend = "+ drawing, o clicked";
  if (labelled) same_line_if_fits(text_width(legend));
  ImGui::TextDisabled("%s", legend);
  constexpr ImU32 kUnlabelled = IM_COL32(120, 170, 255, 200);

  // The plot, with 4% margins around the points' bounds; 440 high, less where the window is
  // short (room for the decoded digit under it).
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const PlotFrame plot = plot_frame("##latent", ImVec2(avail.x, std::clamp(avail.y - 150, 180.0f, 440.0f)));
  s.probes.remember("latent_plot");
  const ImVec2 p0 = plot.p0, p1 = plot.p1, size = plot.size;
  const bool hovered = plot.hovered, active = plot.active;
  ImDrawList* dl = plot.draw;
  float lo[2], span[2];
  for (int k = 0; k < 2; ++k) {
    const float pad = 0.04f * (a->hi[k] - a->lo[k]);
    lo[k] = a->lo[k] - pad, span[k] = a->hi[k] - a->lo[k] + 2 * pad;
  }
  auto to_screen = [&](const float* q) {
    return ImVec2(p0.x + (q[0] - lo[0]) / span[0] * size.x, p1.y - (q[1] - lo[1]) / span[1] * size.y);
  };
  PlotArea area;
  area.p0 = p0, area.p1 = p1;
  area.x0 = lo[0], area.x1 = lo[0] + span[0], area.y0 = lo[1], area.y1 = lo[1] + span[1];
  dl->PushClipRect(p0, p1, true);
  draw_axes(dl, area, true);
  const ImU32 mark = plot_colors().marker;
  for (int r = 0; r < a->count; ++r) {
    const ImVec2 q = to_screen(&a->points[r * 2]);
    dl->AddRectFilled(ImVec2(q.x - 1.5f, q.y - 1.5f), ImVec2(q.x + 1.5f, q.y + 1.5f), labelled ? label_color(a->labels[r], 200) : kUnlabelled);
  }

  // Click or drag: decode that point of the plane.
  const ImVec2 m = ImGui::GetIO().MousePos;
  if (active) {
    at[0] = lo[0] + (m.x - p0.x) / size.x * span[0];
    at[1] = lo[1] + (p1.y - m.y) / size.y * span[1];
    clicked = true;
  }
  if (clicked) {
    const uint64_t now_key =
        inputs_key({static_cast<double>(s.explore.revision), static_cast<double>(a->revision), at[0], at[1]});
    if (now_key != key) {
      key = now_key;
      std::vector<float> code;
      plane_to_code(*a, at, &code);
      decoded.resize(s.view->input_dim());
      s.view->decode(code.data(), 1, decoded.data());
    }
    const ImVec2 q = to_screen(at);
    dl->AddCircle(q, 7.0f, mark, 16, 2.0f);
  }
  // The drawing, projected the same way.
  float drawn[2];
  const bool has_drawing = digit_source(s, 10) && code_to_plane(*a, s.draw_panel.code, drawn);
  if (has_drawing) {
    const ImVec2 q = to_screen(drawn);
    dl->AddLine(ImVec2(q.x - 8, q.y), ImVec2(q.x + 8, q.y), mark, 3.0f);
    dl->AddLine(ImVec2(q.x, q.y - 8), ImVec2(q.x, q.y + 8), mark, 3.0f);
    dl->AddText(ImVec2(q.x + 9, q.y - 16), mark, "drawing");
  }
  // Hover: the nearest test digit within 8 pixels.
  int nearest = -1;
  if (hovered && !active) {
    float best = 64.0f;
    for (int r = 0; r < a->count; ++r) {
      const ImVec2 q = to_screen(&a->points[r * 2]);
      const float d2 = (q.x - m.x) * (q.x - m.x) + (q.y - m.y) * (q.y - m.y);
      if (d2 < best) best = d2, nearest = r;
    }
  }
  dl->PopClipRect();
  if (nearest >= 0 && nearest < s.test->count) {
    const ImVec2 q = to_screen(&a->points[nearest * 2]);
    dl->AddCircle(q, 5.0f, mark, 12, 1.5f);
    std::vector<float> img(s.test->dim());
    images_to_float(*s.test, nullptr, nearest, 1, img.data());
    ImGui::BeginTooltip();
    image(data_image(s, img.data(), 84), 84, 84);
    if (labelled) ImGui::Text("test #%d, label %d", nearest, a->labels[nearest]);
    else ImGui::Text("test #%d", nearest);
    ImGui::Text("at (%.3f, %.3f)", a->points[nearest * 2], a->points[nearest * 2 + 1]);
    ImGui::EndTooltip();
  } else if (hovered && !active) {
    ImGui::SetTooltip("(%.3f, %.3f): click to decode this point", area.x_at(m.x), area.y_at(m.y));
  }
  s.probes.values["latent_points"] = a->count;
  s.probes.values["latent_hover"] = nearest;

  // Below: what the clicked point decodes to, and the codes as CSV.
  ImGui::BeginGroup();
  ImGui::TextDisabled("clicked point decodes to");
  const int dim = s.view->input_dim();
  if (clicked && static_cast<int>(decoded.size()) == dim) {
    image(data_image(s, decoded.data(), 112), 112, 112);
    s.probes.remember("latent_decoded");
    double sum = 0.0;
    for (float v : decoded) sum += v;
    s.probes.values["latent_decoded_sum"] = sum;
    s.probes.values["latent_x"] = at[0];
    s.probes.values["latent_y"] = at[1];
  } else {
    ImGui::Dummy(ImVec2(112, 112));
    ImGui::SameLine();
    ImGui::TextDisabled("(click the map)");
  }
  ImGui::EndGroup();
  // Beside it where the widest of its lines fits, else under it.
  char how[96];
  std::snprintf(how, sizeof how, "index, %sz0..z%d of %d test images", labelled ? "label, " : "", a->code_dim - 1, a->count);
  same_line_if_fits(text_width(how));
  ImGui::BeginGroup();
  if (clicked) ImGui::Text("at (%.3f, %.3f)", at[0], at[1]);
  if (has_drawing) ImGui::Text("drawing at (%.3f, %.3f)", drawn[0], drawn[1]);
  ImGui::TextDisabled("worker: %.2f s per analysis", a->seconds);
  if (ImGui::Button("Export codes CSV")) export_codes_csv(s);
  s.probes.remember("export_csv");
  ImGui::TextDisabled("%s", how);
  ImGui::EndGroup();
}

void LatentView::export_codes_csv(AppState& s) {
  const Analysis* a = s.explore.analysis.get();
  if (!a) {
    set_message(s, "the test set's codes are not computed yet", true);
    return;
  }
  const bool labelled = !a->labels.empty();
  std::string csv = labelled ? "index,label" : "index";
  for (int i = 0; i < a->code_dim; ++i) csv += ",z" + std::to_string(i);
  csv += '\n';
  char num[32];
  for (int r = 0; r < a->count; ++r) {
    csv += std::to_string(r);
    if (labelled) csv += "," + std::to_string(a->labels[r]);
    for (int i = 0; i < a->code_dim; ++i) {
      std::snprintf(num, sizeof num, ",%.6g", a->codes[static_cast<size_t>(r) * a->code_dim + i]);
      csv += num;
    }
    csv += '\n';
  }
  deliver_file(s, "aelab-codes.csv", std::vector<unsigned char>(csv.begin(), csv.end()));
}

}  // namespace aelab
