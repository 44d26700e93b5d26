// The seed's figure: 10 test images (the first of each label, when the set has labels) above
// their reconstructions, in colour for RGB data.
#pragma once
#include <string>

#include "../aelab.h"

namespace aelab {

bool write_reconstruction_png(Autoencoder& model, const Dataset& test, const std::string& path, std::string* error);

}  // namespace aelab
