// Autoencoder: a Network split into encoder and decoder, its optimizer state and thread pool,
// behind the Eigen-free API of aelab.h.
#include <algorithm>

#include "aelab.h"
#include "check.h"
#include "checkpoint.h"
#include "loss.h"
#include "network.h"
#include "optimizer.h"

namespace aelab {

namespace {

// Layers of each architecture and where the encoder ends (its last layer outputs the code).
std::vector<LayerSpec> build_layers(const ModelConfig& c, int* encoder_end) {
  const int h = c.image_rows, w = c.image_cols, d = h * w, k = c.code_dim;
  const LayerKind relu = LayerKind::ReLU, sigmoid = LayerKind::Sigmoid;
  if (c.model == "linear") {
    *encoder_end = 2;
    return {linear_layer(d, k), activation_layer(relu, k), linear_layer(k, d), activation_layer(sigmoid, d)};
  }
  if (c.model == "mlp") {
    *encoder_end = 6;
    return {linear_layer(d, 256), activation_layer(relu, 256), linear_layer(256, 64), activation_layer(relu, 64),
            linear_layer(64, k),  activation_layer(relu, k),   linear_layer(k, 64),   activation_layer(relu, 64),
            linear_layer(64, 256), activation_layer(relu, 256), linear_layer(256, d), activation_layer(sigmoid, d)};
  }
  AELAB_CHECK(is_conv_model(c.model));
  const int h2 = h / 2, w2 = w / 2, h4 = h / 4, w4 = w / 4, cc = k / (h4 * w4);
  std::vector<LayerSpec> layers;
  if (c.model == "conv-strided") {
    layers = {conv2d_layer(1, h, w, 16, 3, 2, 1), activation_layer(relu, 16 * h2 * w2),
              conv2d_layer(16, h2, w2, cc, 3, 2, 1), activation_layer(relu, k)};
  } else {
    layers = {conv2d_layer(1, h, w, 16, 3, 1, 1),   activation_layer(relu, 16 * d), maxpool2d_layer(16, h, w, 2),
              conv2d_layer(16, h2, w2, cc, 3, 1, 1), activation_layer(relu, cc * h2 * w2),
              maxpool2d_layer(cc, h2, w2, 2)};
  }
  *encoder_end = static_cast<int>(layers.size());
  if (c.model == "conv-upsample") {
    // Nearest upsampling + 3x3 convolutions: every output pixel sees the same number of
    // inputs, so no checkerboard pattern.
    for (const LayerSpec& l : {upsample_layer(cc, h4, w4, 2), conv2d_layer(cc, h2, w2, 16, 3, 1, 1),
                               activation_layer(relu, 16 * h2 * w2), upsample_layer(16, h2, w2, 2),
                               conv2d_layer(16, h, w, 1, 3, 1, 1), activation_layer(sigmoid, d)})
      layers.push_back(l);
  } else {
    for (const LayerSpec& l : {conv_transpose2d_layer(cc, h4, w4, 16, 2, 2, 0), activation_layer(relu, 16 * h2 * w2),
                               conv_transpose2d_layer(16, h2, w2, 1, 2, 2, 0), activation_layer(sigmoid, d)})
      layers.push_back(l);
  }
  return layers;
}

// Inference runs in chunks of this many rows whatever the training batch.
constexpr int kInferenceRows = 256;

}  // namespace

struct Autoencoder::Impl {
  ModelConfig config;
  int encoder_end = 0;
  ThreadPool pool;
  Network net;
  // The caller's rows are copied into these aligned buffers first (see aligned.h).
  FloatBuffer input, target, dy;  // [capacity, widest of input and code], [capacity, D], [capacity, D]
  int64_t steps = 0;
  int epochs = 0;

  Impl(const ModelConfig& c, int threads, const std::vector<LayerSpec>& layers, int enc_end)
      : config(c),
        encoder_end(enc_end),
        pool(threads),
        net(layers, std::max(c.batch, kInferenceRows), threads),
        input(static_cast<size_t>(net.capacity()) * std::max(net.input_dim(), c.code_dim)),
        target(static_cast<size_t>(net.capacity()) * net.output_dim()),
        dy(target.size()) {}

  static std::unique_ptr<Impl> make(const ModelConfig& c, int threads) {
    int enc_end = 0;
    std::vector<LayerSpec> layers = build_layers(c, &enc_end);
    return std::make_unique<Impl>(c, threads, layers, enc_end);
  }

  // Runs layers [first, last) over n rows in chunks, writing each chunk's output to out.
  void infer(const float* in, int n, int first, int last, float* out) {
    const int in_dim = net.layer(first).spec.in, out_dim = net.layer(last - 1).spec.out;
    for (int r = 0; r < n; r += net.capacity()) {
      const int rows = std::min(net.capacity(), n - r);
      const float* src = in + static_cast<size_t>(r) * in_dim;
      std::copy(src, src + static_cast<size_t>(rows) * in_dim, input.data());
      ConstMatMap y = net.forward(pool, input.data(), rows, first, last);
      std::copy(y.data(), y.data() + y.size(), out + static_cast<size_t>(r) * out_dim);
    }
  }
};

Autoencoder::Autoencoder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Autoencoder::~Autoencoder() = default;

std::unique_ptr<Autoencoder> Autoencoder::create(const ModelConfig& config, int threads, std::string* error) {
  const std::string why = validate_config(config);
  if (!why.empty()) {
    *error = why;
    return nullptr;
  }
  if (threads < 1 || threads > 256) {
    *error = "thread count must be between 1 and 256";
    return nullptr;
  }
  std::unique_ptr<Impl> impl = Impl::make(config, threads);
  Rng rng(config.seed);
  impl->net.init(rng);
  return std::unique_ptr<Autoencoder>(new Autoencoder(std::move(impl)));
}

std::unique_ptr<Autoencoder> Autoencoder::load(const std::string& path, int threads, std::string* error) {
  Checkpoint ck;
  if (!load_checkpoint(path, &ck, error)) return nullptr;
  if (threads < 1 || threads > 256) {
    *error = "thread count must be between 1 and 256";
    return nullptr;
  }
  std::unique_ptr<Impl> impl = Impl::make(ck.config, threads);
  const int64_t p = impl->net.param_count();
  if (static_cast<int64_t>(ck.params.size()) != p) {
    *error = path + ": checkpoint has " + std::to_string(ck.params.size()) + " parameters but a " +
             ck.config.model + " model with this config has " + std::to_string(p);
    return nullptr;
  }
  std::copy(ck.params.begin(), ck.params.end(), impl->net.params());
  std::copy(ck.moment1.begin(), ck.moment1.end(), impl->net.adam_m());
  std::copy(ck.moment2.begin(), ck.moment2.end(), impl->net.adam_v());
  impl->net.zero_grads();
  impl->steps = ck.steps;
  impl->epochs = ck.epochs;
  return std::unique_ptr<Autoencoder>(new Autoencoder(std::move(impl)));
}

bool Autoencoder::save(const std::string& path, std::string* error) const {
  Checkpoint ck;
  ck.config = impl_->config;
  ck.steps = impl_->steps;
  ck.epochs = impl_->epochs;
  Network& net = impl_->net;
  const int64_t p = net.param_count();
  ck.params.assign(net.params(), net.params() + p);
  ck.moment1.assign(net.adam_m(), net.adam_m() + p);
  ck.moment2.assign(net.adam_v(), net.adam_v() + p);
  return save_checkpoint(path, ck, error);
}

const ModelConfig& Autoencoder::config() const { return impl_->config; }
int Autoencoder::input_dim() const { return impl_->net.input_dim(); }
int Autoencoder::code_dim() const { return impl_->net.layer(impl_->encoder_end - 1).spec.out; }
int64_t Autoencoder::param_count() const { return impl_->net.param_count(); }
int64_t Autoencoder::steps() const { return impl_->steps; }
int Autoencoder::epochs_trained() const { return impl_->epochs; }
void Autoencoder::set_epochs_trained(int epochs) { impl_->epochs = epochs; }

float Autoencoder::train_step(const float* x, const float* target, int n) {
  Impl& m = *impl_;
  AELAB_CHECK(n >= 1 && n <= m.config.batch);
  Network& net = m.net;
  std::copy(x, x + static_cast<size_t>(n) * net.input_dim(), m.input.data());
  std::copy(target, target + static_cast<size_t>(n) * net.output_dim(), m.target.data());
  net.zero_grads();
  ConstMatMap y = net.forward(m.pool, m.input.data(), n);
  ConstMatMap t(m.target.data(), n, net.output_dim());
  MatMap dy(m.dy.data(), n, net.output_dim());
  float loss;
  if (m.config.loss == "bce") {
    loss = bce_forward(y, t);
    bce_backward(y, t, dy);
  } else {
    loss = mse_forward(y, t);
    mse_backward(y, t, dy);
  }
  net.backward(m.pool, dy.data(), n);
  ++m.steps;
  if (m.config.optimizer == "sgd") {
    sgd_step(net.params(), net.grads(), net.adam_m(), net.param_count(), {m.config.lr, m.config.momentum});
  } else {
    AdamOptions opt;
    opt.lr = m.config.lr;
    adam_step(net.params(), net.grads(), net.adam_m(), net.adam_v(), net.param_count(), opt, m.steps);
  }
  return loss;
}

void Autoencoder::reconstruct(const float* x, int n, float* y) {
  impl_->infer(x, n, 0, impl_->net.layer_count(), y);
}

void Autoencoder::encode(const float* x, int n, float* code) { impl_->infer(x, n, 0, impl_->encoder_end, code); }

void Autoencoder::decode(const float* code, int n, float* y) {
  impl_->infer(code, n, impl_->encoder_end, impl_->net.layer_count(), y);
}

double Autoencoder::squared_error(const float* x, const float* target, int n) {
  Impl& m = *impl_;
  Network& net = m.net;
  const int d = net.output_dim(), in_dim = net.input_dim();
  double sum = 0.0;
  for (int r = 0; r < n; r += net.capacity()) {
    const int rows = std::min(net.capacity(), n - r);
    std::copy(x + static_cast<size_t>(r) * in_dim, x + static_cast<size_t>(r + rows) * in_dim, m.input.data());
    std::copy(target + static_cast<size_t>(r) * d, target + static_cast<size_t>(r + rows) * d, m.target.data());
    ConstMatMap y = net.forward(m.pool, m.input.data(), rows);
    ConstMatMap t(m.target.data(), rows, d);
    for (int i = 0; i < rows; ++i) sum += static_cast<double>((y.row(i) - t.row(i)).squaredNorm());
  }
  return sum;
}

bool Autoencoder::set_parameters(const std::vector<float>& params) {
  Network& net = impl_->net;
  if (static_cast<int64_t>(params.size()) != net.param_count()) return false;
  std::copy(params.begin(), params.end(), net.params());
  return true;
}

std::unique_ptr<Autoencoder> Autoencoder::clone(int threads) const {
  AELAB_CHECK(threads >= 1 && threads <= 256);
  const Impl& m = *impl_;
  std::unique_ptr<Impl> impl = Impl::make(m.config, threads);
  const int64_t p = m.net.param_count();
  // The whole arena: parameters, gradients and both optimizer moments.
  std::copy(m.net.params(), m.net.params() + 4 * p, impl->net.params());
  impl->steps = m.steps;
  impl->epochs = m.epochs;
  return std::unique_ptr<Autoencoder>(new Autoencoder(std::move(impl)));
}

std::vector<float> Autoencoder::parameters() const {
  const Network& net = impl_->net;
  return std::vector<float>(net.params(), net.params() + net.param_count());
}

}  // namespace aelab
