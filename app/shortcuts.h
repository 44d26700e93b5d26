// The keyboard shortcuts, as one table (keys, what they do) that both the key handler and the
// Help window read, and the Help window. Shortcuts never fire while a text field has the
// keyboard (ImGui's WantTextInput); Space and the arrows go to ImGui's keyboard navigation
// while its focus rectangle shows.
#pragma once
#include <vector>

union SDL_Event;

namespace aelab {

struct AppState;

enum class ShortcutAction { kStartPause, kUndo, kRedo, kEraser, kSave, kPagePrev, kPageNext, kHelp };

struct Shortcut {
  ShortcutAction action;
  const char* keys;  // as the Help window shows them
  const char* what;
};
const std::vector<Shortcut>& shortcuts();

// Runs the shortcut an SDL key or text event stands for; true when it did (the event then does
// not go to ImGui, so Space does not also press a button).
bool handle_shortcut(AppState& s, const SDL_Event& event);
void run_shortcut(AppState& s, ShortcutAction action);

// The Help window: the shortcuts, keyboard navigation and the theme.
struct HelpWindow {
  bool open = false;
  void draw(AppState& s);
};

}  // namespace aelab
