// JSON text the core and the command line write: one string escaper, so run files, the CLI's
// result lines and exported metadata quote a value the same way (and the run-file reader in
// run.cpp reads back everything it writes).
#pragma once
#include <string>

namespace aelab {

// `s` as a quoted JSON string: '"' and '\' escaped, \n and \t by name, other control bytes as
// \u00XX; bytes from 0x80 up pass through (UTF-8 stays UTF-8).
std::string json_string(const std::string& s);

}  // namespace aelab
