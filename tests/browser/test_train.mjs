// Training starts from the UI (a real click on Start), the loss falls, and the UI keeps
// drawing while the trainer thread works: its main-thread time per frame (app_frame, smoothed)
// stays under 33 ms, so it never waits for the trainer; frames redraw only what changed (a
// small share of the canvas), and the page keeps a frame rate only partial redraws allow.
// Headless Chromium rasterises WebGL on the CPU (SwiftShader), next to the trainer on a 2-core
// box: what a busy CI machine leaves it sets the rate. Both rates are printed.
import {runTest, launch, openApp, click, waitFor, status, check, frameRateOver, MAX_REDRAWN_WHILE_TRAINING} from './harness.mjs';

// Frames per second while training. Measured on the shared 2-core machine with other compiles
// running (load average 5-12): 10.3-39.9 over 8 runs, two of them below 12; every frame redrawn
// whole: 7.3 (idle 10.9); 55 on a quiet machine (README). The ranges overlap, so the rate
// cannot tell a lost partial redraw here (the redrawn share does): the floor says the page
// keeps drawing.
const MIN_FPS = 10;

runTest('train', async ({url, shot}) => {
  const {context, close} = await launch();
  try {
    // 100 epochs: a quiet machine trains the built-in set's 10-epoch default in about 3 s,
    // shorter than the windows below. The test stops training itself.
    const {page, errors} = await openApp(context, `${url}#epochs=100`);
    await page.waitForTimeout(1000);
    const {fps: idleFps, end: idle} = await frameRateOver(page, 2000);
    check(idle.variant === 'threaded', `the ${idle.variant} build runs on a cross-origin isolated page`);
    await click(page, 'start');
    await waitFor(page, 'training to start', (s) => s.state === 'training', 10000);
    // Pause holds the trainer (no new loss points), Resume continues it.
    await click(page, 'pause');
    // The trainer publishes its paused state (with every loss point so far) once it holds.
    const p = await waitFor(page, 'the pause', (st) => st.trainer === 'paused', 5000);
    await page.waitForTimeout(700);
    const held = await status(page);
    check(held.train_loss.length === p.train_loss.length, 'training went on while paused');
    await click(page, 'resume');
    await waitFor(page, 'training to resume', (st) => st.state === 'training' && st.train_loss.length > held.train_loss.length + 2, 10000);
    // Frames over a fixed 2 s of training; a window ending at some loss point would be as
    // short as a fast machine makes it (0.3 s here, too short for a frame on a busy CI box).
    const {fps, redrawn, end: w} = await frameRateOver(page, 2000);
    check(w.state === 'training', `training ended within the 2 s frame-rate window (state ${w.state})`);
    const s = await waitFor(page, 'two test-loss points', (st) => st.test_loss.length >= 2, 50000);
    const tr = s.train_loss, te = s.test_loss;
    console.log(JSON.stringify({fps_idle: idleFps, fps_while_training: fps, redrawn_while_training: redrawn, frame_ms: s.frame_ms,
                                samples_per_s: s.samples_per_s, train_first: tr[0],
                                train_last: tr[tr.length - 1], test: te}));
    check(tr[tr.length - 1] < tr[0] * 0.6, `train loss did not fall: ${tr[0]} -> ${tr[tr.length - 1]}`);
    check(te[1] < te[0], `test loss did not fall: ${te}`);
    check(s.frame_ms < 33, `app_frame takes ${s.frame_ms} ms while training`);
    check(redrawn <= MAX_REDRAWN_WHILE_TRAINING, `frames redraw ${(100 * redrawn).toFixed(0)} % of the canvas while training`);
    check(fps >= MIN_FPS, `UI at ${fps.toFixed(1)} fps while training (floor ${MIN_FPS}), ${idleFps.toFixed(1)} idle`);
    await shot(page);
    await click(page, 'stop');
    await waitFor(page, 'training to stop', (st) => st.state !== 'training', 10000);
    check(errors.length === 0, `console errors: ${errors.join(' | ')}`);
  } finally {
    await close();
  }
});
