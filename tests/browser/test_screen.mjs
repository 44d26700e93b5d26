// The page on two screens: a 1440x900 laptop at devicePixelRatio 2 (mouse) and a 390x844 phone
// at devicePixelRatio 3 (isMobile, touch). On each: the canvas's backing store is its CSS size
// x devicePixelRatio, the page does not scroll sideways, the layout is the one for the screen
// (wide, narrow), a digit drawn gets a reconstruction and a code, Start and Pause work, and
// the ARIA live region says what the training does. The phone is driven by real touch events
// (CDP Input.dispatchTouchEvent), the laptop by the mouse. The phone's pad is at least 280 CSS pixels wide and its buttons at
// least 40 tall. --screens laptop|phone runs one. A screenshot of each page at its device
// pixels goes to the screenshot directory (the README's).
import {runTest, launch, openApp, click, drawStroke, tap, touchPath, touchStroke, waitFor, status, check, frameRateOver}
  from './harness.mjs';
import fs from 'node:fs';
import path from 'node:path';

const SCREENS = {
  laptop: {device: {viewport: {width: 1440, height: 900}, deviceScaleFactor: 2}, layout: 'wide'},
  phone: {device: {viewport: {width: 390, height: 844}, deviceScaleFactor: 3, isMobile: true, hasTouch: true},
          layout: 'narrow', touch: true},
};
const SEVEN = [[7, 6], [20, 6], [13, 23]];
const live = (page) => page.locator('#live').textContent();

async function screen(url, name, spec) {
  const {context, close} = await launch({device: spec.device});
  try {
    const {page, errors} = await openApp(context, url);
    const dpr = spec.device.deviceScaleFactor, vw = spec.device.viewport.width, vh = spec.device.viewport.height;
    const s0 = await waitFor(page, 'the layout for the window', (s) => s.display[0] === vw && s.display[2] === dpr, 10000);
    const canvas = await page.evaluate(() => {
      const c = document.getElementById('canvas'), r = c.getBoundingClientRect();
      window.scrollTo(200, 0);
      return {w: c.width, h: c.height, cssW: r.width, cssH: r.height, dpr: window.devicePixelRatio,
              scrollW: document.documentElement.scrollWidth, clientW: document.documentElement.clientWidth,
              scrollX: window.scrollX, lang: document.documentElement.lang, title: document.title};
    });
    console.log(JSON.stringify({screen: name, canvas, layout: s0.layout, display: s0.display, pad: s0.widgets.pad,
                                font_rebuilds: s0.font_rebuilds}));
    check(canvas.dpr === dpr, `devicePixelRatio ${canvas.dpr}, not ${dpr}`);
    check(canvas.cssW === vw && canvas.cssH === vh, `the canvas is ${canvas.cssW}x${canvas.cssH} CSS px, not the window's ${vw}x${vh}`);
    check(canvas.w === Math.round(canvas.cssW * dpr) && canvas.h === Math.round(canvas.cssH * dpr),
          `backing store ${canvas.w}x${canvas.h} for ${canvas.cssW}x${canvas.cssH} CSS px at DPR ${dpr}`);
    check(canvas.scrollW <= canvas.clientW && canvas.scrollX === 0, `the page scrolls sideways (${canvas.scrollW} > ${canvas.clientW})`);
    check(canvas.lang === 'en' && canvas.title === 'aelab: autoencoder lab', `lang "${canvas.lang}", title "${canvas.title}"`);
    check(s0.layout === spec.layout, `layout ${s0.layout} on the ${name}, not ${spec.layout}`);
    const [, , padW] = s0.widgets.pad;
    if (spec.touch) {
      check(padW >= 280, `the pad is ${padW} CSS px wide on the ${name}`);
      for (const w of ['start', 'stop', 'clear', 'page_draw', 'page_settings']) {
        check(s0.widgets[w][3] >= 40, `${w} is ${s0.widgets[w][3]} CSS px tall on a touch screen`);
      }
    }

    const press = spec.touch ? tap : click;
    await (spec.touch ? touchStroke : drawStroke)(page, SEVEN);
    const drawn = await waitFor(page, 'a reconstruction and a code of the drawing',
                                (s) => s.pad_ink > 10 && s.pad_recon_sum > 1 && s.selected === 10 && s.code_abs_sum > 0, 5000);
    console.log(JSON.stringify({pad_ink: drawn.pad_ink, pad_recon_sum: drawn.pad_recon_sum, code_abs_sum: drawn.code_abs_sum}));

    await press(page, 'start');
    await waitFor(page, 'training', (s) => s.state === 'training' && s.train_loss.length > 0, 20000);
    const t0 = Date.now();
    while (!(await live(page)).startsWith('training') && Date.now() - t0 < 5000) await page.waitForTimeout(100);
    const said = await live(page);
    check(said.startsWith('training, epoch'), `the live region says "${said}" while training`);
    const {fps, redrawn, end} = await frameRateOver(page, 3000);
    console.log(JSON.stringify({screen: name, fps_while_training: fps, redrawn_while_training: redrawn, frame_ms: end.frame_ms}));
    await press(page, 'pause');
    await waitFor(page, 'a pause', (s) => s.state === 'paused', 5000);
    await page.waitForTimeout(300);
    const paused = await live(page);
    check(paused.startsWith('paused'), `the live region says "${paused}" when paused`);
    const shots = process.env.AELAB_SCREENSHOT_DIR || path.join('build', 'wasm', 'screenshots');
    fs.mkdirSync(shots, {recursive: true});
    const file = path.join(shots, `browser-screen-${name}.png`);
    await page.screenshot({path: file});
    console.log(`screenshot: ${file}`);
    await press(page, 'resume');
    await waitFor(page, 'training again', (s) => s.state === 'training', 5000);
    await press(page, 'stop');
    await waitFor(page, 'a stop', (s) => s.state !== 'training' && s.state !== 'paused', 10000);
    if (spec.touch) {
      // The Data panel's content is taller than the panel on the phone: a finger dragging its
      // background (right of its text, left of its scrollbar) scrolls it.
      await tap(page, 'page_settings');
      const before = await waitFor(page, 'the Settings page', (s) => s.widgets.data_open && s.widgets.data_open[1] > 0, 5000);
      const [, y0] = before.widgets.data_open;
      await touchPath(page, [[vw - 30, y0 - 30], [vw - 30, y0 - 60], [vw - 30, y0 - 90], [vw - 30, y0 - 120]]);
      const after = await waitFor(page, 'the panel to scroll', (s) => s.widgets.data_open[1] < y0 - 10, 5000);
      console.log(JSON.stringify({data_open_y: [y0, after.widgets.data_open[1]]}));
      await tap(page, 'page_draw');
    }
    const stopped = await status(page);
    check(stopped.redraw_diff <= 0, `partial redraw differs by ${stopped.redraw_diff} pixels`);
    if (!spec.touch) {
      // devicePixelRatio alone changes (the window moved to another screen, same CSS size): the
      // backing store and the font atlas follow.
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setDeviceMetricsOverride', {width: vw, height: vh, deviceScaleFactor: 1.5, mobile: false});
      const s = await waitFor(page, 'the new pixel ratio', (st) => st.display[2] === 1.5, 5000);
      const backing = await page.evaluate(() => [document.getElementById('canvas').width, document.getElementById('canvas').height]);
      console.log(JSON.stringify({dpr: 1.5, backing, font_rebuilds: s.font_rebuilds}));
      check(backing[0] === vw * 1.5 && backing[1] === vh * 1.5, `backing store ${backing} at DPR 1.5`);
      check(s.font_rebuilds === stopped.font_rebuilds + 1, 'the font was not rasterised again at the new scale');
      await cdp.detach();
    }
    check(errors.length === 0, `console errors: ${errors.join(' | ')}`);
  } finally {
    await close();
  }
}

const only = process.argv.includes('--screens') ? process.argv[process.argv.indexOf('--screens') + 1] : null;
runTest(`screen${only ? '_' + only : ''}`, async ({url}) => {
  for (const [name, spec] of Object.entries(SCREENS)) {
    if (!only || only === name) await screen(url, name, spec);
  }
});
