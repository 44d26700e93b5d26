// The explore views in one page load. While the seed model trains: each tab in turn, with the
// app's main-thread time per frame, the share of the canvas a frame redraws and the page's
// frame rate recorded per view. Then, with training stopped (so only the interaction changes
// what is checked): one interaction and a screenshot per view - a click on the latent map
// decodes that point (map and digit checked in the page's pixels), a slider drag changes the
// decoded image, slerp changes the interpolation, the decoder directions replace the filters,
// the noise level changes the noisy MSE, a drawn digit lands on the anomaly histogram, and the
// comparison trains two models. Exports: a view as PNG, the codes as CSV.
import fs from 'node:fs';
import path from 'node:path';
import {runTest, launch, openApp, click, clickAt, dragAcross, drawStroke, waitFor, status, check, checkPartialRedraw, frameRateOver, repo,
        canvasImage, meanRedrawn, MAX_REDRAWN_WHILE_TRAINING} from './harness.mjs';
import {FLOORS, checkRegion} from '../pixels.mjs';

const VIEWS = ['latent', 'sliders', 'interpolation', 'filters', 'denoising', 'anomaly', 'compare'];
// Frames per second while training, in every view. Measured with other compiles running (load
// average 7): 17.7-42 (two runs); at load 12-14: 6.5-52; with every frame redrawn whole (load
// 10): 5.1-30.6. 36-56 on a quiet machine (README).
const MIN_FPS = 12;

// A click can fall between two slow frames of a busy page: then click again.
async function openView(page, view) {
  for (let attempt = 0; ; attempt++) {
    await click(page, `tab_${view}`);
    try {
      return await waitFor(page, `the ${view} tab`, (s) => s.explore.view === view, 2000);
    } catch (e) {
      if (attempt === 2) throw e;
    }
  }
}

async function download(page, widget) {
  const [d] = await Promise.all([page.waitForEvent('download', {timeout: 10000}), click(page, widget)]);
  const file = await d.path();
  return {name: d.suggestedFilename(), bytes: fs.readFileSync(file)};
}

runTest('explore', async ({url, shot}) => {
  const {context, close} = await launch();
  try {
    const {page, errors} = await openApp(context, url);
    // 1000 epochs (the most the field takes, typed into it), so that training outlasts the
    // timing below: a quiet machine trains 200 in about a minute, less than the timing takes.
    await clickAt(page, 'epochs', 0.15, 0.5);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('1000');
    await page.keyboard.press('Enter');
    await waitFor(page, '1000 epochs', (st) => st.explore.epochs_setting === 1000, 5000);
    for (let attempt = 0; (await status(page)).state !== 'training'; attempt++) {
      check(attempt < 3, 'Start did not start training');
      await click(page, 'start');  // a click can fall between two slow frames of a busy page
      await page.waitForTimeout(1000);
    }
    await openView(page, 'latent');
    await waitFor(page, 'the first analysis', (s) => s.explore.analysed > 0 && s.state === 'training', 30000);

    // ---- frame times per view while training
    const timing = {};
    // The page's first frames (start-up) are not a view's cost: Training is timed last.
    const timeView = async (view) => {
      const a = await status(page), t0 = Date.now();
      await page.waitForTimeout(1500);
      const b = await status(page);
      check(b.frame > a.frame, `${view}: the page stopped drawing while training`);
      check(b.state === 'training', `${view}: training ended during the timing (${b.state})`);
      return {app_frame_ms_mean: +b.explore.view_ms_mean.toFixed(2), app_frame_ms_max: +b.explore.view_ms_max.toFixed(2),
              frames: b.explore.view_frames, fps: +(((b.frame - a.frame) * 1000) / (Date.now() - t0)).toFixed(1),
              redraw_fraction: +b.redraw_fraction.toFixed(3), redrawn: +meanRedrawn(a, b).toFixed(3)};
    };
    for (const view of [...VIEWS, 'training']) {
      await openView(page, view === 'training' ? 'latent' : 'training');
      await openView(page, view);
      timing[view] = await timeView(view);
      // A burst from another process can stall a 1.5 s window (a fresh-clone run measured the
      // Training view at 7.6 fps beside another job, 44 fps alone): a view below the floor gets a
      // second window and keeps the faster. A lost partial redraw fails both, and the redrawn
      // share below is checked on the window kept.
      if (timing[view].fps < MIN_FPS) {
        const again = await timeView(view);
        if (again.fps > timing[view].fps) timing[view] = {...again, first_fps: timing[view].fps};
      }
      // While training, frames redraw part of the canvas: each must match the frame drawn whole.
      timing[view].checked_fraction = +(await checkPartialRedraw(page, `${view} while training`)).toFixed(3);
    }
    console.log(JSON.stringify({timing_while_training: timing}));
    const out = process.env.AELAB_SCREENSHOT_DIR || path.join(repo, 'build', 'wasm', 'screenshots');
    fs.writeFileSync(path.join(out, 'browser-explore-timing.json'), JSON.stringify(timing, null, 1) + '\n');
    for (const [view, t] of Object.entries(timing)) {
      check(t.app_frame_ms_mean < 33, `${view}: app_frame takes ${t.app_frame_ms_mean} ms while training`);
      check(t.redrawn <= MAX_REDRAWN_WHILE_TRAINING, `${view}: frames redraw ${(100 * t.redrawn).toFixed(0)} % of the canvas while training`);
      check(t.fps >= MIN_FPS, `${view}: ${t.fps} fps while training (floor ${MIN_FPS})`);
    }
    check(Object.values(timing).some((t) => t.checked_fraction < 1), 'no checked frame was a partial redraw');
    await click(page, 'stop');
    await waitFor(page, 'training to stop', (s) => s.state !== 'training', 10000);
    // The analysis of the final weights (made while an explore tab is open).
    await openView(page, 'latent');
    const stopped = await status(page);
    await waitFor(page, 'the final analysis', (s) => s.explore.analysed === s.explore.revision, 15000);
    console.log(`analysis of the test set took ${stopped.explore.analysis_s} s on the worker`);

    // ---- latent map: a click decodes the point under the mouse
    await openView(page, 'latent');
    await clickAt(page, 'latent_plot', 0.3, 0.4);
    let s = await waitFor(page, 'a decoded point', (st) => st.explore.latent_decoded_sum > 0, 5000);
    const first = s.explore;
    await clickAt(page, 'latent_plot', 0.75, 0.7);
    s = await waitFor(page, 'another decoded point', (st) => st.explore.latent_x !== first.latent_x, 5000);
    check(s.explore.latent_decoded_sum !== first.latent_decoded_sum, 'a different point decoded to the same image');
    check(s.explore.latent_points > 1000, `only ${s.explore.latent_points} points on the map`);
    await checkPartialRedraw(page, 'latent map after a click');
    // What the page shows: the map's points (drawn by ImGui) and the decoded digit (colormapped).
    s = await status(page);
    const map = await canvasImage(page);
    console.log(JSON.stringify({pixels_latent_plot: checkRegion(map, 'latent_plot', s.widgets.latent_plot, FLOORS.plot),
                                pixels_latent_decoded: checkRegion(map, 'latent_decoded', s.widgets.latent_decoded)}));
    await shot(page, '-latent');
    // Exports: this view as PNG (the view window's size), the codes as CSV.
    const png = await download(page, 'export_png');
    check(png.bytes.subarray(1, 4).toString('latin1') === 'PNG', `the PNG export is not a PNG (${png.name})`);
    const [pw, ph] = [png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)];
    check(pw === 560 && ph === 748, `the PNG export is ${pw}x${ph}, not the view's 560x748`);
    const csv = await download(page, 'export_csv');
    const lines = csv.bytes.toString('utf8').trim().split('\n');
    check(lines[0].startsWith('index,label,z0,z1') && lines.length === s.explore.latent_points + 1,
          `the CSV export has ${lines.length} lines starting ${lines[0].slice(0, 40)}`);
    console.log(JSON.stringify({png: png.name, png_bytes: png.bytes.length, csv: csv.name, csv_lines: lines.length}));

    // ---- code sliders: dragging z0 changes the decoded image
    await openView(page, 'sliders');
    s = await waitFor(page, 'the sliders', (st) => st.explore.slider_decoded_sum > 0, 5000);
    const before = s.explore;
    await dragAcross(page, 'slider_0', 0.1, 0.95);
    s = await waitFor(page, 'the slider to move', (st) => st.explore.slider_0 !== before.slider_0, 5000);
    check(s.explore.slider_decoded_sum !== before.slider_decoded_sum, 'moving z0 did not change the decoded image');
    await checkPartialRedraw(page, 'sliders after a drag');
    await shot(page, '-sliders');

    // ---- interpolation: slerp instead of the straight line changes the path
    await openView(page, 'interpolation');
    s = await waitFor(page, 'the interpolation', (st) => st.explore.interp_sum > 0, 5000);
    const linear = s.explore;
    check(linear.interp_spherical === 0, 'the seed model should start with linear interpolation');
    await click(page, 'interp_spherical');
    s = await waitFor(page, 'slerp', (st) => st.explore.interp_spherical === 1, 5000);
    check(s.explore.interp_mid_sum !== linear.interp_mid_sum, 'slerp gave the same midpoint as the straight line');
    await shot(page, '-interpolation');

    // ---- filters: one 28x28 filter per unit, then the decoder directions
    await openView(page, 'filters');
    s = await waitFor(page, 'the filters', (st) => st.explore.filters_shown > 0, 5000);
    check(s.explore.filters_count === 32 && s.explore.filters_tile_rows === 28, `filters: ${JSON.stringify(s.explore)}`);
    await click(page, 'filters_decoder');
    s = await waitFor(page, 'the decoder directions', (st) => st.explore.filters_kind === 1, 5000);
    check(s.explore.filters_shown === 32, `${s.explore.filters_shown} decoder directions shown`);
    await shot(page, '-filters');

    // ---- denoising lab: more noise, a larger noisy MSE
    await openView(page, 'denoising');
    s = await waitFor(page, 'the denoising rows', (st) => st.explore.denoise_columns >= 10, 5000);
    const low = s.explore;
    await dragAcross(page, 'denoise_level', 0.3, 0.8);
    s = await waitFor(page, 'a higher noise level', (st) => st.explore.denoise_level > low.denoise_level + 0.2, 5000);
    check(s.explore.denoise_noisy_mse > low.denoise_noisy_mse, 'more noise did not raise the noisy MSE');
    await shot(page, '-denoising');

    // ---- anomaly: a drawn digit is placed on the histogram of test errors
    await openView(page, 'anomaly');
    s = await waitFor(page, 'the histogram', (st) => st.explore.anomaly_count > 1000, 5000);
    check(s.explore.anomaly_drawn_error < 0, 'a drawing error before anything was drawn');
    await drawStroke(page, [[7, 6], [20, 6], [13, 23]]);
    s = await waitFor(page, 'the drawing on the histogram', (st) => st.explore.anomaly_drawn_error > 0, 5000);
    const pct = s.explore.anomaly_drawn_percentile;
    check(pct >= 0 && pct <= 100, `percentile ${pct}`);
    console.log(JSON.stringify({drawn_error: s.explore.anomaly_drawn_error, percentile: pct}));
    await shot(page, '-anomaly');

    // ---- compare runs: conv-strided against conv-upsample, both training, frame time measured
    await openView(page, 'compare');
    await click(page, 'compare_start');
    await waitFor(page, 'both runs training', (st) => st.explore.compare_running === 1, 10000).catch(async (e) => {
      const st = await status(page);
      await shot(page, '-compare-failed');
      throw new Error(`${e.message}\nmessage: ${st.message}\nexplore: ${JSON.stringify(st.explore)}`);
    });
    // Frames over a fixed 1 s from the start of both runs (3 epochs each: a few seconds).
    const {fps: compareFps, end} = await frameRateOver(page, 1000);
    const compareTiming = {app_frame_ms_mean: +end.explore.view_ms_mean.toFixed(2), app_frame_ms_max: +end.explore.view_ms_max.toFixed(2),
                           fps: +compareFps.toFixed(1), still_training: end.explore.compare_running === 1};
    s = await waitFor(page, 'both loss curves and reconstructions',
                      (st) => st.explore.compare_a_points >= 5 && st.explore.compare_b_points >= 5 &&
                              st.explore.compare_a_recon_sum > 0 && st.explore.compare_b_recon_sum > 0, 60000);
    console.log(JSON.stringify({compare_while_training_both: compareTiming}));
    check(compareTiming.app_frame_ms_mean < 33, `compare: app_frame takes ${compareTiming.app_frame_ms_mean} ms`);
    check(s.explore.compare_a_recon_sum !== s.explore.compare_b_recon_sum, 'the two runs reconstruct identically');
    await shot(page, '-compare');
    await click(page, 'compare_stop');
    await waitFor(page, 'the runs to stop', (st) => st.explore.compare_running === 0, 10000);
    check(errors.length === 0, `console errors: ${errors.join(' | ')}`);
  } finally {
    await close();
  }
});
