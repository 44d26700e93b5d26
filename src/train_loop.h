// The one training loop. BatchCursor walks a data set in batches (order, clean targets, inputs
// corrupted through the model's own stream); EvalChunks walks a set in fixed chunks, which
// ChunkedEval (and every other evaluation) adds over; TrainLoop runs a run (run.h) as resumable
// steps over both. The command line, the benchmark and the app's trainer (on a thread or pumped
// a frame at a time) are drivers over these, so the same run gives the same bits in each.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "aelab.h"

namespace aelab {

class BatchCursor {
 public:
  BatchCursor(const Dataset& data, int batch);
  // A new pass over the data in `order` (nullptr: file order), from example `first` on.
  void start(const std::vector<int>* order, int first = 0);
  bool done() const { return first_ >= data_.count; }
  int position() const { return first_; }
  // Prepares the next batch: targets are the clean images; inputs are corrupted through the
  // model's stream when its config asks for noise (denoising). Returns its size.
  int next(Autoencoder& model);
  const float* x() const { return corrupt_ ? noisy_.data() : target_.data(); }
  const float* target() const { return target_.data(); }

 private:
  const Dataset& data_;
  const int batch_;
  const int* order_ = nullptr;
  int first_ = 0;
  bool corrupt_ = false;
  std::vector<float> target_, noisy_;
};

// One optimizer step on the cursor's next batch; the loss before it (non-finite: refused).
float train_next_batch(Autoencoder& model, BatchCursor* cursor, int* n);

// A set in consecutive chunks of kEvalChunk images (the last one shorter), converted to float:
// the one order every evaluation adds in.
class EvalChunks {
 public:
  explicit EvalChunks(const Dataset& data);
  void start() { first_ = 0; }
  bool done() const { return first_ >= data_.count; }
  int position() const { return first_; }  // the next chunk's first image
  int next();                              // converts the next chunk; returns its size
  const float* x() const { return x_.data(); }

 private:
  const Dataset& data_;
  int first_ = 0;
  std::vector<float> x_;
};

class ChunkedEval {
 public:
  explicit ChunkedEval(const Dataset& data);
  void start();
  bool done() const { return chunks_.done(); }
  // The next chunk's squared reconstruction error, added in a fixed order.
  void step(Autoencoder& model);
  double mse() const;  // per pixel, once done()

 private:
  const Dataset& data_;
  EvalChunks chunks_;
  double sum_ = 0.0;
};

// A point of a loss curve: x is the fractional epoch (counted from the model's first epoch).
struct LossPoint {
  float epoch;
  float loss;
};

// What one TrainLoop::advance() did.
enum class LoopStep { kBatch, kEvalChunk, kEpochEnd, kDone, kDiverged };

struct LoopOptions {
  bool eval_train = false;  // evaluate the training set too after each epoch (the command line)
  // The model's counters must be a position in this data (resuming a run); else a model whose
  // steps do not fit (trained elsewhere) starts its next epoch from the first batch.
  bool strict_position = true;
};

class TrainLoop {
 public:
  // Continues `model` from its counters (steps and epochs trained, e.g. a resumed checkpoint)
  // to run.epochs epochs over `train`, evaluating `test` after each epoch. ok() is false (with
  // error()) when strict and the counters cannot be a position in this data at this batch size.
  TrainLoop(Autoencoder& model, const Dataset& train, const Dataset& test, const Run& run, LoopOptions options);
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

  // One step: a training batch, a chunk of the epoch's evaluation, the epoch's end (its
  // figures are then in train_mse()/test_mse()), or the run's end. Training batches apply the
  // run's timeline edits due before them.
  LoopStep advance();

  // A change made while training (the app's live edits): applies before the next batch, and
  // joins the timeline at the step it applies to, which edits() returns.
  void add_edit(const std::string& key, double value);
  const std::vector<RunEdit>& edits() const { return edits_; }

  bool evaluating() const { return phase_ != Phase::kBatches; }
  int epoch() const { return epoch_; }            // epochs trained before this one (0-based)
  int epochs() const { return epochs_; }          // in all
  int64_t done() const { return cursor_.position(); }  // examples of this epoch
  int64_t total() const { return train_.count; }
  float last_loss() const { return last_loss_; }  // the last batch's loss
  int last_batch() const { return last_n_; }      // and its size
  double train_mse() const { return train_mse_; } // of the last finished epoch (eval_train)
  double test_mse() const { return test_mse_; }

  // The run's curves, as every driver shows them: the mean batch loss over each curve_every()
  // steps (about 50 points an epoch; the run's last point takes what is left), and the test MSE
  // after each epoch. Points are counted in steps, not seconds, so a replay draws the same.
  const std::vector<LossPoint>& train_curve() const { return train_curve_; }
  const std::vector<LossPoint>& test_curve() const { return test_curve_; }
  int64_t curve_every() const { return curve_every_; }
  // A stop mid-epoch: the batches since the last point become one.
  void flush_curve();

 private:
  enum class Phase { kBatches, kEvalTrain, kEvalTest, kFinished };
  void start_epoch(int first);

  Autoencoder& model_;
  const Dataset& train_;
  std::vector<RunEdit> edits_;
  const bool shuffle_, eval_train_;
  const int epochs_;
  BatchCursor cursor_;
  ChunkedEval eval_train_set_, eval_test_set_;
  std::vector<int> order_;
  Phase phase_ = Phase::kBatches;
  int epoch_ = 0;
  float last_loss_ = 0.0f;
  int last_n_ = 0;
  double train_mse_ = 0.0, test_mse_ = 0.0;
  int64_t curve_every_ = 1, curve_n_ = 0;
  double curve_sum_ = 0.0;
  float curve_x_ = 0.0f;
  std::vector<LossPoint> train_curve_, test_curve_;
  std::string error_;
};

}  // namespace aelab
