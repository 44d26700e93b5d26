// The seed's figure: 10 test digits (the first of each label) above their reconstructions.
#pragma once
#include <string>

#include "../aelab.h"

namespace aelab {

bool write_reconstruction_png(Autoencoder& model, const Dataset& test, const std::string& path, std::string* error);

}  // namespace aelab
