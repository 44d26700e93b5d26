// The thread count is not part of a result: every model of the zoo, trained and evaluated on
// 1, 2, 3 or 4 threads, gives the same bits. Each step is cut into pieces that depend on the shapes
// only (linear.cpp's row and feature pieces, grad_shards.h's gradient shards), summed in a fixed
// order. Batches of 1, 3 and 20 rows cover the edges (fewer rows than threads or shards).
#include <gtest/gtest.h>

#include <atomic>

#include "aelab.h"
#include "thread_pool.h"
#include "train_loop.h"

namespace aelab {
namespace {

class ThreadCount : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string err;
    Dataset test;
    ASSERT_TRUE(load_mnist_dir(AELAB_BUILTIN_DIR, &train_, &test, &err)) << err;
  }
  static Dataset train_;
};
Dataset ThreadCount::train_;

struct Trained {
  std::vector<float> params;
  double mse = 0.0;
};

// `steps` steps of `config` on `threads` threads from the data's start, then the MSE of the
// first 300 images (the evaluation runs on the same threads).
Trained train(const ModelConfig& config, int threads, int steps, const Dataset& data) {
  std::string err;
  std::unique_ptr<Autoencoder> m = Autoencoder::create(config, threads, &err);
  EXPECT_TRUE(m) << err;
  if (!m) return {};
  BatchCursor cursor(data, config.batch);
  cursor.start(nullptr);
  for (int i = 0; i < steps && !cursor.done(); ++i) {
    int n = 0;
    train_next_batch(*m, &cursor, &n);
  }
  Dataset head = data;
  head.count = 300;
  return {m->parameters(), evaluate_mse(*m, head)};
}

TEST_F(ThreadCount, EveryModelGivesTheSameBitsOnOneToFourThreads) {
  for (int i = 0; i < kModelCount; ++i) {
    for (int batch : {1, 3, 20}) {
      ModelConfig c;
      c.model = kModels[i].name;
      c.batch = batch;
      if (c.model == "denoise") c.arch = "conv";
      if (c.model == "sparse") c.sparsity = 0.05f;  // the KL penalty: a sum over the batch
      const std::string what = c.model + " batch " + std::to_string(batch);
      const int steps = batch == 20 ? 12 : 6;
      const Trained one = train(c, 1, steps, train_);
      for (int threads : {2, 3, 4}) {
        const Trained t = train(c, threads, steps, train_);
        EXPECT_EQ(t.params, one.params) << what << ", " << threads << " threads";
        EXPECT_EQ(t.mse, one.mse) << what << ", " << threads << " threads";
      }
    }
  }
}

// Threads claim the pieces of a job from a shared counter (the caller too), so a job is done by
// whoever is running: every item exactly once, each piece on one thread whose index is in range,
// over many short jobs back to back (a late worker must claim nothing of the next job).
TEST(ThreadPoolPieces, EveryItemOnceOnSomeThread) {
  for (int threads : {2, 3, 4}) {
    ThreadPool pool(threads);
    for (int job = 0; job < 3000; ++job) {
      const int64_t n = 1 + job % 97;
      std::vector<std::atomic<int>> seen(n);
      for (std::atomic<int>& a : seen) a.store(0);
      std::atomic<bool> bad_thread{false};
      pool.parallel_for_thread(n, [&](int t, int64_t b, int64_t e) {
        if (t < 0 || t >= threads) bad_thread = true;
        for (int64_t i = b; i < e; ++i) seen[i].fetch_add(1);
      });
      pool.parallel_for(n, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) seen[i].fetch_add(1);
      });
      for (int64_t i = 0; i < n; ++i) ASSERT_EQ(seen[i].load(), 2) << "job " << job << " item " << i;
      ASSERT_FALSE(bad_thread.load()) << "job " << job;
    }
  }
}

}  // namespace
}  // namespace aelab
