// Code sliders: the code of a figure digit or the drawing, one slider per dimension (a
// scrolling list for large codes); moving one decodes live. For the VAE, samples from the
// prior N(0, I), decoded.
#include <algorithm>
#include <cmath>

#include "app_state.h"
#include "widgets.h"

namespace aelab {

namespace {
constexpr int kPriorSamples = 16;
}  // namespace

void SlidersView::draw(AppState& s) {
  if (!s.view || !s.test) return;
  const int z = s.view->code_dim(), dim = s.view->input_dim();
  text_disabled_wrapped("Pick a digit (or draw one), then move its code's values.");
  // The digits to pick from: the figure's ten test digits and the drawing.
  for (int k = 0, shown = 0; k <= 10; ++k) {
    const float* img = digit_source(s, k);
    if (!img) continue;
    if (shown++) same_line_if_fits(36 + 2, 3);
    if (digit_button(k, data_image(s, img, 36), 36, s.selected == k)) {
      s.selected = k;
      s.view_dirty = true;
    }
  }

  // A new source (or a new model) starts from that digit's code.
  const uint64_t now_source =
      inputs_key({static_cast<double>(s.selected), s.selected == 10 ? static_cast<double>(s.draw_panel.pad.version()) : 0.0,
                  static_cast<double>(z), static_cast<double>(reinterpret_cast<uintptr_t>(s.view.get()))});
  // Until a slider moves, the sliders follow the digit's code as training changes it.
  if ((now_source != source || !edited || static_cast<int>(code.size()) != z) &&
      static_cast<int>(s.selected_code.size()) == z && code != s.selected_code) {
    if (now_source != source) edited = false;
    source = now_source;
    code = s.selected_code;
    dirty = true;
  }
  if (static_cast<int>(code.size()) != z) return;
  const uint64_t now_key = inputs_key({static_cast<double>(s.explore.revision), static_cast<double>(source)});
  if (dirty || now_key != key) {
    key = now_key;
    dirty = false;
    out.resize(dim);
    s.view->decode(code.data(), 1, out.data());
  }

  const float* original = digit_source(s, s.selected);
  ImGui::BeginGroup();
  ImGui::TextDisabled("original");
  if (original) image(data_image(s, original, 112), 112, 112);
  else ImGui::Dummy(ImVec2(112, 112));
  ImGui::TextDisabled("decoded");
  image(data_image(s, out.data(), 112), 112, 112);
  s.probes.remember("slider_decoded");
  if (ImGui::Button("Reset to its code")) edited = false;
  ImGui::EndGroup();
  same_line_if_fits(200);  // the sliders beside the images where they get 200 pixels

  // One slider per dimension; the range is what the test set's codes span (worker), widened.
  const Analysis* a = s.explore.analysis.get();
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
      lo = std::min(lo, code[i]), hi = std::max(hi, code[i]);
      ImGui::PushID(i);
      ImGui::Text("z%-3d", i);
      ImGui::SameLine();
      ImGui::SetNextItemWidth(-1);
      if (ImGui::SliderFloat("##v", &code[i], lo, hi, "%.3f")) dirty = edited = true;
      if (i == 0) s.probes.remember("slider_0");
      ImGui::PopID();
    }
  }
  ImGui::EndChild();
  double sum = 0.0;
  for (float v : out) sum += v;
  s.probes.values["slider_decoded_sum"] = sum;
  s.probes.values["slider_0"] = code[0];

  if (!s.view->is_variational()) return;
  ImGui::Separator();
  ImGui::Text("Samples from the prior N(0, I), decoded");
  same_line_if_fits(button_width("Sample from prior"));
  if (ImGui::Button("Sample from prior")) prior_seed += 1;
  s.probes.remember("sample_prior");
  const uint64_t pkey = inputs_key({static_cast<double>(s.explore.revision), static_cast<double>(prior_seed)});
  if (pkey != prior_key) {
    prior_key = pkey;
    prior_samples.resize(static_cast<size_t>(kPriorSamples) * dim);
    s.view->sample_prior(kPriorSamples, prior_seed, prior_samples.data());
  }
  for (int k = 0; k < kPriorSamples; ++k) {
    if (k) same_line_if_fits(60, 3);
    image(data_image(s, &prior_samples[static_cast<size_t>(k) * dim], 60), 60, 60);
  }
  double psum = 0.0;
  for (float v : prior_samples) psum += v;
  s.probes.values["prior_sum"] = psum;
  s.probes.values["prior_seed"] = static_cast<double>(prior_seed);
}

}  // namespace aelab
