// Autoencoder: a Network split into encoder and decoder, its optimizer state, thread pool and
// RNG, behind the Eigen-free API of aelab.h. The training step of each model family lives here:
// plain reconstruction, code penalties (sparse, contractive) and the VAE's sampled code.
#include <algorithm>
#include <cmath>
#include <limits>

#include "aelab.h"
#include "check.h"
#include "checkpoint.h"
#include "loss.h"
#include "models.h"
#include "noise.h"
#include "optimizer.h"
#include "regularizer.h"

namespace aelab {

namespace {
// Inference runs in chunks of this many rows whatever the training batch.
constexpr int kInferenceRows = 256;
// Parameters, optimizer state and working buffers of one model stay under 1 GiB.
constexpr int64_t kMaxFloats = int64_t{1} << 28;
// The model's own stream (VAE samples, denoising noise) is kept apart from the init stream.
constexpr uint64_t kStreamSalt = 0x9E3779B97F4A7C15ull;
// A gradient beyond this is divergence: its square (Adam's second moment) would overflow float,
// and an update driven by it would leave the weights useless even where they stay finite.
constexpr float kMaxGradient = 1e18f;

// True when every gradient is finite and below kMaxGradient (NaN fails the comparison).
bool gradients_usable(const float* g, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    if (!(std::fabs(g[i]) <= kMaxGradient)) return false;
  }
  return true;
}
}  // namespace

struct Autoencoder::Impl {
  ModelConfig config;
  ModelLayout layout;
  ThreadPool pool;
  Network net;
  Rng rng;
  bool vae;
  int code;  // code width (Z); the VAE's encoder outputs 2Z
  // The caller's rows are copied into these aligned buffers first (see aligned.h).
  FloatBuffer input, target, dy;  // [capacity, max(D, code)], [capacity, D], [capacity, D]
  FloatBuffer z, eps, dcode;      // [capacity, 2·code]: code-space values and gradients
  int64_t steps = 0;
  int epochs = 0;

  Impl(const ModelConfig& c, int threads, ModelLayout l)
      : config(c),
        layout(std::move(l)),
        pool(threads),
        net(layout.layers, std::max(c.batch, kInferenceRows), threads, layout.seam),
        rng(c.seed ^ kStreamSalt),
        vae(c.model == "vae"),
        code(net.layer(layout.encoder_end - 1).spec.out / (vae ? 2 : 1)),
        input(static_cast<size_t>(net.capacity()) * std::max(net.input_dim(), code)),
        target(static_cast<size_t>(net.capacity()) * net.output_dim()),
        dy(target.size()),
        z(static_cast<size_t>(net.capacity()) * 2 * code),
        eps(z.size()),
        dcode(z.size()) {
    pin_gemm_blocking();
  }

  static std::unique_ptr<Impl> make(const ModelConfig& c, int threads) {
    return std::make_unique<Impl>(c, usable_threads(threads), build_model(c));
  }

  // "" if a model of this config fits the memory budget, else why not. Checked before
  // anything is allocated: configs come from checkpoints and (later) URLs too.
  static std::string check_size(const ModelConfig& c) {
    const ModelLayout layout = build_model(c);
    const int64_t floats = 4 * count_params(layout) + working_floats(layout, std::max(c.batch, kInferenceRows));
    if (floats > kMaxFloats) {
      return "a " + c.model + " model with this config needs about " + std::to_string(floats * 4 >> 20) +
             " MiB, more than the limit of " + std::to_string(kMaxFloats * 4 >> 20) + " MiB";
    }
    return "";
  }
  int enc_end() const { return layout.encoder_end; }
  int last() const { return net.layer_count(); }

  // Reconstruction of `rows` rows already in `input`: through the code's mean for the VAE.
  ConstMatMap reconstruct_rows(int rows) {
    if (!vae) return net.forward(pool, input.data(), rows);
    ConstMatMap mulv = net.forward(pool, input.data(), rows, 0, enc_end());
    MatMap(z.data(), rows, code) = mulv.leftCols(code);
    return net.forward(pool, z.data(), rows, enc_end(), last());
  }

  // The code of `rows` rows already in `input`: the VAE's is its mean.
  void encode_rows(int rows, float* out) {
    ConstMatMap c = net.forward(pool, input.data(), rows, 0, enc_end());
    MatMap(out, rows, code) = c.leftCols(code);
  }

  float reconstruction_loss(ConstMatMap y, ConstMatMap t, MatMap grad) {
    if (config.loss == "bce") {
      bce_backward(y, t, grad);
      return bce_forward(y, t);
    }
    mse_backward(y, t, grad);
    return mse_forward(y, t);
  }

  // Forward, loss and backward of one batch in input/target; returns the loss.
  float gradients(int n) {
    const int d = net.output_dim();
    ConstMatMap t(target.data(), n, d);
    MatMap grad(dy.data(), n, d);
    if (vae) {
      // Negative ELBO per image: BCE summed over pixels + KL (times its weight), averaged over
      // the batch.
      ConstMatMap mulv = net.forward(pool, input.data(), n, 0, enc_end());
      MatMap e(eps.data(), n, code), zm(z.data(), n, code);
      for (int64_t i = 0; i < e.size(); ++i) e.data()[i] = rng.normal();
      reparameterize(mulv, e, zm);
      ConstMatMap y = net.forward(pool, z.data(), n, enc_end(), last());
      const float rec = bce_forward(y, t) * static_cast<float>(d);
      bce_backward(y, t, grad);
      grad *= static_cast<float>(d);
      const float* dz = net.backward(pool, dy.data(), n, enc_end(), last(), true);
      MatMap dmulv(dcode.data(), n, 2 * code);
      reparameterize_backward(mulv, e, ConstMatMap(dz, n, code), dmulv);
      const float kl = vae_kl(mulv, config.kl_weight, dmulv);
      net.backward(pool, dcode.data(), n, 0, enc_end(), false);
      return rec + kl;
    }
    ConstMatMap y = net.forward(pool, input.data(), n);
    float loss = reconstruction_loss(y, t, grad);
    if (config.model != "sparse" && config.model != "contractive") {
      net.backward(pool, dy.data(), n);
      return loss;
    }
    // Penalties on the code: backward through the decoder, add their gradient at the code,
    // then backward through the encoder.
    const float* dz = net.backward(pool, dy.data(), n, enc_end(), last(), true);
    MatMap dc(dcode.data(), n, code);
    dc = ConstMatMap(dz, n, code);
    ConstMatMap h = net.forward_output(enc_end() - 1, n);
    if (config.model == "sparse") {
      loss += config.sparsity > 0.0f ? kl_sparsity_penalty(h, config.sparsity, config.sparse_weight, dc)
                                     : l1_penalty(h, config.sparse_weight, dc);
    } else {
      loss += contractive_penalty(h, net.weight(0, net.params()), config.contractive_weight, dc,
                                  net.weight(0, net.grads()));
    }
    net.backward(pool, dcode.data(), n, 0, enc_end(), false);
    return loss;
  }
};

Autoencoder::Autoencoder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Autoencoder::~Autoencoder() = default;

std::unique_ptr<Autoencoder> Autoencoder::create(const ModelConfig& asked, int threads, std::string* error) {
  const ModelConfig config = resolve_defaults(asked);
  std::string why = validate_config(config);
  if (why.empty()) why = Impl::check_size(config);
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
  ck.config = resolve_defaults(ck.config);  // a file may leave code size or noise to the model
  if (threads < 1 || threads > 256) {
    *error = "thread count must be between 1 and 256";
    return nullptr;
  }
  const int64_t p = count_params(build_model(ck.config));
  if (static_cast<int64_t>(ck.params.size()) != p) {
    *error = path + ": checkpoint has " + std::to_string(ck.params.size()) + " parameters but a " +
             ck.config.model + " model with this config has " + std::to_string(p);
    return nullptr;
  }
  const std::string why = Impl::check_size(ck.config);
  if (!why.empty()) {
    *error = path + ": " + why;
    return nullptr;
  }
  std::unique_ptr<Impl> impl = Impl::make(ck.config, threads);
  std::copy(ck.params.begin(), ck.params.end(), impl->net.params());
  std::copy(ck.moment1.begin(), ck.moment1.end(), impl->net.adam_m());
  std::copy(ck.moment2.begin(), ck.moment2.end(), impl->net.adam_v());
  impl->net.zero_grads();
  impl->steps = ck.steps;
  impl->epochs = ck.epochs;
  if (ck.has_rng) impl->rng.set_state(ck.rng);
  return std::unique_ptr<Autoencoder>(new Autoencoder(std::move(impl)));
}

bool Autoencoder::save(const std::string& path, std::string* error) const {
  Checkpoint ck;
  ck.config = impl_->config;
  ck.steps = impl_->steps;
  ck.epochs = impl_->epochs;
  ck.has_rng = true;
  ck.rng = impl_->rng.state();
  Network& net = impl_->net;
  const int64_t p = net.param_count();
  ck.params.assign(net.params(), net.params() + p);
  ck.moment1.assign(net.adam_m(), net.adam_m() + p);
  ck.moment2.assign(net.adam_v(), net.adam_v() + p);
  return save_checkpoint(path, ck, error);
}

const ModelConfig& Autoencoder::config() const { return impl_->config; }
int Autoencoder::input_dim() const { return impl_->net.input_dim(); }
int Autoencoder::code_dim() const { return impl_->code; }
int64_t Autoencoder::param_count() const { return impl_->net.param_count(); }
int64_t Autoencoder::steps() const { return impl_->steps; }
int Autoencoder::epochs_trained() const { return impl_->epochs; }
void Autoencoder::set_epochs_trained(int epochs) { impl_->epochs = epochs; }
bool Autoencoder::is_variational() const { return impl_->vae; }

float Autoencoder::train_step(const float* x, const float* target, int n) {
  Impl& m = *impl_;
  AELAB_CHECK(n >= 1 && n <= m.config.batch);
  Network& net = m.net;
  std::copy(x, x + static_cast<size_t>(n) * net.input_dim(), m.input.data());
  std::copy(target, target + static_cast<size_t>(n) * net.output_dim(), m.target.data());
  net.zero_grads();
  const float loss = m.gradients(n);
  // The divergence guard: a step whose loss or gradients are not finite is refused, so the
  // weights and optimizer state stay those of the last good step (see aelab.h).
  if (!std::isfinite(loss)) return loss;
  if (!gradients_usable(net.grads(), net.param_count())) return std::numeric_limits<float>::quiet_NaN();
  ++m.steps;
  // The update is elementwise, so splitting the arena across threads leaves every bit unchanged.
  AdamOptions adam;
  adam.lr = m.config.lr;
  const SgdOptions sgd{m.config.lr, m.config.momentum};
  const bool use_sgd = m.config.optimizer == "sgd";
  const int64_t t = m.steps;
  constexpr int64_t kAdamFlops = 16;  // per parameter, roughly
  m.pool.parallel_for(net.param_count(), kAdamFlops, [&](int64_t b, int64_t e) {
    if (e <= b) return;
    if (use_sgd) {
      sgd_step(net.params() + b, net.grads() + b, net.adam_m() + b, e - b, sgd);
    } else {
      adam_step(net.params() + b, net.grads() + b, net.adam_m() + b, net.adam_v() + b, e - b, adam, t);
    }
  });
  return loss;
}

void Autoencoder::apply_edits(const std::vector<RunEdit>& edits) {
  apply_edits_at(edits, impl_->steps, &impl_->config);
}

void Autoencoder::corrupt_inputs(const float* x, int n, float* out) {
  const ModelConfig& c = impl_->config;
  corrupt(c.noise, c.noise_level, impl_->rng, x, static_cast<long>(n) * input_dim(), out);
}

bool corrupt_images(const std::string& noise, float level, uint64_t seed, const float* x, long count, float* out) {
  if (noise != "gaussian" && noise != "saltpepper" && noise != "mask") return false;
  Rng rng(seed);
  corrupt(noise, level, rng, x, count, out);
  return true;
}

Autoencoder::Filters Autoencoder::encoder_filters() const {
  const Network& net = impl_->net;
  const ModelConfig& c = impl_->config;
  const Layer& first = net.layer(0);
  const FilterGrid grid = layer_kind(first.spec.kind).filters(first.spec, c.image_rows, c.image_cols);
  Filters f;
  if (grid.count == 0) return f;
  f.count = grid.count, f.rows = grid.rows, f.cols = grid.cols;
  const float* w = net.params() + first.weight_offset;
  f.values.assign(w, w + first.shape.weight_rows * first.shape.weight_cols);
  return f;
}

void Autoencoder::reconstruct(const float* x, int n, float* y) {
  Impl& m = *impl_;
  const int d = m.net.input_dim();
  for (int r = 0; r < n; r += m.net.capacity()) {
    const int rows = std::min(m.net.capacity(), n - r);
    std::copy(x + static_cast<size_t>(r) * d, x + static_cast<size_t>(r + rows) * d, m.input.data());
    ConstMatMap out = m.reconstruct_rows(rows);
    std::copy(out.data(), out.data() + out.size(), y + static_cast<size_t>(r) * d);
  }
}

void Autoencoder::encode(const float* x, int n, float* code) {
  Impl& m = *impl_;
  const int d = m.net.input_dim();
  for (int r = 0; r < n; r += m.net.capacity()) {
    const int rows = std::min(m.net.capacity(), n - r);
    std::copy(x + static_cast<size_t>(r) * d, x + static_cast<size_t>(r + rows) * d, m.input.data());
    m.encode_rows(rows, code + static_cast<size_t>(r) * m.code);
  }
}

void Autoencoder::decode(const float* code, int n, float* y) {
  Impl& m = *impl_;
  const int d = m.net.output_dim();
  for (int r = 0; r < n; r += m.net.capacity()) {
    const int rows = std::min(m.net.capacity(), n - r);
    std::copy(code + static_cast<size_t>(r) * m.code, code + static_cast<size_t>(r + rows) * m.code, m.input.data());
    ConstMatMap out = m.net.forward(m.pool, m.input.data(), rows, m.enc_end(), m.last());
    std::copy(out.data(), out.data() + out.size(), y + static_cast<size_t>(r) * d);
  }
}

double Autoencoder::squared_error(const float* x, const float* target, int n) {
  Impl& m = *impl_;
  const int d = m.net.output_dim();
  double sum = 0.0;
  for (int r = 0; r < n; r += m.net.capacity()) {
    const int rows = std::min(m.net.capacity(), n - r);
    std::copy(x + static_cast<size_t>(r) * d, x + static_cast<size_t>(r + rows) * d, m.input.data());
    std::copy(target + static_cast<size_t>(r) * d, target + static_cast<size_t>(r + rows) * d, m.target.data());
    ConstMatMap y = m.reconstruct_rows(rows);
    ConstMatMap t(m.target.data(), rows, d);
    for (int i = 0; i < rows; ++i) sum += static_cast<double>((y.row(i) - t.row(i)).squaredNorm());
  }
  return sum;
}

double Autoencoder::negative_elbo(const float* x, int n, uint64_t seed) {
  Impl& m = *impl_;
  AELAB_CHECK(m.vae);
  Rng rng(seed);
  const int d = m.net.output_dim();
  double sum = 0.0;
  for (int r = 0; r < n; r += m.net.capacity()) {
    const int rows = std::min(m.net.capacity(), n - r);
    std::copy(x + static_cast<size_t>(r) * d, x + static_cast<size_t>(r + rows) * d, m.input.data());
    ConstMatMap mulv = m.net.forward(m.pool, m.input.data(), rows, 0, m.enc_end());
    MatMap e(m.eps.data(), rows, m.code), zm(m.z.data(), rows, m.code), dmulv(m.dcode.data(), rows, 2 * m.code);
    for (int64_t i = 0; i < e.size(); ++i) e.data()[i] = rng.normal();
    reparameterize(mulv, e, zm);
    // vae_kl's gradient output is scratch here; only its value is wanted. The ELBO is the
    // unweighted bound whatever KL weight the model trained with.
    dmulv.setZero();
    const double kl = vae_kl(mulv, 1.0f, dmulv);
    ConstMatMap y = m.net.forward(m.pool, m.z.data(), rows, m.enc_end(), m.last());
    const double rec = bce_forward(y, ConstMatMap(m.input.data(), rows, d));
    sum += (rec * d + kl) * rows;
  }
  return sum;
}

void Autoencoder::sample_prior(int n, uint64_t seed, float* out) {
  Rng rng(seed);
  std::vector<float> codes(static_cast<size_t>(n) * impl_->code);
  for (float& v : codes) v = rng.normal();
  decode(codes.data(), n, out);
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
  impl->rng = m.rng;
  return std::unique_ptr<Autoencoder>(new Autoencoder(std::move(impl)));
}

std::vector<float> Autoencoder::parameters() const {
  const Network& net = impl_->net;
  return std::vector<float>(net.params(), net.params() + net.param_count());
}

}  // namespace aelab
