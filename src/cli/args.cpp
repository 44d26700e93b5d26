// Flag parsing for the command line; see args.h.
#include "args.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace aelab {

bool parse_flags(const std::vector<std::string>& args, const std::vector<FlagSpec>& specs,
                 std::vector<std::pair<std::string, std::string>>* out, std::string* error) {
  for (size_t i = 0; i < args.size(); ++i) {
    std::string name = args[i] == "-h" ? "--help" : args[i], value;
    const size_t eq = name.find('=');
    const bool inline_value = name.rfind("--", 0) == 0 && eq != std::string::npos;
    if (inline_value) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    const FlagSpec* spec = nullptr;
    for (const FlagSpec& s : specs) {
      if (name == s.name) spec = &s;
    }
    if (!spec) {
      *error = (name.rfind("-", 0) == 0 ? "unknown flag '" : "unexpected argument '") + name.substr(0, 60) + "'";
      return false;
    }
    for (const auto& kv : *out) {
      if (kv.first == name) {
        *error = "flag " + name + " given twice";
        return false;
      }
    }
    if (spec->value && !inline_value) {
      if (i + 1 >= args.size()) {
        *error = "flag " + name + " needs a value (" + spec->value + ")";
        return false;
      }
      value = args[++i];
    } else if (!spec->value && inline_value) {
      *error = "flag " + name + " takes no value";
      return false;
    }
    out->emplace_back(name, value);
  }
  return true;
}

bool parse_int_flag(const std::string& flag, const std::string& s, int lo, int hi, int* out, std::string* error) {
  char* end = nullptr;
  errno = 0;
  const long v = s.size() <= 12 ? std::strtol(s.c_str(), &end, 10) : 0;
  if (s.empty() || s.size() > 12 || errno != 0 || *end != '\0' || v < lo || v > hi) {
    *error = flag + " must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) +
             ", not '" + s.substr(0, 40) + "'";
    return false;
  }
  *out = static_cast<int>(v);
  return true;
}

bool parse_u64_flag(const std::string& flag, const std::string& s, uint64_t* out, std::string* error) {
  char* end = nullptr;
  errno = 0;
  const bool digits = !s.empty() && s.size() <= 20 && s.find_first_not_of("0123456789") == std::string::npos;
  const unsigned long long v = digits ? std::strtoull(s.c_str(), &end, 10) : 0;
  if (!digits || errno != 0 || *end != '\0') {
    *error = flag + " must be a whole number from 0 to 18446744073709551615, not '" + s.substr(0, 40) + "'";
    return false;
  }
  *out = v;
  return true;
}

bool parse_float_flag(const std::string& flag, const std::string& s, float lo, float hi, float* out,
                      std::string* error) {
  char* end = nullptr;
  errno = 0;
  const float v = s.size() <= 40 ? std::strtof(s.c_str(), &end) : 0.0f;
  if (s.empty() || s.size() > 40 || errno != 0 || *end != '\0' || !std::isfinite(v) || v < lo || v > hi) {
    char range[96];
    std::snprintf(range, sizeof range, "%g to %g", static_cast<double>(lo), static_cast<double>(hi));
    *error = flag + " must be a number from " + range + ", not '" + s.substr(0, 40) + "'";
    return false;
  }
  *out = v;
  return true;
}

std::string flags_help(const std::vector<FlagSpec>& specs) {
  std::string out;
  for (const FlagSpec& s : specs) {
    std::string left = std::string("  ") + s.name + (s.value ? std::string(" ") + s.value : "");
    if (left.size() < 26) left.resize(26, ' ');
    else left += "  ";
    out += left + s.help + "\n";
  }
  return out;
}

}  // namespace aelab
