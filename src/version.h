// aelab's version, printed by `aelab --version` and written into checkpoints and run files so a
// file says which aelab made it.
#pragma once

namespace aelab {

constexpr const char* kVersion = "0.2.0";

}  // namespace aelab
