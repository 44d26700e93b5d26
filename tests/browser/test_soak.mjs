// A 50-epoch soak of the seed model (linear, built-in digits) in the page: the wasm heap must
// not grow. After the first epoch (buffers, snapshot copies and the worker's stacks are all
// allocated by then) the bytes malloc has handed out may only grow by the loss curves, a few
// kB, and the heap itself (its size in the wasm memory) not at all.
import {runTest, launch, openApp, click, waitFor, status, check} from './harness.mjs';

runTest('soak', async ({url, shot}) => {
  const {context, close} = await launch();
  try {
    const {page, errors} = await openApp(context, url);
    // Epochs: 50 (ImGui's number field selects its text on click, so typing replaces it).
    await click(page, 'epochs');
    await page.keyboard.type('50');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(200);
    await click(page, 'start');
    await waitFor(page, 'training', (s) => s.state === 'training', 10000);
    const first = await waitFor(page, 'the first epoch', (s) => s.test_loss.length >= 1, 120000);
    check(first.epochs_asked === 50, `the run asks for ${first.epochs_asked} epochs, not 50`);
    const t0 = Date.now();
    const samples = [];
    const end = await waitFor(page, '50 epochs', (s) => {
      if (samples.length === 0 || s.test_loss.length > samples[samples.length - 1].epochs)
        samples.push({epochs: s.test_loss.length, heap_size: s.heap_size, heap_used: s.heap_used});
      return s.state === 'finished';
    }, 900000);
    const last = await status(page);
    console.log(JSON.stringify({seconds_after_epoch_1: (Date.now() - t0) / 1000, first: {heap_size: first.heap_size, heap_used: first.heap_used},
                                last: {heap_size: last.heap_size, heap_used: last.heap_used}, test_mse: end.test_loss.slice(-1)[0],
                                samples_per_s: end.samples_per_s}));
    check(end.test_loss.length === 50, `${end.test_loss.length} epochs ran, not 50`);
    check(last.heap_size === first.heap_size, `the wasm heap grew: ${first.heap_size} -> ${last.heap_size} bytes`);
    // The curves (50 test points, ~10 train points a second, in three copies) are what may grow.
    const allowed = 64 * 1024 + 3 * 8 * (end.train_loss.length + 50);
    check(last.heap_used - first.heap_used <= allowed,
          `malloc'd bytes grew by ${last.heap_used - first.heap_used} (allowed ${allowed}) over 49 epochs`);
    check(errors.length === 0, `console errors: ${errors.join(' | ')}`);
    await shot(page);
  } finally {
    await close();
  }
});
