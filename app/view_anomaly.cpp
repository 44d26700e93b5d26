// Anomaly score: the histogram of the test set's per-image reconstruction errors (worker), with
// the drawing's error and the selected figure digit's placed on it. A digit the model finds
// unusual reconstructs worse than most test digits; its percentile says how much.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app_state.h"
#include "theme.h"
#include "widgets.h"

namespace aelab {

namespace {
constexpr int kBins = 40;
}  // namespace

void AnomalyView::draw(AppState& s) {
  const Analysis* a = s.explore.analysis.get();
  if (!a || !s.view || !s.test) {
    ImGui::TextDisabled("Reconstructing the test set (on a worker thread)...");
    return;
  }
  const int dim = s.view->input_dim();
  std::vector<float> sorted = a->errors;
  std::sort(sorted.begin(), sorted.end());
  const float xmax = std::max(sorted[static_cast<size_t>(0.995 * (sorted.size() - 1))] * 1.3f, 1e-6f);
  std::array<int, kBins> bins{};
  for (float v : a->errors) bins[static_cast<int>(std::clamp(v / xmax * kBins, 0.0f, kBins - 1.0f))] += 1;
  const int top = *std::max_element(bins.begin(), bins.end());
  auto percentile = [&](double v) {
    return 100.0 * (std::lower_bound(sorted.begin(), sorted.end(), static_cast<float>(v)) - sorted.begin()) / sorted.size();
  };
  ImGui::TextWrapped("Reconstruction error (per-pixel MSE) of %d test digits", a->count);
  metric_tooltip("recon_error");
  text_disabled_wrapped("median %.4f, 99th percentile %.4f (the last bin: all above)", sorted[sorted.size() / 2],
                        sorted[static_cast<size_t>(0.99 * (sorted.size() - 1))]);

  const PlotFrame plot = plot_frame("##hist", ImVec2(ImGui::GetContentRegionAvail().x, 250));
  s.probes.remember("anomaly_hist");
  // Bars over error (x) and count (y), with room for the counts on the left and errors below.
  PlotArea area;
  area.p0 = ImVec2(plot.p0.x + 44, plot.p0.y + 6);
  area.p1 = ImVec2(plot.p1.x - 8, plot.p1.y - ImGui::GetFontSize() - 6);
  area.x0 = 0, area.x1 = xmax, area.y0 = 0, area.y1 = std::max(top, 1) * 1.05;
  ImDrawList* dl = plot.draw;
  draw_axes(dl, area, false);
  const PlotColors& colors = plot_colors();
  for (int b = 0; b < kBins; ++b) {
    const ImVec2 q0 = area.at(xmax * b / kBins, bins[b]), q1 = area.at(xmax * (b + 1) / kBins, 0);
    dl->AddRectFilled(ImVec2(q0.x + 1, q0.y), ImVec2(q1.x - 1, q1.y), colors.train);
  }
  auto marker = [&](double v, ImU32 col, const char* name) {
    const float x = area.at(std::min(v, static_cast<double>(xmax)), 0).x;
    dl->AddLine(ImVec2(x, area.p0.y - 4), area.at(std::min(v, static_cast<double>(xmax)), 0), col, 2.5f);
    char text[96];
    std::snprintf(text, sizeof text, "%s %.0f%%", name, percentile(v));
    dl->AddText(ImVec2(std::min(x + 4, area.p1.x - 90), area.p0.y), col, text);
  };
  if (plot.hovered) {
    const double at = area.x_at(ImGui::GetIO().MousePos.x);
    const int b = std::clamp(static_cast<int>(at / xmax * kBins), 0, kBins - 1);
    ImGui::SetTooltip("error %.4f - %.4f: %d digits (%.1f%% of the test set below %.4f)", xmax * b / kBins,
                      xmax * (b + 1) / kBins, bins[b], percentile(xmax * (b + 1) / kBins), xmax * (b + 1) / kBins);
  }

  // The selected figure digit and the drawing on the histogram.
  double selected_error = -1.0, drawn_error = -1.0;
  if (s.selected < 10 && s.figure_out.size() == s.figure_in.size() && digit_source(s, s.selected)) {
    const size_t at = static_cast<size_t>(s.selected) * dim;
    selected_error = image_mse(&s.figure_in[at], &s.figure_out[at], dim);
    const std::string name = "digit " + std::to_string(s.selected);
    marker(selected_error, ImGui::ColorConvertFloat4ToU32(colors.warning), name.c_str());
  }
  if (digit_source(s, 10) && static_cast<int>(s.draw_panel.recon.size()) == dim) {
    drawn_error = image_mse(s.draw_panel.pre.data(), s.draw_panel.recon.data(), dim);
    marker(drawn_error, label_color(3), "drawing");
  }
  if (drawn_error >= 0) {
    ImGui::TextWrapped("The drawing: error %.4f, higher than %.1f%% of the test digits'", drawn_error, percentile(drawn_error));
    metric_tooltip("recon_error");
    image(data_image(s, s.draw_panel.pre.data(), 84), 84, 84);
    ImGui::SameLine();
    image(data_image(s, s.draw_panel.recon.data(), 84), 84, 84);
  } else {
    text_disabled_wrapped("Draw a digit (Draw panel) to place it on the histogram.");
  }
  if (selected_error >= 0) {
    ImGui::TextWrapped("Test digit %d: error %.4f, higher than %.1f%% of the test digits'", s.selected, selected_error,
                       percentile(selected_error));
  }
  ImGui::Separator();
  ImGui::Text("The test digits it reconstructs worst");
  std::vector<float> img(dim);
  for (size_t k = 0; k < a->worst.size(); ++k) {
    const int i = a->worst[k];
    if (i >= s.test->count) continue;
    if (k) same_line_if_fits(58, 6);
    ImGui::BeginGroup();
    images_to_float(*s.test, nullptr, i, 1, img.data());
    image(data_image(s, img.data(), 58), 58, 58);
    if (a->labels.empty()) ImGui::TextDisabled("%.3f", a->errors[i]);
    else ImGui::TextDisabled("%d: %.3f", a->labels[i], a->errors[i]);
    ImGui::EndGroup();
  }
  s.probes.values["anomaly_count"] = a->count;
  s.probes.values["anomaly_drawn_error"] = drawn_error;
  s.probes.values["anomaly_drawn_percentile"] = drawn_error >= 0 ? percentile(drawn_error) : -1.0;
  s.probes.values["anomaly_selected_error"] = selected_error;
}

}  // namespace aelab
