// The panels around the explore column: Reconstructions, Loss, Samples (the Training tab),
// Draw (with the inference behind the pad), Code and the status bar.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app_state.h"
#include "theme.h"
#include "widgets.h"

namespace aelab {

void FigurePanel::draw(AppState& s) {
  if (!begin_panel("Reconstructions", s.layout.figures)) return ImGui::End();
  if (!s.test) return ImGui::End();
  const int dim = s.test->dim();
  // 48 pixels an image, less where ten of them do not fit across (narrow layouts).
  const float size = std::floor(std::min(48.0f, (ImGui::GetContentRegionAvail().x - 9 * 4 - 2 * 10) / 10));
  text_disabled_wrapped("Test images above their reconstructions; click one for its code.");
  for (int row = 0; row < 2; ++row) {
    const std::vector<float>& src = row == 0 ? s.figure_in : s.figure_out;
    for (int k = 0; k < 10; ++k) {
      if (k) ImGui::SameLine(0, 4);
      if (static_cast<int>(src.size()) < (k + 1) * dim) {
        ImGui::Dummy(ImVec2(size, size));
        continue;
      }
      const ImageRef ref = data_image(s, &src[static_cast<size_t>(k) * dim], size);
      if (digit_button(row * 10 + k, ref, size, s.selected == k)) {
        s.selected = k;
        s.view_dirty = true;
      }
      // The image itself, inside the button's 1-pixel frame: the tests' pixel checks.
      const ImVec2 p = ImGui::GetItemRectMin();
      s.probes.widgets[(row == 1 ? "figure_recon_" : "figure_in_") + std::to_string(k)] = {p.x + 1, p.y + 1, size, size};
    }
  }
  ImGui::End();
}

void LossPanel::draw(AppState& s) {
  if (!begin_panel("Loss", s.layout.loss)) return ImGui::End();
  const TrainSnapshot& t = s.snap;
  const PlotColors& c = plot_colors();
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(c.train), "train (batch mean)");
  metric_tooltip("train_loss");
  same_line_if_fits(text_width("test MSE per epoch"));
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(c.test), "test MSE per epoch");
  metric_tooltip("test_mse");
  same_line_if_fits(text_width("log scale, x = epochs"));
  ImGui::TextDisabled("log scale, x = epochs");
  const PlotFrame plot = plot_frame("##lossplot", ImGui::GetContentRegionAvail());
  s.probes.remember("loss_plot");
  log_loss_plot(plot, {{"train", &t.train_curve, c.train, 1.5f, 0.0f}, {"test MSE", &t.test_curve, c.test, 2.0f, 3.0f}},
                "Press Start to train.");
  ImGui::End();
}

void SamplesPanel::draw(AppState& s) {
  if (!begin_panel("Samples", s.layout.samples)) return ImGui::End();
  if (!s.train) return ImGui::End();
  constexpr int kCols = 12, kRows = 5, kPer = kCols * kRows;
  const Dataset& d = *s.train;
  const float size = std::floor(std::min(42.0f, (ImGui::GetContentRegionAvail().x - (kCols - 1) * 2) / kCols));
  const int pages = (d.count + kPer - 1) / kPer;
  page = std::clamp(page, 0, std::max(pages - 1, 0));  // the arrow keys move it too (shortcuts.h)
  if (ImGui::ArrowButton("##prev", ImGuiDir_Left)) page = std::max(0, page - 1);
  s.probes.remember("samples_prev");
  ImGui::SameLine();
  if (ImGui::ArrowButton("##next", ImGuiDir_Right)) page = std::min(pages - 1, page + 1);
  char shown[96];
  std::snprintf(shown, sizeof shown, "training images %d-%d of %d%s", page * kPer + 1, std::min(d.count, (page + 1) * kPer),
                d.count, d.has_labels() ? "" : " (no labels)");
  same_line_if_fits(text_width(shown));
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(shown);
  std::vector<float> img(d.dim());
  for (int k = 0; k < kPer; ++k) {
    const int i = page * kPer + k;
    if (i >= d.count) break;
    if (k % kCols) ImGui::SameLine(0, 2);
    images_to_float(d, nullptr, i, 1, img.data());
    const ImVec2 p = ImGui::GetCursorScreenPos();
    image(s.gpu.add_image(img.data(), d.cols, d.rows, d.channels, size), size, size);
    if (!d.has_labels()) continue;
    char label[8];
    std::snprintf(label, sizeof label, "%d", d.labels[i]);
    ImGui::GetWindowDrawList()->AddText(ImVec2(p.x + 2, p.y), IM_COL32(255, 200, 60, 255), label);
  }
  ImGui::End();
}

// ---------------------------------------------------------------------------------------------
bool DrawPanel::update(Autoencoder& model, bool model_changed) {
  const bool changed = model_changed || seen != pad.version();
  const ModelConfig& c = model.config();
  const int dim = model.input_dim();
  if (changed && (c.image_rows != DrawPad::kSize || c.image_cols != DrawPad::kSize || c.image_channels != 1)) {
    pre.clear(), recon.clear(), code.clear();  // the views see no drawing
  } else if (changed) {
    pre.resize(dim);
    mnist_preprocess(pad.pixels().data(), DrawPad::kSize, DrawPad::kSize, pre.data());
    recon.resize(dim);
    code.resize(model.code_dim());
    model.encode(pre.data(), 1, code.data());
    model.decode(code.data(), 1, recon.data());
    seen = pad.version();
  }
  return changed;
}

void DrawPanel::draw(AppState& s) {
  if (!begin_panel("Draw", s.layout.draw)) return ImGui::End();
  const std::string refusal = pad_refusal(s);
  if (!refusal.empty()) {
    ImGui::TextWrapped("%s", refusal.c_str());
    s.probes.remember("pad_refusal");
    return ImGui::End();
  }
  const Layout& l = s.layout;
  const char* hint = eraser ? "Erasing (E: back to the brush)." : "Draw a digit (mouse, finger or stylus), or drop a PNG or JPEG.";
  if (!l.pad_column) ImGui::TextDisabled("%s", hint);
  const float size = l.pad_size;  // whole logical pixels per pad pixel (9 on the wide layout)
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  image(s.gpu.add(pad.pixels().data(), DrawPad::kSize, DrawPad::kSize, ColorMode::kDigit), size, size);
  ImGui::SetCursorScreenPos(p0);
  ImGui::InvisibleButton("##pad", ImVec2(size, size));
  ItemRects::mark_last(ItemKind::kArea);
  s.probes.remember("pad");
  ImGui::GetWindowDrawList()->AddRect(p0, ImVec2(p0.x + size, p0.y + size), IM_COL32(120, 120, 130, 255));
  if (ImGui::IsItemActive()) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    const ImVec2 q((m.x - p0.x) / size * DrawPad::kSize, (m.y - p0.y) / size * DrawPad::kSize);
    if (!drawing) last = q;
    pad.stroke(last.x, last.y, q.x, q.y, brush, eraser);
    last = q;
    drawing = true;
    s.selected = 10;
  } else {
    if (drawing) pad.end_stroke();  // one undo step per press-drag-release
    drawing = false;
  }
  // The two images beside the pad, one over the other; under it side by side where the pad
  // takes the window's width; or side by side in a column beside it, over the pad's controls
  // (short layout).
  const bool beside = !l.pad_stacked;
  if (beside) {
    ImGui::SameLine();
    ImGui::BeginGroup();
  }
  const float side = l.pad_image;
  ImGui::BeginGroup();
  ImGui::TextDisabled("as MNIST");
  if (!pre.empty()) image(s.gpu.add(pre.data(), DrawPad::kSize, DrawPad::kSize, ColorMode::kDigit), side, side);
  ImGui::EndGroup();
  if (!beside) ImGui::SameLine(0, 24);
  if (l.pad_column) ImGui::SameLine();
  ImGui::BeginGroup();
  ImGui::TextDisabled(l.pad_column ? "decoded" : "reconstruction");
  if (!recon.empty()) image(s.gpu.add(recon.data(), DrawPad::kSize, DrawPad::kSize, ColorMode::kDigit), side, side);
  s.probes.remember("pad_recon");
  ImGui::EndGroup();
  if (beside && !l.pad_column) ImGui::EndGroup();
  ImGui::SetNextItemWidth(110);
  ImGui::SliderFloat("brush", &brush, kBrushMin, kBrushMax, "%.1f px");
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("Brush (and eraser) radius in pad pixels\nRange: %g to %g (default %g)\nRaising it: thicker strokes",
                      kBrushMin, kBrushMax, kBrushDefault);
  }
  same_line_if_fits(button_width("Clear"));
  if (button(s.probes, "Clear", "clear")) pad.clear();
  same_line_if_fits(button_width("Undo"));
  if (button(s.probes, "Undo", "undo", pad.can_undo())) pad.undo();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Ctrl+Z");
  same_line_if_fits(button_width("Redo"));
  if (button(s.probes, "Redo", "redo", pad.can_redo())) pad.redo();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Ctrl+Y");
  same_line_if_fits(button_width("Eraser"));
  // Lit while erasing, as a selected toggle.
  if (eraser) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
  const bool toggled = button(s.probes, "Eraser", "eraser");
  if (eraser) ImGui::PopStyleColor();
  if (toggled) eraser = !eraser;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("E: wipe ink instead of drawing");
  if (l.pad_column) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", hint);
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
  }
  ImGui::End();
}

void CodePanel::draw(AppState& s) {
  if (!begin_panel("Code", s.layout.code)) return ImGui::End();
  ImGui::AlignTextToFramePadding();
  if (s.selected == 10) ImGui::Text("Code of the drawing");
  else ImGui::Text("Code of test digit %d", s.selected);
  same_line_if_fits(check_width("bars"));
  ImGui::RadioButton("bars", &style, 0);
  same_line_if_fits(check_width("heat map"));
  ImGui::RadioButton("heat map", &style, 1);
  s.probes.remember("code_heatmap");
  const std::vector<float>& code = s.selected_code;
  if (code.empty()) return ImGui::End();
  float amax = 1e-6f;
  for (float v : code) amax = std::max(amax, std::fabs(v));
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  if (style == 0) {
    const float lo = *std::min_element(code.begin(), code.end());
    ImGui::PlotHistogram("##code", code.data(), static_cast<int>(code.size()), 0, nullptr, std::min(0.0f, lo), amax,
                         ImVec2(avail.x, avail.y - 20));
    s.probes.remember("code_view");
  } else {
    const int n = static_cast<int>(code.size());
    const int cols = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(n))));
    const int rows = (n + cols - 1) / cols;
    std::vector<float> cells(static_cast<size_t>(rows) * cols, 0.5f);
    for (int i = 0; i < n; ++i) cells[i] = 0.5f + 0.5f * code[i] / amax;
    const float cell = std::min((avail.x - 4) / cols, (avail.y - 24) / rows);
    image(s.gpu.add(cells.data(), cols, rows, ColorMode::kSigned), cell * cols, cell * rows);
    s.probes.remember("code_view");
  }
  ImGui::TextDisabled("%d values, max |v| = %.3f", static_cast<int>(code.size()), amax);
  ImGui::End();
}

void StatusBar::draw(AppState& s) {
  begin_panel("##status", s.layout.status, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar);
  ImGui::SetCursorPosY(4);
  // Help and the theme toggle first: the message's length varies, and the bar's right end is
  // under the Run link window.
  if (small_button("Help (F1)")) s.help.open = !s.help.open;
  s.probes.remember("help");
  ImGui::SameLine();
  const bool light = theme_is_light();
  if (small_button(light ? "Dark theme" : "Light theme")) s.clear_color = apply_theme(!light);
  s.probes.remember("theme");
  ImGui::SameLine(0, 12);
  ImGui::PushTextWrapPos(s.layout.run_link.x - 8);  // left of the collapsed Run link
  if (s.message_error) ImGui::TextColored(plot_colors().error, "%s", s.message.c_str());
  else ImGui::TextUnformatted(s.message.c_str());
  ImGui::PopTextWrapPos();
  ImGui::End();
}

}  // namespace aelab
