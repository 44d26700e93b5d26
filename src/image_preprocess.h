// Preprocessing of a drawn (or imported) image the way MNIST was made, so the model sees a
// digit like its training data; and a picture's grey values as ink. Pure: pixels in, floats
// out; no UI, no I/O. Fuzzed by
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

// A picture's grey values (w x h, in [0, 1]) as ink on black, as the pad holds a drawing: a
// picture lighter at its border than 0.5 (ink on paper) is inverted, then the border's mean level
// becomes 0 and the brightest pixel 1, so paper that is not pure white leaves no ink.
// A picture without contrast gives all zeros.
void picture_ink(const float* grey, int w, int h, float* ink);

}  // namespace aelab
