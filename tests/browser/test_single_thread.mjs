// The page served without COOP/COEP (web/serve.mjs --no-isolation, as a static host that cannot
// set headers): not cross-origin isolated, so web/app.js loads the single-threaded build and
// says so on the page. Training from the Start button makes the loss fall while frames keep
// coming (the trainer runs ~12 ms a frame on the page's thread). Then the same 1-epoch run,
// replayed from a run link at threads=1, gives the same curves as the threaded build does on
// a cross-origin isolated page.
import {runTest, launch, openApp, click, waitFor, status, check, startServer, webRoot, frameRateOver,
        MAX_REDRAWN_WHILE_TRAINING} from './harness.mjs';

// Frames per second while training. Measured with other compiles running: 19.1-32.6 (load
// average 7), 12.6-15.9 (load 9-12); 43 on a quiet machine. This build trains ~12 ms per frame
// on the page's thread, which sets its rate: with every frame redrawn whole it still gave 20.7,
// so here the redrawn share, not the rate, is what tells a lost partial redraw.
const MIN_FPS = 10;

// A run link's fragment, replayed to the end: its loss curves as the status reports them.
async function replay(context, url) {
  const {page, errors} = await openApp(context, `${url}#epochs=1&threads=1&replay=1`);
  const s = await waitFor(page, 'the replayed epoch', (st) => st.state === 'finished', 90000);
  await page.close();
  check(errors.length === 0, `console errors: ${errors.join(' | ')}`);
  return s;
}

runTest('single_thread', async ({url, shot}) => {
  const {context, close} = await launch();
  try {
    const {page, errors} = await openApp(context, `${url}#epochs=100`);
    const isolated = await page.evaluate(() => self.crossOriginIsolated);
    check(isolated === false, 'the page is cross-origin isolated without COOP/COEP');
    const variant = await page.evaluate(() => aelabVariant);
    const line = await page.locator('#variant').textContent();
    const s0 = await status(page);
    console.log(JSON.stringify({variant, line, status_variant: s0.variant}));
    check(variant.name === 'single-threaded' && variant.script === 'aelab-app-st.js', `page chose ${variant.name}`);
    check(s0.variant === 'single-threaded', `the running build says it is ${s0.variant}`);
    check(await page.locator('#variant').isVisible() && line.startsWith('single-threaded build') &&
          line.includes('not cross-origin isolated'), `the page does not say which build runs: "${line}"`);

    await click(page, 'start');
    await waitFor(page, 'training to start', (s) => s.state === 'training', 10000);
    await waitFor(page, 'a few loss points', (s) => s.train_loss.length >= 3, 20000);
    // Frames over a fixed 2 s of training (the 100 epochs outlast it).
    const {fps, redrawn, end: w} = await frameRateOver(page, 2000);
    check(w.state === 'training', `training ended within the 2 s frame-rate window (state ${w.state})`);
    const s = await waitFor(page, 'two test-loss points', (st) => st.test_loss.length >= 2, 90000);
    const tr = s.train_loss, te = s.test_loss;
    console.log(JSON.stringify({fps_while_training: fps, redrawn_while_training: redrawn, frame_ms: s.frame_ms, samples_per_s: s.samples_per_s,
                                train_first: tr[0], train_last: tr[tr.length - 1], test: te}));
    check(tr[tr.length - 1] < tr[0] * 0.6, `train loss did not fall: ${tr[0]} -> ${tr[tr.length - 1]}`);
    check(te[1] < te[0], `test loss did not fall: ${te}`);
    check(redrawn <= MAX_REDRAWN_WHILE_TRAINING, `frames redraw ${(100 * redrawn).toFixed(0)} % of the canvas while training`);
    check(fps >= MIN_FPS, `UI at ${fps.toFixed(1)} fps while training (floor ${MIN_FPS})`);
    await shot(page);
    await click(page, 'stop');
    await waitFor(page, 'training to stop', (st) => st.state !== 'training', 10000);
    check(errors.length === 0, `console errors: ${errors.join(' | ')}`);
    await page.close();

    // The same run on both builds: equal curves, bit for bit (the status prints 9 significant
    // digits; same_run_five does this for every model, against the CLIs and the desktop too).
    const single = await replay(context, url);
    const threadedServer = await startServer(webRoot());
    let threaded;
    try {
      threaded = await replay(context, threadedServer.url);
    } finally {
      threadedServer.stop();
    }
    console.log(JSON.stringify({single_samples_per_s: single.samples_per_s, threaded_samples_per_s: threaded.samples_per_s,
                                single_test: single.test_loss, threaded_test: threaded.test_loss,
                                variants: [single.variant, threaded.variant]}));
    check(single.variant === 'single-threaded' && threaded.variant === 'threaded', 'the replays ran on the wrong builds');
    check(single.train_loss.length > 10 && JSON.stringify(single.train_loss) === JSON.stringify(threaded.train_loss),
          'train curves differ between the builds');
    check(single.test_loss.length === 1 && JSON.stringify(single.test_loss) === JSON.stringify(threaded.test_loss),
          `test MSE differs: ${single.test_loss} vs ${threaded.test_loss}`);
  } finally {
    await close();
  }
}, {isolation: false});
