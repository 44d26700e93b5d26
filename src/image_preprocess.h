// Preprocessing of a drawn (or imported) image the way MNIST was made, so the model sees a
// digit like its training data. Pure: pixels in, 28x28 floats out; no UI, no I/O. Fuzzed by
// tests/fuzz/fuzz_image.cpp: any size and any float values are handled.
#pragma once

namespace aelab {

constexpr int kMaxPreprocessSide = 4096;

// MNIST's own preprocessing: the ink's bounding box (values > 0.05) is scaled to fit 20x20
// keeping its aspect ratio (area-averaged), then placed in 28x28 so its centre of mass is at
// the centre. in: w x h row-major values, meant in [0, 1] (others are clamped, NaN counts as 0);
// out: 28 x 28 in [0, 1]. An empty drawing gives all zeros; a size outside 1..4096 gives all
// zeros and false.
bool mnist_preprocess(const float* in, int w, int h, float* out);

}  // namespace aelab
