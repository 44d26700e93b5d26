// The one table of a run's fields: key, command-line flag, type and range, default, help, and
// where the field lives (run files and links, checkpoints, editable while training). The
// command line's flags and --help, run files and links, the app's settings and their limits,
// and the config text in checkpoints are all generated from these rows.
#pragma once
#include <string>
#include <vector>

#include "run.h"

namespace aelab {

enum class FieldType { kChoice, kText, kInt, kU64, kFloat, kBool, kEdits };

enum FieldUse : unsigned {
  kInRunText = 1u,    // run files and links
  kInCheckpoint = 2u, // the config text of a checkpoint (the model's fields)
  kLive = 4u,         // may change while training (a timeline edit)
  kNeedsNewModel = 8u, // a change takes effect only on a new model (the app shows it as pending)
  kReadOnly = 16u      // with kInRunText: read from run text (older runs wrote it), no longer
                       // written, because it changes the speed of a run and not its results
};

struct RunField {
  const char* key;         // "lr": run files, links, checkpoints, timeline edits
  const char* flag;        // "--lr", or nullptr when the command line does not set it
  const char* value_name;  // "X" in --help
  FieldType type;
  double lo, hi;           // numbers: the accepted range
  std::string (*choices)();  // kChoice: "a, b, c"
  const char* default_text;  // as --help shows it
  const char* help;          // one line (the app's tooltip, --help)
  const char* raising;       // what raising it does (the app's tooltip), or nullptr
  unsigned use;              // FieldUse bits
  void* (*target)(Run&);     // the field inside a Run, of the type `type` names
};

const std::vector<RunField>& run_fields();
const RunField* find_field(const std::string& key);
const RunField* find_flag(const std::string& flag);

// Sets the field from text. On a bad value returns false with what was expected ("a number
// from 1e-07 to 10") in *expected, and leaves the run untouched.
bool set_field(const RunField& f, const std::string& text, Run* run, std::string* expected);
std::string get_field(const RunField& f, const Run& run);
// A number for a live field (timeline edits): false when it is out of the field's range.
bool set_live_value(const RunField& f, double value, ModelConfig* config);

// The app's tooltip: the help line, the range or choices with the default, and what raising
// the value does.
std::string field_tooltip_text(const RunField& f);

// "  --lr X                  learning rate [0.001]" lines for every row with a flag.
std::string run_flags_help();

// Timeline text, "120:lr=0.0005;300:noise_level=0.2" (links and run files).
std::string edits_to_text(const std::vector<RunEdit>& edits);
bool edits_from_text(const std::string& text, std::vector<RunEdit>* out, std::string* expected);

}  // namespace aelab
