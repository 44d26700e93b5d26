// Training starts from the UI (a real click on Start), the loss falls, and the UI keeps
// drawing at 30+ frames per second while the trainer thread works.
import {runTest, launch, openApp, click, waitFor, status, check} from './harness.mjs';

runTest('train', async ({url, shot}) => {
  const {context, close} = await launch();
  try {
    const {page, errors} = await openApp(context, url);
    await click(page, 'start');
    await waitFor(page, 'training to start', (s) => s.state === 'training', 10000);
    const f0 = (await status(page)).frame, t0 = Date.now();
    const s = await waitFor(page, 'two test-loss points', (st) => st.test_loss.length >= 2, 50000);
    const fps = ((s.frame - f0) * 1000) / (Date.now() - t0);
    const tr = s.train_loss, te = s.test_loss;
    console.log(JSON.stringify({fps_while_training: fps, samples_per_s: s.samples_per_s, train_first: tr[0],
                                train_last: tr[tr.length - 1], test: te}));
    check(tr[tr.length - 1] < tr[0] * 0.6, `train loss did not fall: ${tr[0]} -> ${tr[tr.length - 1]}`);
    check(te[1] < te[0], `test loss did not fall: ${te}`);
    check(fps >= 30, `UI at ${fps.toFixed(1)} fps while training`);
    await shot(page);
    await click(page, 'stop');
    await waitFor(page, 'training to stop', (st) => st.state !== 'training', 10000);
    check(errors.length === 0, `console errors: ${errors.join(' | ')}`);
  } finally {
    await close();
  }
});
