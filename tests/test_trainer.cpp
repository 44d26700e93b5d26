// The app's trainer/UI hand-off without any GL: the trainer thread publishes snapshots while the
// test, playing the UI, polls them, copies the weights into its own model and runs inference,
// and drives pause, resume, stop, reset, a config change and a divergence. A pumped trainer (the
// page's single-threaded variant) must give the threaded one's bits. Also built by the
// native-tsan preset, where ThreadSanitizer checks every access the hand-off makes.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <functional>
#include <future>
#include <thread>

#include "aelab.h"
#include "rng.h"
#include "trainer.h"

namespace aelab {
namespace {

std::shared_ptr<const Dataset> random_data(int count, int side, uint64_t seed) {
  auto d = std::make_shared<Dataset>();
  d->count = count;
  d->rows = d->cols = side;
  Rng rng(seed);
  d->pixels.resize(static_cast<size_t>(count) * side * side);
  for (uint8_t& p : d->pixels) p = static_cast<uint8_t>(rng.below(256));
  d->labels.assign(count, 0);
  return d;
}

std::unique_ptr<Autoencoder> small_model(int code_dim, int threads, float noise = 0.0f, uint64_t seed = 1) {
  ModelConfig c;
  c.image_rows = c.image_cols = 8;
  c.code_dim = code_dim;
  c.batch = 10;
  c.noise_level = noise;
  c.seed = seed;
  std::string err;
  std::unique_ptr<Autoencoder> m = Autoencoder::create(c, threads, &err);
  EXPECT_TRUE(m) << err;
  return m;
}

// The UI's side: poll every few ms (never blocking) until `done` holds or 60 s pass.
bool poll_until(Trainer& t, TrainSnapshot* snap, const std::function<bool(const TrainSnapshot&)>& done) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < give_up) {
    t.poll(snap);
    if (done(*snap)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

TEST(Trainer, UiPollsWhileTrainingPausesResumesStopsAndResets) {
  auto data = random_data(200, 8, 1);
  Trainer t;
  TrainSnapshot snap;
  std::unique_ptr<Autoencoder> view = small_model(4, 1);  // the UI's own inference copy
  TrainSettings settings;
  settings.epochs = 100000;  // runs until stopped
  t.start(small_model(4, 2, 0.1f), data, data, settings);
  ASSERT_TRUE(t.active());

  // Snapshots arrive with weights the UI can load and run while the thread keeps training.
  std::vector<float> x(10 * 64), y(x.size());
  for (int i = 0; i < 3; ++i) {
    const uint64_t seen = snap.version;
    ASSERT_TRUE(poll_until(t, &snap, [&](const TrainSnapshot& s) { return s.version > seen && !s.params.empty(); }));
    EXPECT_EQ(snap.state, TrainState::kRunning);
    ASSERT_TRUE(view->set_parameters(snap.params));
    images_to_float(*data, nullptr, 0, 10, x.data());
    view->reconstruct(x.data(), 10, y.data());
    for (float v : y) ASSERT_TRUE(std::isfinite(v));
  }

  // Pause: the thread parks and publishes once; no progress until resumed.
  t.set_paused(true);
  ASSERT_TRUE(poll_until(t, &snap, [](const TrainSnapshot& s) { return s.state == TrainState::kPaused; }));
  const int64_t done_paused = snap.done;
  const int epoch_paused = snap.epoch;
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  t.poll(&snap);
  EXPECT_EQ(snap.done, done_paused);
  EXPECT_EQ(snap.epoch, epoch_paused);
  t.set_paused(false);
  ASSERT_TRUE(poll_until(t, &snap, [&](const TrainSnapshot& s) {
    return s.state == TrainState::kRunning && (s.done != done_paused || s.epoch != epoch_paused);
  }));

  // Stop while paused must not hang: stopping also releases the pause.
  t.set_paused(true);
  ASSERT_TRUE(poll_until(t, &snap, [](const TrainSnapshot& s) { return s.state == TrainState::kPaused; }));
  t.request_stop();
  ASSERT_TRUE(poll_until(t, &snap, [](const TrainSnapshot& s) { return s.state == TrainState::kStopped; }));
  std::unique_ptr<Autoencoder> back = t.join();
  ASSERT_TRUE(back);
  EXPECT_FALSE(t.active());
  EXPECT_GT(back->steps(), 0);

  // Reset (a new model): curves forgotten, state idle.
  t.reset_curves();
  ASSERT_TRUE(poll_until(t, &snap, [](const TrainSnapshot& s) { return s.state == TrainState::kIdle; }));
  EXPECT_TRUE(snap.train_curve.empty());
  EXPECT_TRUE(snap.test_curve.empty());

  // A config change (another code size) trains to the end: one test point per epoch.
  settings.epochs = 2;
  std::unique_ptr<Autoencoder> view6 = small_model(6, 1);
  t.start(small_model(6, 2), data, data, settings);
  ASSERT_TRUE(poll_until(t, &snap, [](const TrainSnapshot& s) { return s.state == TrainState::kFinished; }));
  EXPECT_EQ(snap.test_curve.size(), 2u);
  EXPECT_TRUE(view6->set_parameters(snap.params));
  back = t.join();
  ASSERT_TRUE(back);
  EXPECT_EQ(back->epochs_trained(), 2);
}

// Destroying a trainer mid-run (the app quitting) stops and joins its thread: the destructor
// returns within a bound, and the trainer no longer holds the data its thread was reading.
// The destruction runs on a helper thread so that a destructor that never returns fails here
// instead of hanging the suite.
TEST(Trainer, DestructorStopsARunningThread) {
  auto data = random_data(100, 8, 2);
  TrainSettings settings;
  settings.epochs = 1 << 30;  // would run for days if not stopped
  auto t = std::make_unique<Trainer>();
  TrainSnapshot snap;
  t->start(small_model(4, 2), data, data, settings);
  // The thread really runs: it has published weights and finished batches.
  ASSERT_TRUE(poll_until(*t, &snap, [](const TrainSnapshot& s) {
    return s.state == TrainState::kRunning && s.done > 0 && !s.params.empty();
  }));
  EXPECT_GT(data.use_count(), 1);  // the trainer shares the data set with its thread

  std::promise<void> destroyed;
  std::future<void> done = destroyed.get_future();
  const auto t0 = std::chrono::steady_clock::now();
  std::thread destroyer([trainer = std::move(t), destroyed = std::move(destroyed)]() mutable {
    trainer.reset();
    destroyed.set_value();
  });
  const bool in_time = done.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  RecordProperty("destructor_seconds", std::to_string(seconds));
  if (!in_time) {
    destroyer.detach();  // still inside the destructor, owning all it touches; nothing can stop it
    FAIL() << "~Trainer did not return within 10 s of a running trainer's destruction";
  }
  destroyer.join();
  // Its thread has been joined: nothing holds the data set but this test.
  EXPECT_EQ(data.use_count(), 1);
}

// The app's divergence path: the VAE at learning rate 10 hits NaN within a few steps; the
// trainer stops with the message and publishes the last good (finite) weights.
TEST(Trainer, DivergenceStopsWithMessageAndKeepsGoodWeights) {
  auto data = random_data(100, 28, 3);
  ModelConfig c;
  c.model = "vae";
  c.code_dim = default_code_dim(c);
  c.lr = 10.0f;
  std::string err;
  std::unique_ptr<Autoencoder> m = Autoencoder::create(c, 2, &err);
  ASSERT_TRUE(m) << err;
  TrainSettings settings;
  settings.epochs = 50;
  Trainer t;
  TrainSnapshot snap;
  t.start(std::move(m), data, data, settings);
  ASSERT_TRUE(poll_until(t, &snap, [](const TrainSnapshot& s) {
    return s.state == TrainState::kDiverged || s.state == TrainState::kFinished;
  }));
  ASSERT_EQ(snap.state, TrainState::kDiverged);
  EXPECT_EQ(std::string(train_state_name(snap.state)), "diverged");
  EXPECT_NE(snap.message.find("training diverged at step"), std::string::npos) << snap.message;
  ASSERT_FALSE(snap.params.empty());
  for (float p : snap.params) ASSERT_TRUE(std::isfinite(p));
  std::unique_ptr<Autoencoder> back = t.join();
  ASSERT_TRUE(back);
  EXPECT_EQ(back->parameters(), snap.params);
}

// The single-threaded page pumps its trainer a slice per frame; the same run on a thread gives
// the same curves and weights, bit for bit (both go through Trainer::advance).
TEST(Trainer, PumpedRunEqualsThreadedRun) {
  auto data = random_data(230, 8, 4);  // 23 batches of 10: a train-curve point per batch
  auto test = random_data(300, 8, 5);  // two evaluation chunks (kEvalChunk = 256)
  TrainSettings settings;
  settings.epochs = 3;

  TrainSnapshot threaded, pumped;
  std::unique_ptr<Autoencoder> threaded_model, pumped_model;
  {
    Trainer t;
    t.start(small_model(4, 1, 0.1f, 7), data, test, settings);
    ASSERT_TRUE(poll_until(t, &threaded, [](const TrainSnapshot& s) { return s.state == TrainState::kFinished; }));
    threaded_model = t.join();
  }
  {
    Trainer t(false);
    t.start(small_model(4, 1, 0.1f, 7), data, test, settings);
    // Pause half-way through: the pumped trainer publishes the paused state and stands still.
    for (int i = 0; i < 30; ++i) t.pump(0.0);
    t.set_paused(true);
    t.pump(0.0);
    ASSERT_TRUE(t.poll(&pumped));
    EXPECT_EQ(pumped.state, TrainState::kPaused);
    const int64_t done_paused = pumped.done;
    for (int i = 0; i < 10; ++i) t.pump(0.0);
    t.poll(&pumped);
    EXPECT_EQ(pumped.done, done_paused);
    t.set_paused(false);
    for (int i = 0; i < 100000 && t.active(); ++i) t.pump(1.0);
    EXPECT_FALSE(t.active());
    ASSERT_TRUE(t.poll(&pumped));
    pumped_model = t.join();
  }
  EXPECT_EQ(pumped.state, TrainState::kFinished);
  ASSERT_EQ(threaded.test_curve.size(), 3u);
  ASSERT_EQ(pumped.train_curve.size(), threaded.train_curve.size());
  for (size_t i = 0; i < threaded.train_curve.size(); ++i) {
    EXPECT_EQ(pumped.train_curve[i].epoch, threaded.train_curve[i].epoch) << i;
    EXPECT_EQ(pumped.train_curve[i].loss, threaded.train_curve[i].loss) << i;
  }
  ASSERT_EQ(pumped.test_curve.size(), threaded.test_curve.size());
  for (size_t i = 0; i < threaded.test_curve.size(); ++i) {
    EXPECT_EQ(pumped.test_curve[i].loss, threaded.test_curve[i].loss) << i;
  }
  // The test points are evaluate_mse's, chunk for chunk.
  EXPECT_EQ(threaded.test_curve.back().loss, static_cast<float>(evaluate_mse(*threaded_model, *test)));
  ASSERT_TRUE(threaded_model && pumped_model);
  EXPECT_EQ(pumped_model->parameters(), threaded_model->parameters());
  EXPECT_EQ(pumped_model->epochs_trained(), 3);
}

// Stopping a pumped run: join() finishes it (the final snapshot) without training further.
TEST(Trainer, PumpedRunStopsOnJoin) {
  auto data = random_data(200, 8, 6);
  TrainSettings settings;
  settings.epochs = 100000;
  Trainer t(false);
  TrainSnapshot snap;
  t.start(small_model(4, 1), data, data, settings);
  for (int i = 0; i < 5; ++i) t.pump(1.0);
  t.request_stop();
  std::unique_ptr<Autoencoder> back = t.join();
  ASSERT_TRUE(back);
  EXPECT_FALSE(t.active());
  ASSERT_TRUE(t.poll(&snap));
  EXPECT_EQ(snap.state, TrainState::kStopped);
  EXPECT_LT(back->epochs_trained(), 100);
}

// Live edits: the learning rate and the noise level change between steps, join the run's
// timeline at the steps they applied to, and replaying that timeline (here on a thread, the
// edits made on a pumped trainer) gives the same curves and weights bit for bit.
TEST(Trainer, LiveEditsJoinTheTimelineAndReplayToTheSameBits) {
  auto data = random_data(230, 8, 8);
  auto test = random_data(60, 8, 9);
  TrainSettings settings;
  settings.epochs = 2;
  Trainer live(false);
  TrainSnapshot edited;
  live.start(small_model(4, 1, 0.1f, 3), data, test, settings);
  EXPECT_FALSE(live.edit("batch", 5));          // not a live field
  EXPECT_FALSE(live.edit("lr", 1e9));           // out of its range
  EXPECT_FALSE(live.edit("no_such_field", 1));
  for (int i = 0; i < 7; ++i) live.pump(0.0);   // one step a pump: 7 batches
  ASSERT_TRUE(live.edit("lr", 0.02));
  for (int i = 0; i < 20; ++i) live.pump(0.0);  // 16 batches and the first epoch's evaluation
  ASSERT_TRUE(live.edit("noise_level", 0.3));
  ASSERT_TRUE(live.edit("lr", 0.005));
  while (live.active()) live.pump(1.0);
  ASSERT_TRUE(live.poll(&edited));
  std::unique_ptr<Autoencoder> edited_model = live.join();
  ASSERT_EQ(edited.edits.size(), 3u);
  EXPECT_EQ(edited.edits[0], (RunEdit{7, "lr", 0.02}));
  EXPECT_EQ(edited.edits[1].key, "noise_level");
  EXPECT_EQ(edited.edits[1].step, edited.edits[2].step);
  EXPECT_GT(edited.edits[1].step, 7);
  EXPECT_EQ(edited_model->config().lr, 0.005f);
  EXPECT_EQ(edited_model->config().noise_level, 0.3f);

  settings.edits = edited.edits;
  Trainer replay;
  TrainSnapshot replayed;
  replay.start(small_model(4, 1, 0.1f, 3), data, test, settings);
  ASSERT_TRUE(poll_until(replay, &replayed, [](const TrainSnapshot& s) { return s.state == TrainState::kFinished; }));
  std::unique_ptr<Autoencoder> replayed_model = replay.join();
  EXPECT_EQ(replayed.edits, edited.edits);
  ASSERT_EQ(replayed.train_curve.size(), edited.train_curve.size());
  for (size_t i = 0; i < edited.train_curve.size(); ++i) EXPECT_EQ(replayed.train_curve[i].loss, edited.train_curve[i].loss) << i;
  ASSERT_EQ(replayed.test_curve.size(), 2u);
  EXPECT_EQ(replayed.test_curve[1].loss, edited.test_curve[1].loss);
  EXPECT_EQ(replayed_model->parameters(), edited_model->parameters());

  // Without the edits the run differs: they did change it.
  settings.edits.clear();
  Trainer plain(false);
  plain.start(small_model(4, 1, 0.1f, 3), data, test, settings);
  while (plain.active()) plain.pump(1.0);
  EXPECT_NE(plain.join()->parameters(), edited_model->parameters());
}

}  // namespace
}  // namespace aelab
