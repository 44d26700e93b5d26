// Code sliders: the code of a figure digit or the drawing, one slider per dimension (a
// scrolling list for large codes); moving one decodes live. For the VAE, samples from the
// prior N(0, I), decoded.
#include <algorithm>
#include <cmath>

#include "app_state.h"

namespace aelab {

namespace {
constexpr int kPriorSamples = 16;

// The digits to pick from: the figure's ten test digits and the drawing.
void source_picker(AppState& s) {
  const int rows = s.test->rows, cols = s.test->cols;
  for (int k = 0; k <= 10; ++k) {
    const float* img = digit_source(s, k);
    if (!img) continue;
    if (k) ImGui::SameLine(0, 3);
    ImGui::PushID(k);
    const ImageRef ref = s.gpu.add(img, cols, rows, ColorMode::kDigit);
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(1, 1));
    ImGui::PushStyleColor(ImGuiCol_Button, s.selected == k ? ImVec4(1, 0.8f, 0.2f, 1) : ImVec4(0, 0, 0, 0));
    if (ImGui::ImageButton(ref.texture, ImVec2(36, 36), ref.uv0, ref.uv1)) {
      s.selected = k;
      s.view_dirty = true;
    }
    ImGui::PopStyleColor();
    ImGui::PopStyleVar();
    ImGui::PopID();
  }
}
}  // namespace

void view_sliders(App* app) {
  AppState& s = *app->state;
  ExploreState& e = s.explore;
  if (!s.view || !s.test) return;
  const int z = s.view->code_dim(), dim = s.view->input_dim();
  ImGui::TextDisabled("Pick a digit (or draw one), then move its code's values.");
  source_picker(s);

  // A new source (or a new model) starts from that digit's code.
  const uint64_t source = inputs_key({static_cast<double>(s.selected), s.selected == 10 ? static_cast<double>(s.pad.version()) : 0.0,
                                      static_cast<double>(z), static_cast<double>(reinterpret_cast<uintptr_t>(s.view.get()))});
  // Until a slider moves, the sliders follow the digit's code as training changes it.
  if ((source != e.slider_source || !e.slider_edited || static_cast<int>(e.slider_code.size()) != z) &&
      static_cast<int>(s.selected_code.size()) == z && e.slider_code != s.selected_code) {
    if (source != e.slider_source) e.slider_edited = false;
    e.slider_source = source;
    e.slider_code = s.selected_code;
    e.slider_dirty = true;
  }
  if (static_cast<int>(e.slider_code.size()) != z) return;
  const uint64_t key = inputs_key({static_cast<double>(e.revision), static_cast<double>(e.slider_source)});
  if (e.slider_dirty || key != e.slider_key) {
    e.slider_key = key;
    e.slider_dirty = false;
    e.slider_out.resize(dim);
    s.view->decode(e.slider_code.data(), 1, e.slider_out.data());
  }

  const float* original = digit_source(s, s.selected);
  ImGui::BeginGroup();
  ImGui::TextDisabled("original");
  if (original) show_image(s.gpu.add(original, s.test->cols, s.test->rows, ColorMode::kDigit), 112, 112);
  else ImGui::Dummy(ImVec2(112, 112));
  ImGui::TextDisabled("decoded");
  show_image(s.gpu.add(e.slider_out.data(), s.test->cols, s.test->rows, ColorMode::kDigit), 112, 112);
  remember_widget(s, "slider_decoded");
  if (ImGui::Button("Reset to its code")) e.slider_edited = false;
  ImGui::EndGroup();
  ImGui::SameLine(0, 16);

  // One slider per dimension; the range is what the test set's codes span (worker), widened.
  const Analysis* a = e.analysis.get();
  const bool ranges = a && a->code_dim == z;
  ImGui::BeginChild("##sliders", ImVec2(0, s.view->is_variational() ? 260 : 560), true);
  ImGuiListClipper clipper;
  clipper.Begin(z);
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      float lo = -3.0f, hi = 3.0f;
      if (ranges) {
        const float w = std::max(a->code_hi[i] - a->code_lo[i], 1e-3f);
        lo = a->code_lo[i] - 0.25f * w, hi = a->code_hi[i] + 0.25f * w;
      }
      lo = std::min(lo, e.slider_code[i]), hi = std::max(hi, e.slider_code[i]);
      ImGui::PushID(i);
      ImGui::Text("z%-3d", i);
      ImGui::SameLine();
      ImGui::SetNextItemWidth(-1);
      if (ImGui::SliderFloat("##v", &e.slider_code[i], lo, hi, "%.3f")) e.slider_dirty = e.slider_edited = true;
      if (i == 0) remember_widget(s, "slider_0");
      ImGui::PopID();
    }
  }
  ImGui::EndChild();
  double sum = 0.0;
  for (float v : e.slider_out) sum += v;
  e.probes["slider_decoded_sum"] = sum;
  e.probes["slider_0"] = e.slider_code[0];

  if (!s.view->is_variational()) return;
  ImGui::Separator();
  ImGui::Text("Samples from the prior N(0, I), decoded");
  ImGui::SameLine();
  if (ImGui::Button("Sample from prior")) e.prior_seed += 1;
  remember_widget(s, "sample_prior");
  const uint64_t pkey = inputs_key({static_cast<double>(e.revision), static_cast<double>(e.prior_seed)});
  if (pkey != e.prior_key) {
    e.prior_key = pkey;
    e.prior_samples.resize(static_cast<size_t>(kPriorSamples) * dim);
    s.view->sample_prior(kPriorSamples, e.prior_seed, e.prior_samples.data());
  }
  for (int k = 0; k < kPriorSamples; ++k) {
    if (k % 8) ImGui::SameLine(0, 3);
    show_image(s.gpu.add(&e.prior_samples[static_cast<size_t>(k) * dim], s.test->cols, s.test->rows, ColorMode::kDigit),
               60, 60);
  }
  double psum = 0.0;
  for (float v : e.prior_samples) psum += v;
  e.probes["prior_sum"] = psum;
  e.probes["prior_seed"] = static_cast<double>(e.prior_seed);
}

}  // namespace aelab
