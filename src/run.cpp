// A run's two text forms, a link fragment and a JSON run file, over the table of fields
// (run_fields.h); and the timeline's application.
#include "run.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "json_text.h"
#include "run_fields.h"
#include "version.h"

namespace aelab {
namespace {

// Format 2 adds every field of the table, the timeline and the writer's version; format 1
// (the first app's) is read as before: its "noise" was a Gaussian level.
constexpr int kRunFileVersion = 2;

std::string shown(const std::string& value) {
  return value.size() > 40 ? "\"" + value.substr(0, 40) + "...\"" : "\"" + value + "\"";
}

// Sets one field from its text; on a bad value says why and leaves the field alone.
void apply_field(const std::string& key, const std::string& value, Run* run, std::vector<std::string>* problems) {
  const RunField* f = find_field(key);
  if (!f || !(f->use & kInRunText)) {
    problems->push_back("unknown key " + shown(key) + " ignored");
    return;
  }
  // The first format's noise was the level of Gaussian noise ("noise=0.2").
  if (key == "noise" && !value.empty() && (std::isdigit(static_cast<unsigned char>(value[0])) || value[0] == '.')) {
    std::string expected;
    Run next = *run;
    if (set_field(*find_field("noise_level"), value, &next, &expected) && next.model.noise_level <= 1.0f) {
      next.model.noise = "gaussian";
      *run = next;
    } else {
      problems->push_back(key + "=" + shown(value) + ": expected a noise level from 0 to 1, or a kind");
    }
    return;
  }
  std::string expected;
  if (!set_field(*f, value, run, &expected)) problems->push_back(key + "=" + shown(value) + ": expected " + expected);
}

// %XX escapes of a fragment value; false on a malformed escape.
bool percent_decode(const std::string& in, std::string* out) {
  out->clear();
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out->push_back(in[i] == '+' ? ' ' : in[i]);
      continue;
    }
    if (i + 2 >= in.size() || !std::isxdigit(static_cast<unsigned char>(in[i + 1])) ||
        !std::isxdigit(static_cast<unsigned char>(in[i + 2]))) {
      return false;
    }
    out->push_back(static_cast<char>(std::stoi(in.substr(i + 1, 2), nullptr, 16)));
    i += 2;
  }
  return true;
}

std::string percent_encode(const std::string& in) {
  std::string out;
  for (unsigned char c : in) {
    if (std::isalnum(c) || std::string("-._~:;=,/").find(static_cast<char>(c)) != std::string::npos) {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

// A minimal reader for one flat JSON object; every value comes back as text.
class FlatJson {
 public:
  explicit FlatJson(const std::string& text) : s_(text) {}

  bool read(std::vector<std::pair<std::string, std::string>>* pairs, std::string* error) {
    skip_space();
    if (!eat('{')) return fail("a run file is a JSON object starting with '{'", error);
    skip_space();
    if (eat('}')) return end(error);
    for (;;) {
      std::string key, value;
      skip_space();
      if (!string(&key)) return fail("expected a quoted key", error);
      skip_space();
      if (!eat(':')) return fail("expected ':' after a key", error);
      skip_space();
      if (!scalar(&value)) return fail("value of \"" + key + "\" is not a string, number or boolean", error);
      pairs->emplace_back(key, value);
      skip_space();
      if (eat('}')) return end(error);
      if (!eat(',')) return fail("expected ',' or '}'", error);
    }
  }

 private:
  bool fail(const std::string& why, std::string* error) {
    *error = "not a run file: " + why + " at byte " + std::to_string(i_);
    return false;
  }
  bool end(std::string* error) {
    skip_space();
    return i_ == s_.size() || fail("text after the object", error);
  }
  void skip_space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  bool eat(char c) {
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  bool string(std::string* out) {
    if (!eat('"')) return false;
    while (i_ < s_.size()) {
      const char c = s_[i_++];
      if (c == '"') return true;
      if (static_cast<unsigned char>(c) < 0x20) return false;
      if (c != '\\') {
        out->push_back(c);
        continue;
      }
      if (i_ >= s_.size()) return false;
      const char e = s_[i_++];
      const char* plain = "\"\\/";
      if (std::string(plain).find(e) != std::string::npos) out->push_back(e);
      else if (e == 'n') out->push_back('\n');
      else if (e == 't') out->push_back('\t');
      else return false;  // \u and friends: field values are printable, so none needs them
    }
    return false;
  }
  bool scalar(std::string* out) {
    if (i_ < s_.size() && s_[i_] == '"') return string(out);
    const size_t start = i_;
    while (i_ < s_.size() && std::string("+-.0123456789eEtrufals").find(s_[i_]) != std::string::npos) ++i_;
    *out = s_.substr(start, i_ - start);
    return !out->empty();
  }

  const std::string& s_;
  size_t i_ = 0;
};

bool too_long(const std::string& text, std::vector<std::string>* problems) {
  if (text.size() <= kMaxRunTextBytes) return false;
  problems->push_back("run refused: " + std::to_string(text.size()) + " bytes, more than the " +
                      std::to_string(kMaxRunTextBytes) + " a run needs");
  return true;
}

// An empty timeline or file name is left out, so runs without them read as they always did.
bool omitted(const RunField& f, const Run& run) {
  return (f.type == FieldType::kEdits && run.edits.empty()) ||
         (f.type == FieldType::kText && get_field(f, run).empty());
}

}  // namespace

std::string run_to_fragment(const Run& run) {
  std::string out;
  for (const RunField& f : run_fields()) {
    if (!(f.use & kInRunText) || (f.use & kReadOnly) || omitted(f, run)) continue;
    out += (out.empty() ? "" : "&") + std::string(f.key) + "=" + percent_encode(get_field(f, run));
  }
  return out;
}

std::string run_to_json(const Run& run) {
  std::string out = "{\"aelab_run\":" + std::to_string(kRunFileVersion) + ",\"aelab_version\":" + json_string(kVersion);
  for (const RunField& f : run_fields()) {
    if (!(f.use & kInRunText) || (f.use & kReadOnly) || omitted(f, run)) continue;
    const bool text = f.type == FieldType::kChoice || f.type == FieldType::kText || f.type == FieldType::kEdits;
    out += ",\"" + std::string(f.key) + "\":" + (text ? json_string(get_field(f, run)) : get_field(f, run));
  }
  return out + "}";
}

bool parse_run_fragment(const std::string& text, Run* run, std::vector<std::string>* problems, bool* replay) {
  if (too_long(text, problems)) return false;
  Run next = *run;
  std::istringstream in(text.empty() || text[0] != '#' ? text : text.substr(1));
  for (std::string pair; std::getline(in, pair, '&');) {
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    std::string key, value;
    if (eq == std::string::npos || !percent_decode(pair.substr(0, eq), &key) ||
        !percent_decode(pair.substr(eq + 1), &value)) {
      problems->push_back("malformed link part " + shown(pair) + " ignored");
      continue;
    }
    if (key == "replay") {
      if (value == "1" || value == "0") {
        if (replay) *replay = value == "1";
      } else {
        problems->push_back(key + "=" + shown(value) + ": expected 0 or 1");
      }
      continue;
    }
    apply_field(key, value, &next, problems);
  }
  *run = next;
  return true;
}

bool parse_run_json(const std::string& text, Run* run, std::vector<std::string>* problems) {
  if (too_long(text, problems)) return false;
  std::vector<std::pair<std::string, std::string>> pairs;
  std::string error;
  if (!FlatJson(text).read(&pairs, &error)) {
    problems->push_back(error);
    return false;
  }
  Run next = *run;
  for (const auto& [key, value] : pairs) {
    if (key == "aelab_run") {
      char* end = nullptr;
      const long version = value.size() <= 9 ? std::strtol(value.c_str(), &end, 10) : 0;
      if (value.empty() || value.size() > 9 || *end != '\0' || version < 1) {
        problems->push_back("aelab_run=" + shown(value) + ": not a version");
      } else if (version > kRunFileVersion) {
        problems->push_back("run file version " + value + " is newer than this aelab's (" +
                            std::to_string(kRunFileVersion) + "): fields it does not know are ignored");
      }
      continue;
    }
    if (key == "aelab_version") continue;  // who wrote it: informative only
    apply_field(key, value, &next, problems);
  }
  *run = next;
  return true;
}

void apply_edits_at(const std::vector<RunEdit>& edits, int64_t steps_done, ModelConfig* config) {
  for (const RunEdit& e : edits) {
    if (e.step != steps_done) continue;
    const RunField* f = find_field(e.key);
    if (f) set_live_value(*f, e.value, config);
  }
}

}  // namespace aelab
