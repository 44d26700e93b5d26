// Denoising lab: corrupt the figure digits (and the drawing) with a chosen noise and level,
// then reconstruct: noisy / denoised / clean rows with each column's MSE against the clean
// digit. Any model can be tried; one trained with input noise (Model panel) does it best.
#include <algorithm>
#include <cmath>

#include "app_state.h"

namespace aelab {

namespace {
const char* const kNoises[] = {"gaussian", "saltpepper", "mask"};
constexpr double kRefreshSeconds = 0.25;  // while training: the model changes 10 times a second

double mse(const float* a, const float* b, int n) {
  double s = 0.0;
  for (int i = 0; i < n; ++i) s += (a[i] - b[i]) * static_cast<double>(a[i] - b[i]);
  return s / n;
}
}  // namespace

void view_denoise(App* app) {
  AppState& s = *app->state;
  ExploreState& e = s.explore;
  if (!s.view || !s.test) return;
  const int dim = s.view->input_dim(), rows = s.test->rows, cols = s.test->cols;
  ImGui::PushItemWidth(140);
  const bool type_changed = ImGui::Combo("noise", &e.denoise_noise, kNoises, 3);
  remember_widget(s, "denoise_noise");
  ImGui::SameLine();
  const bool level_changed = ImGui::SliderFloat("level", &e.denoise_level, 0.0f, 1.0f, "%.2f");
  remember_widget(s, "denoise_level");
  ImGui::PopItemWidth();
  ImGui::SameLine();
  if (ImGui::Button("New noise")) e.denoise_seed += 1;
  ImGui::TextDisabled(e.denoise_noise == 0 ? "gaussian: x + level * N(0, 1), clamped to [0, 1]"
                      : e.denoise_noise == 1 ? "salt and pepper: each pixel 0 or 1 with probability level"
                                             : "mask: each pixel 0 with probability level");

  // The columns: the ten figure digits, then the drawing when there is one.
  std::vector<const float*> clean;
  for (int k = 0; k <= 10; ++k) {
    if (const float* img = digit_source(s, k)) clean.push_back(img);
  }
  const int n = static_cast<int>(clean.size());
  const uint64_t key = inputs_key({static_cast<double>(e.revision), static_cast<double>(e.denoise_noise), e.denoise_level,
                                   static_cast<double>(e.denoise_seed), static_cast<double>(s.pad.version()),
                                   static_cast<double>(n)});
  const double now = now_seconds();
  if (key != e.denoise_key && (type_changed || level_changed || now - e.denoise_at >= kRefreshSeconds ||
                               e.denoise_out.size() != static_cast<size_t>(n) * dim)) {
    e.denoise_key = key;
    e.denoise_at = now;
    e.denoise_clean.resize(static_cast<size_t>(n) * dim);
    for (int k = 0; k < n; ++k) std::copy(clean[k], clean[k] + dim, e.denoise_clean.begin() + static_cast<size_t>(k) * dim);
    e.denoise_noisy.resize(e.denoise_clean.size());
    e.denoise_out.resize(e.denoise_clean.size());
    corrupt_images(kNoises[e.denoise_noise], e.denoise_level, e.denoise_seed, e.denoise_clean.data(),
                   static_cast<long>(e.denoise_clean.size()), e.denoise_noisy.data());
    s.view->reconstruct(e.denoise_noisy.data(), n, e.denoise_out.data());
    e.denoise_noisy_mse.resize(n);
    e.denoise_out_mse.resize(n);
    for (int k = 0; k < n; ++k) {
      const size_t at = static_cast<size_t>(k) * dim;
      e.denoise_noisy_mse[k] = static_cast<float>(mse(&e.denoise_noisy[at], &e.denoise_clean[at], dim));
      e.denoise_out_mse[k] = static_cast<float>(mse(&e.denoise_out[at], &e.denoise_clean[at], dim));
    }
  }
  const int shown = static_cast<int>(e.denoise_noisy_mse.size());
  if (shown == 0) return;
  const float label_w = 70.0f;
  const float cell = std::min(44.0f, (ImGui::GetContentRegionAvail().x - label_w) / shown - 3.0f);
  const std::vector<float>* row_images[3] = {&e.denoise_noisy, &e.denoise_out, &e.denoise_clean};
  const char* row_names[3] = {"noisy", "denoised", "clean"};
  const std::vector<float>* row_mse[3] = {&e.denoise_noisy_mse, &e.denoise_out_mse, nullptr};
  double mean[2] = {0, 0};
  for (int k = 0; k < shown; ++k) mean[0] += e.denoise_noisy_mse[k] / shown, mean[1] += e.denoise_out_mse[k] / shown;
  ImGui::Separator();
  for (int r = 0; r < 3; ++r) {
    ImGui::AlignTextToFramePadding();
    ImGui::Text("%s", row_names[r]);
    for (int k = 0; k < shown; ++k) {
      ImGui::SameLine(k == 0 ? label_w : 0, 3);
      ImGui::BeginGroup();
      show_image(s.gpu.add(&(*row_images[r])[static_cast<size_t>(k) * dim], cols, rows, ColorMode::kDigit), cell, cell);
      if (row_mse[r]) ImGui::TextDisabled("%.3f", (*row_mse[r])[k]);
      ImGui::EndGroup();
    }
  }
  ImGui::TextDisabled("(the last column is the drawing, when there is one)");
  ImGui::Separator();
  ImGui::Text("mean MSE against the clean digits: noisy %.4f, denoised %.4f", mean[0], mean[1]);
  ImGui::TextDisabled(s.noise > 0 ? "This model trains with Gaussian input noise %.2f (Model panel)."
                                  : "Set input noise > 0 in the Model panel and train for a denoising autoencoder.",
                      s.noise);
  // Larger: the selected digit's three images.
  const int sel = std::min(std::max(s.selected, 0), shown - 1);
  for (int r = 0; r < 3; ++r) {
    if (r) ImGui::SameLine(0, 8);
    show_image(s.gpu.add(&(*row_images[r])[static_cast<size_t>(sel) * dim], cols, rows, ColorMode::kDigit), 140, 140);
  }
  e.probes["denoise_noisy_mse"] = mean[0];
  e.probes["denoise_mse"] = mean[1];
  e.probes["denoise_level"] = e.denoise_level;
  e.probes["denoise_columns"] = shown;
}

}  // namespace aelab
