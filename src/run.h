// A run is one value: the model's architecture and the values its steps start from
// (ModelConfig), the data it trains on, how long and in what order, on how many threads, and
// a timeline of edits made while it trained. The command line, run files, links, the app and
// checkpoints all describe runs with the fields of run_fields.h; this header has the value and
// its two text forms, a JSON run file and a URL fragment.
//
// Both come from users and links, so parsing is forgiving field by field: an unknown key or a
// bad value is reported in one line and the field keeps its previous value; nothing a link
// says can ask for a huge allocation (the model's size is checked when it is created).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "data_load.h"
#include "model_config.h"

namespace aelab {

// A change made while training: before the step that makes `step` steps done, field `key`
// (a live field of run_fields.h: lr, noise_level or a regularizer weight) becomes
// `value`.
struct RunEdit {
  int64_t step = 0;
  std::string key;
  double value = 0.0;
  bool operator==(const RunEdit& o) const { return step == o.step && key == o.key && value == o.value; }
};

struct Run {
  ModelConfig model;
  std::string data = "builtin";  // builtin | fashion | a folder or file (command line: links name no files)
  IdxFiles idx;                  // IDX files of any names, instead of data when idx.train_images is set
  int epochs = 20;               // epochs in all (a resumed run continues to this many)
  bool shuffle = false;          // reshuffle the training set each epoch (seeded by model.seed)
  int threads = 1;               // threads per step (speed only: results do not depend on it)
  std::vector<RunEdit> edits;    // the timeline, in step order
};

// The longest fragment or run file accepted, in bytes.
constexpr size_t kMaxRunTextBytes = 4096;
// The most edits a timeline holds.
constexpr size_t kMaxRunEdits = 256;

std::string run_to_fragment(const Run& run);  // without the leading '#'
std::string run_to_json(const Run& run);      // one line, with "aelab_run" (format) and "aelab_version"

// Applies every field it can parse to *run; appends one message per problem to *problems.
// A leading '#' is skipped. "replay=1", an instruction rather than part of the run, sets *replay
// (when given). Returns false (run untouched) only if the whole text is refused. Reads the
// first format's links too ("noise=0.2": Gaussian noise of that level).
bool parse_run_fragment(const std::string& text, Run* run, std::vector<std::string>* problems,
                        bool* replay = nullptr);
// As above for a run file: a flat JSON object of strings, numbers and booleans.
bool parse_run_json(const std::string& text, Run* run, std::vector<std::string>* problems);

// The edits that apply before the step making `steps_done` steps, applied to *config.
void apply_edits_at(const std::vector<RunEdit>& edits, int64_t steps_done, ModelConfig* config);

}  // namespace aelab
