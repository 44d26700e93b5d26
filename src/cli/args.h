// Strict command-line flag parsing for the aelab tool: every flag is known, every value is
// checked, and a bad one is a one-line message (the caller exits with status 2).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace aelab {

struct FlagSpec {
  const char* name;   // "--epochs"
  const char* value;  // "N", or nullptr for a switch
  const char* help;
};

// Splits argv into flag -> value ("" for switches). Unknown flags, missing values and repeats
// are errors. Accepts "--flag value" and "--flag=value"; "-h" is "--help".
bool parse_flags(const std::vector<std::string>& args, const std::vector<FlagSpec>& specs,
                 std::vector<std::pair<std::string, std::string>>* out, std::string* error);

bool parse_int_flag(const std::string& flag, const std::string& s, int lo, int hi, int* out, std::string* error);
bool parse_u64_flag(const std::string& flag, const std::string& s, uint64_t* out, std::string* error);
bool parse_float_flag(const std::string& flag, const std::string& s, float lo, float hi, float* out,
                      std::string* error);

std::string flags_help(const std::vector<FlagSpec>& specs);

}  // namespace aelab
