// Filters: the first encoder layer's weights as images (Linear and MLP: one image per unit over
// the input pixels; conv: the kernels), and the decoder's directions (what raising one code
// value by a standard deviation does to the decoded mean code). Each tile is scaled to its own
// max |w| and coloured by the diverging map of shaders/colormap.frag.glsl (blue < 0 < red); a
// colour direction shows its channels' mean.
#include <algorithm>
#include <cmath>

#include "app_state.h"
#include "widgets.h"

namespace aelab {

namespace {
constexpr int kCols = 8, kRowsPerPage = 6, kPerPage = kCols * kRowsPerPage;

// 0.5 + v / (2 max|v|): the diverging map's encoding of a signed tile.
float to_signed(const float* v, int n, std::vector<float>* out) {
  float amax = 1e-12f;
  for (int i = 0; i < n; ++i) amax = std::max(amax, std::fabs(v[i]));
  out->resize(n);
  for (int i = 0; i < n; ++i) (*out)[i] = 0.5f + 0.5f * v[i] / amax;
  return amax;
}
// A tile of `channels` planes of n values: the planes' mean (a colour direction's overall
// lightening or darkening), or the one plane as it is.
const float* tile_values(const float* planes, int n, int channels, std::vector<float>* mean) {
  if (channels == 1) return planes;
  mean->assign(n, 0.0f);
  for (int c = 0; c < channels; ++c)
    for (int i = 0; i < n; ++i) (*mean)[i] += planes[static_cast<size_t>(c) * n + i] / channels;
  return mean->data();
}
}  // namespace

void FiltersView::draw(AppState& s) {
  const Analysis* a = s.explore.analysis.get();
  if (!a) {
    ImGui::TextDisabled("Reading the weights (on a worker thread)...");
    return;
  }
  if (ImGui::RadioButton("encoder filters", &kind, 0)) page = 0;
  s.probes.remember("filters_encoder");
  same_line_if_fits(check_width("decoder directions"));
  if (ImGui::RadioButton("decoder directions", &kind, 1)) page = 0;
  s.probes.remember("filters_decoder");

  int count = 0, rows = 0, cols = 0, channels = 1;  // channels: planes per tile (colour directions)
  const float* values = nullptr;
  if (kind == 0) {
    count = a->filters.count, rows = a->filters.rows, cols = a->filters.cols, values = a->filters.values.data();
    if (count == 0 && a->channels > 1) text_disabled_wrapped("The first layer's units see colour images: not shown as tiles.");
    else if (count == 0) text_disabled_wrapped("This model's first layer is neither Linear nor Conv2d.");
    else if (rows == a->rows) text_disabled_wrapped("%d units of the first layer: each one's weights over the image", count);
    else text_disabled_wrapped("%d kernels of %dx%d of the first convolution", count, rows, cols);
  } else {
    count = a->bases_count, rows = a->rows, cols = a->cols, values = a->bases.data();
    channels = a->channels;
    text_disabled_wrapped("decode(mean + std_i e_i) - decode(mean) for the first %d code values", count);
  }
  const int pages = std::max(1, (count + kPerPage - 1) / kPerPage);
  page = std::clamp(page, 0, pages - 1);
  if (ImGui::ArrowButton("##fprev", ImGuiDir_Left)) page = std::max(0, page - 1);
  ImGui::SameLine();
  if (ImGui::ArrowButton("##fnext", ImGuiDir_Right)) page = std::min(pages - 1, page + 1);
  s.probes.remember("filters_next");
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::Text("%d-%d of %d", std::min(count, page * kPerPage + 1), std::min(count, (page + 1) * kPerPage),
              count);
  // The colour bar, beside the arrows where it fits.
  const ImGuiStyle& style = ImGui::GetStyle();
  same_line_if_fits(text_width("-max") + 128 + text_width("+max") + 2 * style.ItemSpacing.x, 20);
  std::vector<float> ramp(64);
  for (int i = 0; i < 64; ++i) ramp[i] = i / 63.0f;
  ImGui::BeginGroup();
  ImGui::TextDisabled("-max");
  ImGui::SameLine();
  image(s.gpu.add(ramp.data(), 64, 1, ColorMode::kDiverging), 128, 12);
  ImGui::SameLine();
  ImGui::TextDisabled("+max");
  ImGui::EndGroup();

  std::vector<float> tile, mean;
  const float size = (ImGui::GetContentRegionAvail().x - (kCols - 1) * 4.0f) / kCols;
  int shown = 0;
  for (int k = page * kPerPage; k < std::min(count, (page + 1) * kPerPage); ++k, ++shown) {
    if (shown % kCols) ImGui::SameLine(0, 4);
    const float amax = to_signed(tile_values(values + static_cast<size_t>(k) * channels * rows * cols, rows * cols,
                                             channels, &mean), rows * cols, &tile);
    image(s.gpu.add(tile.data(), cols, rows, ColorMode::kDiverging), size, size);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s %d, max |w| = %.4f", kind ? "code value" : "unit", k, amax);
  }
  s.probes.values["filters_kind"] = kind;
  s.probes.values["filters_count"] = count;
  s.probes.values["filters_shown"] = shown;
  s.probes.values["filters_tile_rows"] = rows;
}

}  // namespace aelab
