// Kill during save: a child process saves checkpoints back to back while the parent SIGKILLs it
// at random moments, 100 times. After every kill the file must load as one of the two
// checkpoints the child was writing, and stale temp files must not pile up. Native only (fork).
#include <gtest/gtest.h>

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "checkpoint.h"
#include "rng.h"
#include "test_util.h"

namespace aelab {
namespace {

// A checkpoint of ~800 kB, big enough that a save takes a while and a kill often lands inside it.
Checkpoint make_checkpoint(int64_t steps, float value) {
  Checkpoint c;
  c.config.image_rows = 4;
  c.config.image_cols = 5;
  c.steps = steps;
  c.epochs = static_cast<int>(steps);
  c.params.assign(64 * 1024, value);
  c.moment1 = c.moment2 = c.params;
  return c;
}

int count_temps(const std::string& dir, const std::string& prefix) {
  int n = 0;
  DIR* d = opendir(dir.c_str());
  while (const dirent* e = d ? readdir(d) : nullptr) n += std::string(e->d_name).rfind(prefix, 0) == 0;
  if (d) closedir(d);
  return n;
}

TEST(KillDuringSave, PreviousCheckpointAlwaysLoads) {
  const std::string path = temp_path("model.aelab");
  const std::string dir = path.substr(0, path.rfind('/'));
  const std::string temp_prefix = path.substr(path.rfind('/') + 1) + ".tmp-";
  const Checkpoint a = make_checkpoint(1, 0.25f), b = make_checkpoint(2, 0.75f);
  std::string err;
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_TRUE(save_checkpoint(path, a, &err)) << err;
  const double save_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  Rng rng(7);
  int kills_mid_save = 0, temps = 0;
  for (int iter = 0; iter < 100; ++iter) {
    int pipe_fd[2];
    ASSERT_EQ(pipe(pipe_fd), 0);
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      close(pipe_fd[0]);
      std::string child_err;
      for (int k = 0;; ++k) {
        if (!save_checkpoint(path, k % 2 ? a : b, &child_err)) _exit(3);
        if (write(pipe_fd[1], "s", 1) != 1) _exit(4);
      }
    }
    close(pipe_fd[1]);
    // Anywhere from before the first save starts to the middle of the third.
    const double delay = rng.uniform(0.0f, 2.5f) * save_s;
    std::this_thread::sleep_for(std::chrono::duration<double>(delay));
    ASSERT_EQ(kill(pid, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the saving child failed on its own, status " << status;
    char buf[4096];
    ssize_t completed = 0, got;
    while ((got = read(pipe_fd[0], buf, sizeof buf)) > 0) completed += got;
    close(pipe_fd[0]);

    Checkpoint back;
    ASSERT_TRUE(load_checkpoint(path, &back, &err)) << "after kill " << iter << ": " << err;
    ASSERT_TRUE(back.steps == 1 || back.steps == 2);
    EXPECT_EQ(back.params, back.steps == 1 ? a.params : b.params);
    // A completed save removes the temps of dead processes, so at most the killed child's own
    // remains; before any completed save the dead children's temps may add up.
    const int now = count_temps(dir, temp_prefix);
    kills_mid_save += now > 0 && (completed > 0 || now > temps);
    ASSERT_LE(now, completed > 0 ? 1 : temps + 1) << "after kill " << iter;
    temps = now;
  }
  // The test means something only if many kills really interrupted a save.
  EXPECT_GE(kills_mid_save, 10);
  // One clean save tidies up everything the killed processes left.
  ASSERT_TRUE(save_checkpoint(path, a, &err)) << err;
  EXPECT_EQ(count_temps(dir, temp_prefix), 0);
  std::printf("save takes %.1f ms; %d of 100 kills left a partial temp file\n", save_s * 1e3, kills_mid_save);
}

}  // namespace
}  // namespace aelab
