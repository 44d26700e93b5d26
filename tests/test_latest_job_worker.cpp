// The app's "latest job wins" worker (app/latest_job_worker.h), without GL: a job submitted
// while another runs replaces any job still queued, results are taken once, slots do not mix,
// and a job that fails publishes nothing. Also built by the native-tsan preset, where
// ThreadSanitizer checks the hand-off between submit, the worker thread and poll.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "latest_job_worker.h"

namespace aelab {
namespace {

using Worker = LatestJobWorker<int, int, 2>;

// Waits (a bounded while) until the worker has finished every job of `slot`.
void wait_idle(Worker& w, int slot) {
  for (int i = 0; i < 5000 && w.busy(slot); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  ASSERT_FALSE(w.busy(slot));
}

TEST(LatestJobWorker, AJobQueuedBehindARunningOneIsReplacedByTheNewest) {
  std::atomic<bool> started{false}, release{!kHaveThreads};  // without threads submit runs the job
  std::mutex mutex;
  std::vector<int> ran;  // guarded by mutex
  Worker w([&](int, int& job, int* out) {
    started = true;
    while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    std::lock_guard<std::mutex> lock(mutex);
    ran.push_back(job);
    *out = job * 10;
    return true;
  });
  w.submit(0, 1);
  for (int i = 0; i < 5000 && !started; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  ASSERT_TRUE(started);
  w.submit(0, 2);
  w.submit(0, 3);
  EXPECT_TRUE(w.busy(0));
  release = true;
  wait_idle(w, 0);
  {
    std::lock_guard<std::mutex> lock(mutex);
    EXPECT_EQ(ran, (kHaveThreads ? std::vector<int>{1, 3} : std::vector<int>{1, 2, 3}));
  }
  int result = 0;
  EXPECT_TRUE(w.poll(0, &result));
  EXPECT_EQ(result, 30);
  EXPECT_FALSE(w.poll(0, &result));  // taken once
}

TEST(LatestJobWorker, SlotsKeepTheirOwnResults) {
  Worker w([](int slot, int& job, int* out) {
    *out = slot * 1000 + job;
    return true;
  });
  w.submit(0, 7);
  w.submit(1, 8);
  wait_idle(w, 0);
  wait_idle(w, 1);
  int a = 0, b = 0;
  ASSERT_TRUE(w.poll(0, &a));
  ASSERT_TRUE(w.poll(1, &b));
  EXPECT_EQ(a, 7);
  EXPECT_EQ(b, 1008);
}

TEST(LatestJobWorker, AFailedJobPublishesNothingAndKeepsTheLastResult) {
  Worker w([](int, int& job, int* out) {
    *out = job;
    return job > 0;
  });
  w.submit(0, 5);
  wait_idle(w, 0);
  w.submit(0, -1);
  wait_idle(w, 0);
  int result = 0;
  ASSERT_TRUE(w.poll(0, &result));
  EXPECT_EQ(result, 5);
  EXPECT_FALSE(w.poll(0, &result));
}

}  // namespace
}  // namespace aelab
