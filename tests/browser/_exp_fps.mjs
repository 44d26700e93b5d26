import {runTest, launch, openApp, frameRateOver, status, click, waitFor} from './harness.mjs';
runTest('exp', async ({url, shot}) => {
  const {context, close} = await launch();
  try {
    const {page} = await openApp(context, `${url}#epochs=100`);
    await page.waitForTimeout(1500);
    const a = await frameRateOver(page, 3000);
    console.log(JSON.stringify(await page.evaluate(() => document.getElementById('canvas').getContext('webgl2').getContextAttributes())));
    console.log('idle', a.fps.toFixed(1), a.end.frame_ms, a.end.redraw_fraction);
    await click(page, 'start');
    await waitFor(page, 'training', (s) => s.state === 'training', 10000);
    await page.waitForTimeout(1000);
    const b = await frameRateOver(page, 3000);
    console.log('training', b.fps.toFixed(1), b.end.frame_ms, b.end.redraw_fraction, b.end.samples_per_s);
    await shot(page);
  } finally { await close(); }
});
