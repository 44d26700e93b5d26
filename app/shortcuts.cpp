// Keyboard shortcuts and the Help window (shortcuts.h).
#include "shortcuts.h"

#include <SDL.h>
#include <imgui.h>

#include <cstring>

#include "app_state.h"
#include "widgets.h"

namespace aelab {

namespace {
const std::vector<Shortcut> kShortcuts = {
    {ShortcutAction::kStartPause, "Space", "start training; then pause and resume"},
    {ShortcutAction::kUndo, "Ctrl+Z", "undo the last stroke (or Clear) on the draw pad"},
    {ShortcutAction::kRedo, "Ctrl+Y, Ctrl+Shift+Z", "redo it"},
    {ShortcutAction::kEraser, "E", "switch the draw pad between brush and eraser"},
    {ShortcutAction::kSave, "Ctrl+S", "save the model (browser: also download it)"},
    {ShortcutAction::kPagePrev, "Left arrow", "previous page of training samples"},
    {ShortcutAction::kPageNext, "Right arrow", "next page of training samples"},
    {ShortcutAction::kHelp, "F1, ?", "open or close this window"},
};
}  // namespace

const std::vector<Shortcut>& shortcuts() { return kShortcuts; }

void run_shortcut(AppState& s, ShortcutAction action) {
  DrawPanel& d = s.draw_panel;
  switch (action) {
    case ShortcutAction::kStartPause:
      if (!s.training) {
        if (s.model) start_training(s);
      } else {
        s.trainer.set_paused(s.paused = !s.paused);
      }
      break;
    case ShortcutAction::kUndo: d.pad.undo(); break;
    case ShortcutAction::kRedo: d.pad.redo(); break;
    case ShortcutAction::kEraser: d.eraser = !d.eraser; break;
    case ShortcutAction::kSave: save_model(s, s.app.options.web); break;
    case ShortcutAction::kPagePrev: s.samples_panel.page -= 1; break;  // SamplesPanel clamps it
    case ShortcutAction::kPageNext: s.samples_panel.page += 1; break;
    case ShortcutAction::kHelp: s.help.open = !s.help.open; break;
  }
}

bool handle_shortcut(AppState& s, const SDL_Event& event) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return false;
  // "?" is a character, wherever a keyboard layout puts it.
  if (event.type == SDL_TEXTINPUT && std::strcmp(event.text.text, "?") == 0) {
    run_shortcut(s, ShortcutAction::kHelp);
    return true;
  }
  if (event.type != SDL_KEYDOWN) return false;
  const SDL_Keysym& k = event.key.keysym;
  const bool ctrl = (k.mod & (KMOD_CTRL | KMOD_GUI)) != 0;  // Cmd on a Mac
  const bool shift = (k.mod & KMOD_SHIFT) != 0, alt = (k.mod & KMOD_ALT) != 0;
  const bool repeat = event.key.repeat != 0;
  // While ImGui's keyboard focus shows, Space presses the focused widget and arrows move it.
  const bool nav = io.NavVisible;
  ShortcutAction action;
  if (ctrl && !alt && k.scancode == SDL_SCANCODE_Z) action = shift ? ShortcutAction::kRedo : ShortcutAction::kUndo;
  else if (ctrl && !alt && !shift && k.scancode == SDL_SCANCODE_Y) action = ShortcutAction::kRedo;
  else if (ctrl && !alt && !shift && k.scancode == SDL_SCANCODE_S && !repeat) action = ShortcutAction::kSave;
  else if (k.scancode == SDL_SCANCODE_F1 && !repeat) action = ShortcutAction::kHelp;
  else if (ctrl || alt) return false;
  else if (k.scancode == SDL_SCANCODE_SPACE && !shift && !nav && !repeat) action = ShortcutAction::kStartPause;
  else if (k.scancode == SDL_SCANCODE_E && !shift && !repeat) action = ShortcutAction::kEraser;
  else if (k.scancode == SDL_SCANCODE_LEFT && !nav) action = ShortcutAction::kPagePrev;
  else if (k.scancode == SDL_SCANCODE_RIGHT && !nav) action = ShortcutAction::kPageNext;
  else return false;
  run_shortcut(s, action);
  return true;
}

void HelpWindow::draw(AppState& s) {
  if (!open) return;
  const ImVec2 centre = ImGui::GetMainViewport()->GetCenter();
  ImGui::SetNextWindowPos(centre, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  // Opaque: the panels' background is the clear colour under them (app_init), this one floats.
  ImGui::SetNextWindowBgAlpha(1.0f);
  if (!ImGui::Begin("Help", &open, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse |
                                     ImGuiWindowFlags_NoSavedSettings)) {
    return ImGui::End();
  }
  s.probes.remember("help_window");
  ImGui::TextUnformatted("aelab trains an autoencoder on images and shows what it learns.");
  ImGui::TextDisabled("Hover over a setting or a figure for what it is, its range and what raising it does.");
  ImGui::Separator();
  if (ImGui::BeginTable("##keys", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
    for (const Shortcut& k : kShortcuts) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(k.keys);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(k.what);
    }
    ImGui::EndTable();
  }
  ImGui::Separator();
  ImGui::TextUnformatted("Keyboard navigation: Up/Down show the focus and the arrows move it (Tab jumps to the");
  ImGui::TextUnformatted("next field); Space presses the focused widget, and a mouse click hides the focus.");
  ImGui::TextUnformatted("While the focus shows, Space and the arrow keys act on it, not as shortcuts.");
  ImGui::TextUnformatted("Shortcuts never fire while a text field is being edited.");
  if (button(s.probes, "Close", "help_close")) open = false;
  ImGui::End();
}

}  // namespace aelab
