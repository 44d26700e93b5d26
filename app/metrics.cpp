// The rows of the app's table of figures (metrics.h).
#include "metrics.h"

#include <cstring>

namespace aelab {

namespace {
const std::vector<Metric> kMetrics = {
    {"train_loss",
     "Training loss, the mean over the batches since the last point: the reconstruction loss plus the model's penalty "
     "(for the VAE, its negative ELBO: reconstruction + KL)",
     "0 and up (log scale in the plot)",
     "a worse fit to the training images; a loss that climbs for several points means the learning rate is too high"},
    {"test_mse",
     "Test MSE: mean squared error per pixel between the held-out test images and their reconstructions, after each "
     "epoch",
     "0 (perfect) to 1 (pixel values are 0 to 1)",
     "worse reconstructions of unseen images; test MSE rising while the train loss falls is overfitting"},
    {"samples_per_s", "Training images processed per second (forward, backward and the optimizer step)",
     "0 and up; depends on the model, the batch size and the threads",
     "faster training; larger batches and more threads raise it"},
    {"eta", "Time left for the remaining epochs at the current speed", "0 and up", "a longer wait"},
    {"ui_fps", "Frames the interface draws per second, and the time a frame takes to compute",
     "up to the display's refresh rate (usually 60)", "a smoother interface; training and views share the cores"},
    {"params", "Weights and biases in the model (what the optimizer changes)", "hundreds to millions",
     "more capacity, slower steps and a larger model file"},
    {"recon_error",
     "Reconstruction error of one image: the per-pixel MSE between it and the model's reconstruction; the percentile "
     "is the share of test digits that reconstruct better",
     "0 to 1; percentile 0 to 100",
     "an image the model finds unusual (an anomaly, or a digit unlike its training set)"},
    {"denoise_mse", "Mean MSE per pixel against the clean digits, of the corrupted inputs and of their reconstructions",
     "0 to 1", "further from the clean digits; a denoiser's is lower than the noisy inputs'"},
    {"pca_variance", "Share of the codes' variance along each plotted axis (principal components of the codes)",
     "0 to 100 %", "the 2-D map shows more of how the codes differ"},
};
}  // namespace

const std::vector<Metric>& metrics() { return kMetrics; }

const Metric* find_metric(const char* key) {
  for (const Metric& m : kMetrics)
    if (std::strcmp(m.key, key) == 0) return &m;
  return nullptr;
}

}  // namespace aelab
