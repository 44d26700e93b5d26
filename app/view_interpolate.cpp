// Interpolation: decodes along the path between two digits' codes (figure digits or the
// drawing): a straight line, or a great-circle arc (slerp) - the default for the VAE, whose
// prior puts typical codes near a sphere rather than near the straight line's midpoint.
#include <algorithm>
#include <cmath>

#include "app_state.h"
#include "widgets.h"

namespace aelab {

namespace {
const char* const kEnds[] = {"digit 0", "digit 1", "digit 2", "digit 3", "digit 4", "digit 5",
                             "digit 6", "digit 7", "digit 8", "digit 9", "the drawing"};

// Codes along a -> b at t = 0, 1/(n-1), ..., 1.
void path(const std::vector<float>& a, const std::vector<float>& b, int n, bool spherical, std::vector<float>* out) {
  const size_t z = a.size();
  out->resize(n * z);
  double na = 0, nb = 0, ab = 0;
  for (size_t i = 0; i < z; ++i) na += a[i] * a[i], nb += b[i] * b[i], ab += a[i] * b[i];
  const double omega = std::acos(std::clamp(ab / std::max(std::sqrt(na * nb), 1e-12), -1.0, 1.0));
  const bool arc = spherical && std::sin(omega) > 1e-4;
  for (int k = 0; k < n; ++k) {
    const double t = n > 1 ? static_cast<double>(k) / (n - 1) : 0.0;
    const double wa = arc ? std::sin((1 - t) * omega) / std::sin(omega) : 1 - t;
    const double wb = arc ? std::sin(t * omega) / std::sin(omega) : t;
    for (size_t i = 0; i < z; ++i) (*out)[k * z + i] = static_cast<float>(wa * a[i] + wb * b[i]);
  }
}
}  // namespace

void InterpolateView::draw(AppState& s) {
  if (!s.view || !s.test) return;
  const int z = s.view->code_dim(), dim = s.view->input_dim();
  if (model != s.view.get()) {
    model = s.view.get();
    spherical = s.view->is_variational();
  }
  text_disabled_wrapped("Decodes of the codes on the way from one digit to another.");
  ImGui::PushItemWidth(120);
  // "from [combo]" and "to [combo]" each kept together; the row wraps between its widgets.
  ImGui::BeginGroup();
  ImGui::AlignTextToFramePadding();
  ImGui::Text("from");
  ImGui::SameLine();
  ImGui::Combo("##from", &from, kEnds, 11);
  s.probes.remember("interp_from");
  ImGui::EndGroup();
  same_line_if_fits(text_width("to") + ImGui::GetStyle().ItemSpacing.x + 120);
  ImGui::BeginGroup();
  ImGui::AlignTextToFramePadding();
  ImGui::Text("to");
  ImGui::SameLine();
  ImGui::Combo("##to", &to, kEnds, 11);
  s.probes.remember("interp_to");
  ImGui::EndGroup();
  same_line_if_fits(labelled_width(120, "steps"));
  ImGui::SliderInt("steps", &steps, 3, 10);
  ImGui::PopItemWidth();
  ImGui::Checkbox("spherical (slerp)", &spherical);
  s.probes.remember("interp_spherical");
  const char* which = s.view->is_variational() ? "default for the VAE" : "linear is the default here";
  same_line_if_fits(text_width(which));
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("%s", which);

  const float* from_image = digit_source(s, from);
  const float* to_image = digit_source(s, to);
  if (!from_image || !to_image) {
    text_disabled_wrapped("Draw a digit first (Draw panel).");
    return;
  }
  const double pad = (from == 10 || to == 10) ? static_cast<double>(s.draw_panel.pad.version()) : 0.0;
  const uint64_t now_key = inputs_key({static_cast<double>(s.explore.revision), static_cast<double>(from),
                                       static_cast<double>(to), static_cast<double>(steps), spherical ? 1.0 : 0.0, pad});
  if (now_key != key) {
    key = now_key;
    std::vector<float> ca(z), cb(z), codes;
    s.view->encode(from_image, 1, ca.data());
    s.view->encode(to_image, 1, cb.data());
    path(ca, cb, steps, spherical, &codes);
    out.resize(static_cast<size_t>(steps) * dim);
    s.view->decode(codes.data(), steps, out.data());
  }
  const int n = static_cast<int>(out.size() / dim);
  const float cell = std::min(64.0f, (ImGui::GetContentRegionAvail().x - 8.0f) / (n + 2) - 4.0f);
  ImGui::Separator();
  ImGui::TextDisabled("input");
  ImGui::SameLine(cell + 8);
  ImGui::TextDisabled("decoded path");
  image(data_image(s, from_image, cell), cell, cell);
  for (int k = 0; k < n; ++k) {
    ImGui::SameLine(0, k == 0 ? 8 : 2);
    image(data_image(s, &out[static_cast<size_t>(k) * dim], cell), cell, cell);
    if (k == 0) s.probes.remember("interp_first");
  }
  ImGui::SameLine(0, 8);
  image(data_image(s, to_image, cell), cell, cell);
  // Larger: the midpoint, where straight and arc paths differ most.
  ImGui::Spacing();
  ImGui::TextDisabled("midpoint");
  image(data_image(s, &out[static_cast<size_t>(n / 2) * dim], 168), 168, 168);
  double sum = 0.0, mid = 0.0;
  for (float v : out) sum += v;
  for (int i = 0; i < dim; ++i) mid += out[static_cast<size_t>(n / 2) * dim + i];
  s.probes.values["interp_sum"] = sum;
  s.probes.values["interp_mid_sum"] = mid;
  s.probes.values["interp_spherical"] = spherical ? 1 : 0;
}

}  // namespace aelab
