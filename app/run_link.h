// Shareable runs in the app: the run's settings as a link fragment (kept in the page URL on the
// web) and as a JSON run file (desktop), and "replay" to train the same run again. The Run
// link window that shows them is RunPanel (panels.h).
#pragma once
#include <string>

#include "run.h"

namespace aelab {

struct AppState;

// The run the app's settings describe now; epochs = epochs trained so far (or asked for).
Run current_run(const AppState& s);
// Sets data, model and hyper-parameters from `run` and makes a fresh model; with `replay`,
// trains run.epochs epochs at once, replaying its timeline of edits.
void apply_run(AppState& s, const Run& run, bool replay);
// A link's fragment (a leading '#' is fine): problems go to the message line, the rest applies;
// "replay=1" in it starts training.
void open_run_link(AppState& s, const std::string& fragment);
bool export_run_file(AppState& s, const std::string& path);
// With `replay`, trains the imported run at once (as the Replay button does).
bool import_run_file(AppState& s, const std::string& path, bool replay = false);

}  // namespace aelab
