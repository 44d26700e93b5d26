// Denoising lab: corrupt the figure digits (and the drawing) with a chosen noise and level,
// then reconstruct: noisy / denoised / clean rows with each column's MSE against the clean
// digit. Any model can be tried; one trained with input noise (Model panel) does it best.
#include <algorithm>
#include <cmath>
#include <iterator>

#include "app_state.h"
#include "widgets.h"

namespace aelab {

namespace {
constexpr double kRefreshSeconds = 0.25;  // while training: the model changes 10 times a second
}  // namespace

void DenoiseView::draw(AppState& s) {
  if (!s.view || !s.test) return;
  const int dim = s.view->input_dim();
  ImGui::PushItemWidth(140);
  const bool type_changed = ImGui::Combo("noise", &noise, kNoiseKinds, static_cast<int>(std::size(kNoiseKinds)));
  s.probes.remember("denoise_noise");
  same_line_if_fits(labelled_width(140, "level"));
  const bool level_changed = ImGui::SliderFloat("level", &level, 0.0f, 1.0f, "%.2f");
  s.probes.remember("denoise_level");
  ImGui::PopItemWidth();
  same_line_if_fits(button_width("New noise"));
  if (ImGui::Button("New noise")) seed += 1;
  text_disabled_wrapped(noise == 0   ? "gaussian: x + level * N(0, 1), clamped to [0, 1]"
                        : noise == 1 ? "salt and pepper: each pixel 0 or 1 with probability level"
                                     : "mask: each pixel 0 with probability level");

  // The columns: the ten figure digits, then the drawing when there is one.
  std::vector<const float*> columns;
  for (int k = 0; k <= 10; ++k) {
    if (const float* img = digit_source(s, k)) columns.push_back(img);
  }
  const int n = static_cast<int>(columns.size());
  const uint64_t now_key = inputs_key({static_cast<double>(s.explore.revision), static_cast<double>(noise), level,
                                       static_cast<double>(seed), static_cast<double>(s.draw_panel.pad.version()),
                                       static_cast<double>(n)});
  const double now = now_seconds();
  if (now_key != key && (type_changed || level_changed || now - at >= kRefreshSeconds ||
                         out.size() != static_cast<size_t>(n) * dim)) {
    key = now_key;
    at = now;
    clean.resize(static_cast<size_t>(n) * dim);
    for (int k = 0; k < n; ++k) std::copy(columns[k], columns[k] + dim, clean.begin() + static_cast<size_t>(k) * dim);
    noisy.resize(clean.size());
    out.resize(clean.size());
    corrupt_images(kNoiseKinds[noise], level, seed, clean.data(), static_cast<long>(clean.size()), noisy.data());
    s.view->reconstruct(noisy.data(), n, out.data());
    noisy_mse.resize(n);
    out_mse.resize(n);
    for (int k = 0; k < n; ++k) {
      const size_t first = static_cast<size_t>(k) * dim;
      noisy_mse[k] = static_cast<float>(image_mse(&noisy[first], &clean[first], dim));
      out_mse[k] = static_cast<float>(image_mse(&out[first], &clean[first], dim));
    }
  }
  const int shown = static_cast<int>(noisy_mse.size());
  if (shown == 0) return;
  const float label_w = 70.0f;
  const float cell = std::min(44.0f, (ImGui::GetContentRegionAvail().x - label_w) / shown - 3.0f);
  const std::vector<float>* row_images[3] = {&noisy, &out, &clean};
  const char* row_names[3] = {"noisy", "denoised", "clean"};
  const std::vector<float>* row_mse[3] = {&noisy_mse, &out_mse, nullptr};
  double mean[2] = {0, 0};
  for (int k = 0; k < shown; ++k) mean[0] += noisy_mse[k] / shown, mean[1] += out_mse[k] / shown;
  ImGui::Separator();
  for (int r = 0; r < 3; ++r) {
    ImGui::AlignTextToFramePadding();
    ImGui::Text("%s", row_names[r]);
    for (int k = 0; k < shown; ++k) {
      ImGui::SameLine(k == 0 ? label_w : 0, 3);
      ImGui::BeginGroup();
      image(data_image(s, &(*row_images[r])[static_cast<size_t>(k) * dim], cell), cell, cell);
      if (row_mse[r]) ImGui::TextDisabled("%.3f", (*row_mse[r])[k]);
      ImGui::EndGroup();
    }
  }
  text_disabled_wrapped("(the last column is the drawing, when there is one)");
  ImGui::Separator();
  ImGui::TextWrapped("mean MSE against the clean digits: noisy %.4f, denoised %.4f", mean[0], mean[1]);
  metric_tooltip("denoise_mse");
  const float trained_noise = s.model_panel.noise;
  text_disabled_wrapped(trained_noise > 0 ? "This model trains with Gaussian input noise %.2f (Model panel)."
                                          : "Set input noise > 0 in the Model panel and train for a denoising autoencoder.",
                        trained_noise);
  // Larger: the selected digit's three images, smaller where three do not fit across.
  const int sel = std::min(std::max(s.selected, 0), shown - 1);
  const float big = std::floor(std::min(140.0f, (ImGui::GetContentRegionAvail().x - 16) / 3));
  for (int r = 0; r < 3; ++r) {
    if (r) ImGui::SameLine(0, 8);
    image(data_image(s, &(*row_images[r])[static_cast<size_t>(sel) * dim], big), big, big);
  }
  s.probes.values["denoise_noisy_mse"] = mean[0];
  s.probes.values["denoise_mse"] = mean[1];
  s.probes.values["denoise_level"] = level;
  s.probes.values["denoise_columns"] = shown;
}

}  // namespace aelab
