// Anomaly score: the histogram of the test set's per-image reconstruction errors (worker), with
// the drawing's error and the selected figure digit's placed on it. A digit the model finds
// unusual reconstructs worse than most test digits; its percentile says how much.
#include <algorithm>
#include <cmath>

#include "app_state.h"
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
  ImGui::Text("Reconstruction error (per-pixel MSE) of %d test digits", a->count);
  ImGui::TextDisabled("median %.4f, 99th percentile %.4f (the last bin: all above)", sorted[sorted.size() / 2],
                      sorted[static_cast<size_t>(0.99 * (sorted.size() - 1))]);

  const PlotFrame plot = plot_frame("##hist", ImVec2(ImGui::GetContentRegionAvail().x, 250));
  s.probes.remember("anomaly_hist");
  const ImVec2 p0 = plot.p0, p1 = plot.p1, size = plot.size;
  ImDrawList* dl = plot.draw;
  const float plot_h = size.y - 24, bw = size.x / kBins;
  for (int b = 0; b < kBins; ++b) {
    const float h = plot_h * bins[b] / std::max(top, 1);
    dl->AddRectFilled(ImVec2(p0.x + b * bw + 1, p0.y + 4 + plot_h - h), ImVec2(p0.x + (b + 1) * bw - 1, p0.y + 4 + plot_h),
                      IM_COL32(90, 140, 200, 255));
  }
  char label[64];
  for (int t = 0; t <= 4; ++t) {
    std::snprintf(label, sizeof label, "%.3f", xmax * t / 4);
    dl->AddText(ImVec2(p0.x + size.x * t / 4 - (t == 4 ? 36 : 0), p1.y - 18), kPlotTextColor, label);
  }
  auto marker = [&](double v, ImU32 col, const char* name) {
    const float x = p0.x + static_cast<float>(std::min(v, static_cast<double>(xmax)) / xmax) * size.x;
    dl->AddLine(ImVec2(x, p0.y + 2), ImVec2(x, p0.y + 4 + plot_h), col, 2.5f);
    char text[96];
    std::snprintf(text, sizeof text, "%s %.0f%%", name, percentile(v));
    dl->AddText(ImVec2(std::min(x + 4, p1.x - 90), p0.y + 6), col, text);
  };
  if (plot.hovered) {
    const int b = std::clamp(static_cast<int>((ImGui::GetIO().MousePos.x - p0.x) / bw), 0, kBins - 1);
    ImGui::SetTooltip("%.4f - %.4f: %d digits", xmax * b / kBins, xmax * (b + 1) / kBins, bins[b]);
  }

  // The selected figure digit and the drawing on the histogram.
  double selected_error = -1.0, drawn_error = -1.0;
  if (s.selected < 10 && s.figure_out.size() == s.figure_in.size() && digit_source(s, s.selected)) {
    const size_t at = static_cast<size_t>(s.selected) * dim;
    selected_error = image_mse(&s.figure_in[at], &s.figure_out[at], dim);
    const std::string name = "digit " + std::to_string(s.selected);
    marker(selected_error, IM_COL32(255, 200, 60, 255), name.c_str());
  }
  if (digit_source(s, 10) && static_cast<int>(s.draw_panel.recon.size()) == dim) {
    drawn_error = image_mse(s.draw_panel.pre.data(), s.draw_panel.recon.data(), dim);
    marker(drawn_error, IM_COL32(255, 90, 90, 255), "drawing");
  }
  if (drawn_error >= 0) {
    ImGui::Text("The drawing: error %.4f, higher than %.1f%% of the test digits'", drawn_error, percentile(drawn_error));
    image(data_image(s, s.draw_panel.pre.data(), 84), 84, 84);
    ImGui::SameLine();
    image(data_image(s, s.draw_panel.recon.data(), 84), 84, 84);
  } else {
    ImGui::TextDisabled("Draw a digit (Draw panel) to place it on the histogram.");
  }
  if (selected_error >= 0) {
    ImGui::Text("Test digit %d: error %.4f, higher than %.1f%% of the test digits'", s.selected, selected_error,
                percentile(selected_error));
  }
  ImGui::Separator();
  ImGui::Text("The test digits it reconstructs worst");
  std::vector<float> img(dim);
  for (size_t k = 0; k < a->worst.size(); ++k) {
    const int i = a->worst[k];
    if (i >= s.test->count) continue;
    if (k) ImGui::SameLine(0, 6);
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
