// Shareable runs in the app: the run's settings as a link fragment (kept in the page URL on the
// web) and as a JSON run file (desktop), and "replay" to train the same run again.
#pragma once
#include <string>

#include "run.h"

namespace aelab {

struct App;

// The run the app's settings describe now; epochs = epochs trained so far (or asked for).
Run current_run(const App* app);
// Sets data, model and hyper-parameters from `run` and makes a fresh model; with `replay`,
// trains run.epochs epochs at once, replaying its timeline of edits.
void apply_run(App* app, const Run& run, bool replay);
// A link's fragment (a leading '#' is fine): problems go to the message line, the rest applies;
// "replay=1" in it starts training.
void open_run_link(App* app, const std::string& fragment);
bool export_run_file(App* app, const std::string& path);
// With `replay`, trains the imported run at once (as the Replay button does).
bool import_run_file(App* app, const std::string& path, bool replay = false);
// Calls hooks.run_changed when the run's fragment changed since the last call.
void publish_run_link(App* app);
// The "Run" window: the link, Copy, Replay, and on the desktop export/import of run files.
void run_panel(App* app);

}  // namespace aelab
