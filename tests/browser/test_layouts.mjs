// The page resized while the seed model trains, through the three layouts at devicePixelRatio 1:
// wide (1280x800), medium (1000x700), narrow (390x844, the Figures page), and back to wide. At
// each: the app's layout mode follows the window, training goes on (the loss curve grows), the
// frame-rate floor of browser_train holds (>= 10 fps, <= 0.9 of the canvas redrawn per frame
// on average over a fixed 2 s), and a partially redrawn frame equals the same frame drawn whole.
import {runTest, launch, openApp, click, waitFor, status, check, frameRateOver, checkPartialRedraw,
  MAX_REDRAWN_WHILE_TRAINING} from './harness.mjs';

const MIN_FPS = 10;
const SIZES = [
  {width: 1280, height: 800, layout: 'wide'},
  {width: 1000, height: 700, layout: 'medium'},
  {width: 390, height: 844, layout: 'narrow', page: 'page_figures'},
  {width: 1280, height: 800, layout: 'wide'},
];

runTest('layouts', async ({url}) => {
  const {context, close} = await launch();
  try {
    const {page, errors} = await openApp(context, `${url}#epochs=100`);
    await click(page, 'start');
    await waitFor(page, 'training', (s) => s.state === 'training' && s.train_loss.length > 0, 20000);
    const results = [];
    for (const size of SIZES) {
      const before = await status(page);
      await page.setViewportSize({width: size.width, height: size.height});
      const s = await waitFor(page, `the ${size.layout} layout`, (st) => st.display[0] === size.width &&
                              st.display[1] === size.height && st.layout === size.layout, 5000);
      if (size.page) await click(page, size.page);
      const canvas = await page.evaluate(() => [document.getElementById('canvas').width, document.getElementById('canvas').height]);
      check(canvas[0] === size.width && canvas[1] === size.height, `backing store ${canvas} in a ${size.width}x${size.height} window`);
      const {fps, redrawn, end} = await frameRateOver(page, 2000);
      const checked = await checkPartialRedraw(page, `the ${size.layout} layout`);
      results.push({size: `${size.width}x${size.height}`, layout: s.layout, fps, redrawn, checked, frame_ms: end.frame_ms,
                    loss_points: [before.train_loss.length, end.train_loss.length]});
      check(end.state === 'training', `training stopped in the ${size.layout} layout (state ${end.state})`);
      check(end.train_loss.length > before.train_loss.length, `the loss curve did not grow across the resize to ${size.layout}`);
      check(fps >= MIN_FPS, `UI at ${fps.toFixed(1)} fps while training in the ${size.layout} layout (floor ${MIN_FPS})`);
      check(redrawn <= MAX_REDRAWN_WHILE_TRAINING, `frames redraw ${(100 * redrawn).toFixed(0)} % of the canvas (${size.layout})`);
    }
    console.log(JSON.stringify(results));
    const last = await status(page);
    check(last.layout_changes === SIZES.length - 1, `${last.layout_changes} layout changes, not ${SIZES.length - 1}`);
    await click(page, 'stop');
    check(errors.length === 0, `console errors: ${errors.join(' | ')}`);
  } finally {
    await close();
  }
});
