// BatchCursor, ChunkedEval and TrainLoop (train_loop.h).
#include "train_loop.h"

#include <algorithm>
#include <cmath>

namespace aelab {

BatchCursor::BatchCursor(const Dataset& data, int batch)
    : data_(data), batch_(batch), target_(static_cast<size_t>(batch) * data.dim()), noisy_(target_.size()) {}

void BatchCursor::start(const std::vector<int>* order, int first) {
  order_ = order ? order->data() : nullptr;
  first_ = first;
}

int BatchCursor::next(Autoencoder& model) {
  const int n = std::min(batch_, data_.count - first_);
  images_to_float(data_, order_, first_, n, target_.data());
  // Read at every batch: the noise level may change while training (a timeline edit).
  corrupt_ = corrupts_inputs(model.config());
  if (corrupt_) model.corrupt_inputs(target_.data(), n, noisy_.data());
  first_ += n;
  return n;
}

float train_next_batch(Autoencoder& model, BatchCursor* cursor, int* n) {
  *n = cursor->next(model);
  return model.train_step(cursor->x(), cursor->target(), *n);
}

// ---------------------------------------------------------------- evaluation

EvalChunks::EvalChunks(const Dataset& data)
    : data_(data), first_(data.count), x_(static_cast<size_t>(kEvalChunk) * data.dim()) {}

int EvalChunks::next() {
  const int n = std::min(kEvalChunk, data_.count - first_);
  if (n <= 0) return 0;
  images_to_float(data_, nullptr, first_, n, x_.data());
  first_ += n;
  return n;
}

ChunkedEval::ChunkedEval(const Dataset& data) : data_(data), chunks_(data) {}

void ChunkedEval::start() {
  chunks_.start();
  sum_ = 0.0;
}

void ChunkedEval::step(Autoencoder& model) {
  const int n = chunks_.next();
  if (n > 0) sum_ += model.squared_error(chunks_.x(), chunks_.x(), n);
}

double ChunkedEval::mse() const {
  return data_.count > 0 ? sum_ / (static_cast<double>(data_.count) * data_.dim()) : 0.0;
}

double evaluate_mse(Autoencoder& model, const Dataset& data) {
  ChunkedEval eval(data);
  eval.start();
  while (!eval.done()) eval.step(model);
  return eval.mse();
}

// ---------------------------------------------------------------- the run

TrainLoop::TrainLoop(Autoencoder& model, const Dataset& train, const Dataset& test, const Run& run,
                     LoopOptions options)
    : model_(model),
      train_(train),
      edits_(run.edits),
      shuffle_(run.shuffle),
      eval_train_(options.eval_train),
      epochs_(run.epochs),
      cursor_(train, model.config().batch),
      eval_train_set_(train),
      eval_test_set_(test) {
  const int64_t per_epoch = (train.count + model.config().batch - 1) / model.config().batch;
  curve_every_ = std::max<int64_t>(1, per_epoch / 50);
  epoch_ = model.epochs_trained();
  int64_t into = model.steps() - static_cast<int64_t>(epoch_) * per_epoch;
  if (!options.strict_position && (into < 0 || into >= per_epoch)) into = 0;
  if (train.count == 0 || into < 0 || into >= per_epoch) {
    error_ = "the model has made " + std::to_string(model.steps()) + " steps in " + std::to_string(epoch_) +
             " epochs, which is no position in " + std::to_string(train.count) + " training images in batches of " +
             std::to_string(model.config().batch) + " (resume a run on the data it was trained on)";
    phase_ = Phase::kFinished;
    return;
  }
  start_epoch(static_cast<int>(into * model.config().batch));
}

void TrainLoop::start_epoch(int first) {
  if (epoch_ >= epochs_) {
    flush_curve();
    phase_ = Phase::kFinished;
    return;
  }
  // Epochs are numbered from 1 in the shuffle's seed, as the first command line did.
  if (shuffle_) shuffled_order(model_.config().seed, epoch_ + 1, train_.count, &order_);
  cursor_.start(shuffle_ ? &order_ : nullptr, first);
  phase_ = Phase::kBatches;
}

void TrainLoop::flush_curve() {
  if (curve_n_ == 0) return;
  train_curve_.push_back({curve_x_, static_cast<float>(curve_sum_ / static_cast<double>(curve_n_))});
  curve_sum_ = 0.0;
  curve_n_ = 0;
}

void TrainLoop::add_edit(const std::string& key, double value) {
  // After the edits already due at this step, before any the timeline has for later ones.
  const int64_t now = model_.steps();
  auto at = std::find_if(edits_.begin(), edits_.end(), [now](const RunEdit& e) { return e.step > now; });
  edits_.insert(at, {now, key, value});
}

LoopStep TrainLoop::advance() {
  switch (phase_) {
    case Phase::kFinished: return LoopStep::kDone;
    case Phase::kBatches: {
      model_.apply_edits(edits_);
      last_loss_ = train_next_batch(model_, &cursor_, &last_n_);
      if (!std::isfinite(last_loss_)) {
        phase_ = Phase::kFinished;
        return LoopStep::kDiverged;
      }
      curve_sum_ += last_loss_;
      curve_n_ += 1;
      curve_x_ = static_cast<float>(epoch_) + static_cast<float>(cursor_.position()) / static_cast<float>(train_.count);
      // Points fall on whole multiples of curve_every steps of the run, epochs or not, so an
      // epoch's short last batch is averaged with others and a resumed run keeps the phase.
      if (model_.steps() % curve_every_ == 0) flush_curve();
      if (cursor_.done()) {
        // The epoch's batches are done: it counts as trained, then its evaluation.
        model_.set_epochs_trained(model_.epochs_trained() + 1);
        phase_ = eval_train_ ? Phase::kEvalTrain : Phase::kEvalTest;
        eval_train_set_.start();
        eval_test_set_.start();
      }
      return LoopStep::kBatch;
    }
    case Phase::kEvalTrain:
      if (!eval_train_set_.done()) {
        eval_train_set_.step(model_);
        return LoopStep::kEvalChunk;
      }
      train_mse_ = eval_train_set_.mse();
      phase_ = Phase::kEvalTest;
      [[fallthrough]];
    case Phase::kEvalTest:
      if (!eval_test_set_.done()) {
        eval_test_set_.step(model_);
        return LoopStep::kEvalChunk;
      }
      test_mse_ = eval_test_set_.mse();
      test_curve_.push_back({static_cast<float>(epoch_ + 1), static_cast<float>(test_mse_)});
      epoch_ += 1;
      start_epoch(0);
      return LoopStep::kEpochEnd;
  }
  return LoopStep::kDone;
}

}  // namespace aelab
