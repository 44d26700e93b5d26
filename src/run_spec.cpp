// Run links and run files: one table of fields, one forgiving value parser, two thin syntaxes.
#include "run_spec.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "model_config.h"

namespace aelab {
namespace {

constexpr int kRunFileVersion = 1;

bool known_model(const std::string& name) {
  std::istringstream list(kModelNames);  // "linear, mlp, ..."
  for (std::string item; std::getline(list, item, ',');) {
    if (item.substr(item.find_first_not_of(' ')) == name) return true;
  }
  return false;
}

// Whole-string numbers only ("12x", "", "nan" and "inf" are refused).
bool parse_number(const std::string& text, double lo, double hi, double* out) {
  if (text.empty() || text.size() > 32) return false;
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(text.c_str(), &end);
  if (errno != 0 || end != text.c_str() + text.size() || !std::isfinite(v) || v < lo || v > hi) return false;
  *out = v;
  return true;
}

bool parse_int(const std::string& text, double lo, double hi, double* out) {
  return parse_number(text, lo, hi, out) && *out == std::floor(*out);
}

std::string shown(const std::string& value) {
  return value.size() > 40 ? "\"" + value.substr(0, 40) + "...\"" : "\"" + value + "\"";
}

// Sets one field from its text; on a bad value says why and leaves the field alone.
void apply_field(const std::string& key, const std::string& value, RunSpec* spec, std::vector<std::string>* problems) {
  double v = 0.0;
  auto bad = [&](const char* expected) { problems->push_back(key + "=" + shown(value) + ": expected " + expected); };
  if (key == "data") {
    if (value == "builtin" || value == "fashion") spec->data = value;
    else bad("builtin or fashion");
  } else if (key == "model") {
    if (known_model(value)) spec->model = value;
    else bad(kModelNames);
  } else if (key == "code_dim") {
    if (parse_int(value, 0, 4096, &v)) spec->code_dim = static_cast<int>(v);
    else bad("an integer from 0 (the model's default) to 4096");
  } else if (key == "lr") {
    if (parse_number(value, 1e-7, 1.0, &v)) spec->lr = static_cast<float>(v);
    else bad("a learning rate from 1e-7 to 1");
  } else if (key == "batch") {
    if (parse_int(value, 1, 1024, &v)) spec->batch = static_cast<int>(v);
    else bad("an integer from 1 to 1024");
  } else if (key == "seed") {
    if (parse_int(value, 0, 9007199254740991.0, &v)) spec->seed = static_cast<uint64_t>(v);
    else bad("an integer from 0 to 2^53-1");
  } else if (key == "epochs") {
    if (parse_int(value, 0, 1000, &v)) spec->epochs = static_cast<int>(v);
    else bad("an integer from 0 to 1000");
  } else if (key == "noise") {
    if (parse_number(value, 0.0, 1.0, &v)) spec->noise = static_cast<float>(v);
    else bad("a number from 0 to 1");
  } else if (key == "shuffle") {
    if (value == "1" || value == "true") spec->shuffle = true;
    else if (value == "0" || value == "false") spec->shuffle = false;
    else bad("0 or 1");
  } else if (key == "threads") {
    if (parse_int(value, 1, 16, &v)) spec->threads = static_cast<int>(v);
    else bad("an integer from 1 to 16");
  } else {
    problems->push_back("unknown key " + shown(key) + " ignored");
  }
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

std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

// The fields in link order, as text.
std::vector<std::pair<std::string, std::string>> fields(const RunSpec& s) {
  return {{"data", s.data},
          {"model", s.model},
          {"code_dim", std::to_string(s.code_dim)},
          {"lr", number_text(s.lr)},
          {"batch", std::to_string(s.batch)},
          {"seed", std::to_string(s.seed)},
          {"epochs", std::to_string(s.epochs)},
          {"noise", number_text(s.noise)},
          {"shuffle", s.shuffle ? "1" : "0"},
          {"threads", std::to_string(s.threads)}};
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
      else return false;  // \u and friends: no field value needs them
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

}  // namespace

std::string run_spec_to_fragment(const RunSpec& spec) {
  std::string out;
  for (const auto& [key, value] : fields(spec)) out += (out.empty() ? "" : "&") + key + "=" + value;
  return out;
}

std::string run_spec_to_json(const RunSpec& spec) {
  std::string out = "{\"aelab_run\":" + std::to_string(kRunFileVersion);
  for (const auto& [key, value] : fields(spec)) {
    const bool text = key == "data" || key == "model";
    out += ",\"" + key + "\":" + (text ? "\"" + value + "\"" : value);
  }
  return out + "}";
}

bool parse_run_fragment(const std::string& text, RunSpec* spec, std::vector<std::string>* problems,
                        bool* replay) {
  if (too_long(text, problems)) return false;
  RunSpec next = *spec;
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
  *spec = next;
  return true;
}

bool parse_run_json(const std::string& text, RunSpec* spec, std::vector<std::string>* problems) {
  if (too_long(text, problems)) return false;
  std::vector<std::pair<std::string, std::string>> pairs;
  std::string error;
  if (!FlatJson(text).read(&pairs, &error)) {
    problems->push_back(error);
    return false;
  }
  RunSpec next = *spec;
  for (const auto& [key, value] : pairs) {
    if (key == "aelab_run") {
      double version = 0.0;
      if (!parse_int(value, 1, 1e9, &version)) problems->push_back("aelab_run=" + shown(value) + ": not a version");
      else if (version > kRunFileVersion) {
        problems->push_back("run file version " + value + " is newer than this aelab's (" +
                            std::to_string(kRunFileVersion) + "): fields it does not know are ignored");
      }
      continue;
    }
    apply_field(key, value, &next, problems);
  }
  *spec = next;
  return true;
}

}  // namespace aelab
