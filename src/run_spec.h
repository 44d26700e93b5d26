// What defines a run in the app, in two text forms: a URL fragment ("data=builtin&model=conv&
// seed=3&epochs=5") and a small JSON run file. Both come from users and links, so parsing is
// forgiving field by field: an unknown key or a bad value is reported in one line and the field
// keeps its previous value; nothing a link says can ask for a huge allocation.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace aelab {

struct RunSpec {
  std::string data = "builtin";  // builtin | fashion (links cannot name files)
  std::string model = "linear";  // one of kModelNames
  int code_dim = 0;              // 0: the model's default size
  float lr = 1e-3f;
  int batch = 20;
  uint64_t seed = 1;
  int epochs = 10;               // epochs trained, which replay trains again
  float noise = 0.0f;            // std dev of Gaussian noise on the training inputs
  bool shuffle = true;
  int threads = 1;               // threads per step: part of the run, results depend on it
};

// The longest fragment or run file accepted, in bytes.
constexpr size_t kMaxRunTextBytes = 4096;

std::string run_spec_to_fragment(const RunSpec& spec);  // without the leading '#'
std::string run_spec_to_json(const RunSpec& spec);      // one line, with "aelab_run": 1

// Applies every field it can parse to *spec; appends one message per problem to *problems.
// A leading '#' is skipped. "replay=1", an instruction rather than part of the run, sets *replay
// (when given). Returns false (spec untouched) only if the whole text is refused.
bool parse_run_fragment(const std::string& text, RunSpec* spec, std::vector<std::string>* problems,
                        bool* replay = nullptr);
// As above for a run file: a flat JSON object of strings, numbers and booleans.
bool parse_run_json(const std::string& text, RunSpec* spec, std::vector<std::string>* problems);

}  // namespace aelab
