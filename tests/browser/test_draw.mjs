// A digit drawn with mouse events gets a reconstruction (after a little training, so the
// reconstruction means something) and its code; then Clear empties the pad.
import {runTest, launch, openApp, click, drawStroke, waitFor, status, check} from './harness.mjs';

runTest('draw', async ({url, shot}) => {
  const {context, close} = await launch();
  try {
    const {page, errors} = await openApp(context, url);
    await click(page, 'start');
    await waitFor(page, 'one epoch', (s) => s.test_loss.length >= 1, 40000);
    await click(page, 'stop');
    await waitFor(page, 'training to stop', (s) => s.state !== 'training', 10000);
    const before = await status(page);
    // A "7": the top bar, then the diagonal.
    await drawStroke(page, [[7, 6], [20, 6], [13, 23]]);
    const s = await waitFor(page, 'a reconstruction of the drawing', (st) => st.pad_ink > 10 && st.pad_recon_sum > 5, 5000);
    check(s.pad_recon_sum !== before.pad_recon_sum, 'the reconstruction did not change after drawing');
    console.log(JSON.stringify({pad_ink: s.pad_ink, pad_recon_sum: s.pad_recon_sum}));
    await click(page, 'code_heatmap');
    await page.waitForTimeout(300);
    await shot(page);
    await click(page, 'clear');
    await waitFor(page, 'an empty pad', (st) => st.pad_ink === 0, 5000);
    check(errors.length === 0, `console errors: ${errors.join(' | ')}`);
  } finally {
    await close();
  }
});
