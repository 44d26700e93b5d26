// A digit drawn with mouse events gets a reconstruction (after a little training, so the
// reconstruction means something) and its code; then Clear empties the pad. The page's pixels
// are checked (../pixels.mjs): the figure's reconstructions, the pad, the pad's reconstruction
// and the code (bars, then heat map) are not flat, and a drawn 1 and a drawn 0 reconstruct to
// different pixels. With --broken-shader (browser_pixels_broken_shader) the page draws every
// image black (?test_broken_shader=1): every check of a colormapped image must then fail.
import {runTest, launch, openApp, click, drawStroke, waitFor, status, check, canvasImage} from './harness.mjs';
import {FLOORS, PixelCheckError, checkRegion, checkDifferent} from '../pixels.mjs';

const broken = process.argv.includes('--broken-shader');
// Pad coordinates (0..28): a vertical bar, and a closed loop.
const ONE = [[14, 4], [14, 24]];
const ZERO = [[14, 4], [9, 7], [7, 14], [9, 21], [14, 24], [19, 21], [21, 14], [19, 7], [14, 4]];

// One pixel check. `shaded`: it looks at what the colormap shader drew, so with the broken
// shader it must fail (a checker that passes a black image checks nothing); the others must
// pass either way.
const failedAsExpected = [];
function pixels(what, shaded, run) {
  const mustFail = broken && shaded;
  let result;
  try {
    result = run();
  } catch (e) {
    if (!(mustFail && e instanceof PixelCheckError)) throw e;
    console.log(`pixel check failed, as it must with the broken shader: ${e.message}`);
    failedAsExpected.push(what);
    return;
  }
  check(!mustFail, `${what}: the pixel check passed although the page draws every image black (${JSON.stringify(result)})`);
  console.log(`pixels of ${what}: ${JSON.stringify(result)}`);
}

runTest(broken ? 'pixels_broken_shader' : 'draw', async ({url, shot}) => {
  const {context, close} = await launch();
  try {
    const {page, errors} = await openApp(context, broken ? `${url}?test_broken_shader=1` : url);
    await click(page, 'start');
    await waitFor(page, 'one epoch', (s) => s.test_loss.length >= 1, 40000);
    await click(page, 'stop');
    await waitFor(page, 'training to stop', (s) => s.state !== 'training', 10000);
    const before = await status(page);

    await drawStroke(page, ONE);
    const one = await waitFor(page, 'a reconstruction of the 1', (st) => st.pad_ink > 10 && st.pad_recon_sum > 5, 5000);
    check(one.pad_recon_sum !== before.pad_recon_sum, 'the reconstruction did not change after drawing');
    const w = one.widgets, oneImage = await canvasImage(page);
    for (let k = 0; k < 10; k++) {
      pixels(`figure reconstruction ${k}`, true, () => checkRegion(oneImage, `figure_recon_${k}`, w[`figure_recon_${k}`]));
    }
    pixels('the pad (a 1)', true, () => checkRegion(oneImage, 'pad', w.pad));
    pixels('the reconstruction of the 1', true, () => checkRegion(oneImage, 'pad_recon', w.pad_recon));
    pixels('the code as bars', false, () => checkRegion(oneImage, 'code_view', w.code_view, FLOORS.plot));

    await click(page, 'clear');
    await waitFor(page, 'an empty pad', (st) => st.pad_ink === 0, 5000);
    await drawStroke(page, ZERO);
    const zero = await waitFor(page, 'a reconstruction of the 0', (st) => st.pad_ink > 10 && st.pad_recon_sum !== one.pad_recon_sum, 5000);
    const zeroImage = await canvasImage(page);
    pixels('the reconstruction of the 0', true, () => checkRegion(zeroImage, 'pad_recon', zero.widgets.pad_recon));
    pixels('the reconstructions of the 1 and the 0', true,
           () => checkDifferent('pad_recon', oneImage, w.pad_recon, zeroImage, zero.widgets.pad_recon));
    console.log(JSON.stringify({pad_ink: zero.pad_ink, pad_recon_sum: [one.pad_recon_sum, zero.pad_recon_sum]}));

    await click(page, 'code_heatmap');
    const bars = JSON.stringify(w.code_view);
    const heat = await waitFor(page, 'the heat map', (st) => JSON.stringify(st.widgets.code_view) !== bars, 5000);
    await page.waitForTimeout(100);
    const heatImage = await canvasImage(page);
    pixels('the code as a heat map', true, () => checkRegion(heatImage, 'code_view', heat.widgets.code_view));
    await shot(page);
    await click(page, 'clear');
    await waitFor(page, 'an empty pad', (st) => st.pad_ink === 0, 5000);
    if (broken) {
      check(failedAsExpected.length === 15, `only ${failedAsExpected.length} of 15 checks failed: ${failedAsExpected}`);
    }
    check(errors.length === 0, `console errors: ${errors.join(' | ')}`);
  } finally {
    await close();
  }
});
