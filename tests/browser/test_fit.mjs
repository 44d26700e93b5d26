// Every screen shape fits: a phone in portrait (390x844, DPR 3) and landscape (844x390, DPR 3),
// a tablet in portrait (768x1024, DPR 2) and landscape (1024x768, DPR 2), all with touch, and a
// short desktop window (1280x600, DPR 1, mouse). On each: the layout for the shape, the canvas's
// backing store is its CSS size x DPR, the page does not scroll sideways, and the pad is big
// enough (>= 280 CSS px wide in portrait; >= 252 in landscape, the laptop layout's pad) and on
// the screen. Then on every page of the layout and in every explore view, the interactive items
// of the frame (every widget ImGui laid out, app/item_rects.h) are checked: none off the screen
// or cut at its window's side, no two overlapping, and on touch screens every control (button,
// slider, field, combo, check box, tab) >= 40 CSS px tall and every digit picture >= 24. A digit
// drawn (with a finger on touch screens) gets a reconstruction on every screen. The phone in
// landscape then trains (page fps reported, no floor: DPR 3 on SwiftShader) and its screenshot is
// the README's. --screens NAME[,NAME] runs some.
import fs from 'node:fs';
import path from 'node:path';
import {runTest, launch, openApp, click, tap, drawStroke, touchStroke, waitFor, status, check, frameRateOver, repo}
  from './harness.mjs';

const touchDevice = (width, height, dpr) => ({viewport: {width, height}, deviceScaleFactor: dpr, isMobile: true, hasTouch: true});
const SCREENS = {
  phone_portrait: {device: touchDevice(390, 844, 3), layout: 'narrow', minPad: 280},
  phone_landscape: {device: touchDevice(844, 390, 3), layout: 'short', minPad: 252, train: true},
  tablet_portrait: {device: touchDevice(768, 1024, 2), layout: 'narrow', minPad: 280},
  tablet_landscape: {device: touchDevice(1024, 768, 2), layout: 'medium', minPad: 252},
  desktop_short: {device: {viewport: {width: 1280, height: 600}, deviceScaleFactor: 1}, layout: 'wide', minPad: 252},
};
const PAGES = ['page_draw', 'page_train', 'page_figures', 'page_code', 'page_settings'];
const VIEWS = ['training', 'latent', 'sliders', 'interpolation', 'filters', 'denoising', 'anomaly', 'compare'];
const ANALYSED = new Set(['latent', 'filters', 'anomaly']);  // drawn from the worker's analysis
const SEVEN = [[7, 6], [20, 6], [13, 23]];
const MIN_TOUCH = 40, MIN_PICTURE = 24;

// The checks of one frame's items (status.items: [x, y, w, h, clip x0, y0, x1, y1, kind, label]).
function checkItems(s, where, touch) {
  const [W, H] = s.display;
  const shown = [];
  for (const [x, y, w, h, cx0, cy0, cx1, cy1, kind, label] of s.items) {
    const name = `${kind} "${label}" at ${[x, y, w, h].map(Math.round)}`;
    // What the window shows of it; nothing when its window is scrolled away from it.
    const r = [Math.max(x, cx0), Math.max(y, cy0), Math.min(x + w, cx1), Math.min(y + h, cy1)];
    if (r[2] - r[0] < 1 || r[3] - r[1] < 1) continue;
    check(r[0] >= -0.5 && r[1] >= -0.5 && r[2] <= W + 0.5 && r[3] <= H + 0.5, `${where}: ${name} is off the ${W}x${H} screen`);
    // Windows scroll up and down, not sideways: a widget past its window's side is cut. (A
    // scrollbar is clipped by the window around it.)
    if (kind !== 'scrollbar') {
      check(x >= cx0 - 1 && x + w <= cx1 + 1, `${where}: ${name} is cut by its window (${[cx0, cx1].map(Math.round)})`);
    }
    if (touch && kind === 'control') check(h >= MIN_TOUCH - 0.5, `${where}: ${name} is ${h} CSS px tall on a touch screen`);
    if (touch && kind === 'picture') check(Math.min(w, h) >= MIN_PICTURE, `${where}: ${name} is smaller than ${MIN_PICTURE} px`);
    shown.push({r, name});
  }
  for (let i = 0; i < shown.length; i++) {
    for (let j = i + 1; j < shown.length; j++) {
      const a = shown[i].r, b = shown[j].r;
      const ix = Math.min(a[2], b[2]) - Math.max(a[0], b[0]), iy = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
      check(!(ix > 1 && iy > 1), `${where}: ${shown[i].name} overlaps ${shown[j].name}`);
    }
  }
  check(shown.length > 0, `${where}: the app recorded no items (does it still read ?test_items=1?)`);
  return shown.length;
}

// A few frames after a change: ImGui lays a new page out over two frames (scrollbars follow the
// content size of the frame before).
async function settled(page, what, extra = () => true) {
  const f0 = (await status(page)).frame;
  return waitFor(page, what, (s) => s.frame >= f0 + 5 && extra(s), 30000);
}

// A tap or click can fall between two slow frames of a busy page: then again.
async function openView(page, press, view) {
  for (let attempt = 0; (await status(page)).explore.view !== view; attempt++) {
    check(attempt < 3, `the ${view} tab did not open`);
    await press(page, `tab_${view}`);
    await page.waitForTimeout(300);
  }
}

async function screen(url, name, spec, shots, summary) {
  const {context, close} = await launch({device: spec.device});
  try {
    // 100 epochs where it trains: still training when the frame rate is measured. ?test_items=1:
    // the app records every item's rectangle (only when asked: app/item_rects.h).
    const {page, errors} = await openApp(context, `${url}?test_items=1${spec.train ? '#epochs=100' : ''}`);
    const touch = !!spec.device.hasTouch;
    const press = touch ? tap : click;
    const dpr = spec.device.deviceScaleFactor, vw = spec.device.viewport.width, vh = spec.device.viewport.height;
    let s = await waitFor(page, 'the layout for the window', (st) => st.display[0] === vw && st.display[1] === vh &&
                          st.display[2] === dpr, 10000);
    const canvas = await page.evaluate(() => {
      const c = document.getElementById('canvas'), r = c.getBoundingClientRect();
      window.scrollTo(200, 0);
      return {w: c.width, h: c.height, cssW: r.width, cssH: r.height, scrollW: document.documentElement.scrollWidth,
              clientW: document.documentElement.clientWidth, scrollX: window.scrollX};
    });
    check(canvas.cssW === vw && canvas.cssH === vh, `${name}: the canvas is ${canvas.cssW}x${canvas.cssH} CSS px, not ${vw}x${vh}`);
    check(canvas.w === Math.round(vw * dpr) && canvas.h === Math.round(vh * dpr),
          `${name}: backing store ${canvas.w}x${canvas.h} for ${vw}x${vh} CSS px at DPR ${dpr}`);
    check(canvas.scrollW <= canvas.clientW && canvas.scrollX === 0, `${name}: the page scrolls sideways (${canvas.scrollW} > ${canvas.clientW})`);
    check(s.layout === spec.layout, `${name}: layout ${s.layout}, not ${spec.layout}`);
    s = await settled(page, 'the first page');
    const [px, py, pw, ph] = s.widgets.pad;
    check(pw >= spec.minPad && ph >= spec.minPad, `${name}: the pad is ${pw}x${ph} CSS px (at least ${spec.minPad})`);
    check(px >= 0 && py >= 0 && px + pw <= vw && py + ph <= vh, `${name}: the pad ${[px, py, pw, ph]} is not on the screen`);
    const result = {screen: name, layout: s.layout, backing: [canvas.w, canvas.h], pad: pw, checked: {}};
    result.checked.first = checkItems(s, `${name}, first page`, touch);

    // A digit drawn on the pad (by finger on touch screens) gets a reconstruction.
    await (touch ? touchStroke : drawStroke)(page, SEVEN);
    s = await waitFor(page, 'a reconstruction of the drawing', (st) => st.pad_ink > 10 && st.pad_recon_sum > 1, 5000);
    result.drawn = {pad_ink: +s.pad_ink.toFixed(1), pad_recon_sum: +s.pad_recon_sum.toFixed(1)};

    // Every page of the layout; on the Figures page (or the wide layout's centre), every view.
    const pages = PAGES.filter((p) => s.widgets[p]);
    for (const p of pages.length ? pages : ['(one page)']) {
      if (p !== '(one page)') {
        await press(page, p);
        s = await settled(page, p);
        result.checked[p] = checkItems(s, `${name}, ${p}`, touch);
      }
      if (p !== 'page_figures' && p !== '(one page)') continue;
      for (const view of VIEWS) {
        await openView(page, press, view);
        s = await settled(page, view, (st) => !ANALYSED.has(view) || st.explore.analysed > 0);
        result.checked[view] = checkItems(s, `${name}, ${view} view`, touch);
      }
    }
    const shot = path.join(shots, `browser-fit-${name}.png`);
    await page.screenshot({path: shot});

    if (spec.train) {
      // Training on the phone in landscape: Start on the Train page, the figures and the loss on
      // the Figures page while it trains; the screenshot shows that page.
      await press(page, 'page_train');
      await settled(page, 'the Train page');
      await press(page, 'start');
      await waitFor(page, 'training', (st) => st.state === 'training' && st.train_loss.length > 3, 30000);
      await press(page, 'page_figures');
      await settled(page, 'the Figures page');
      await openView(page, press, 'training');
      s = await settled(page, 'the Training tab');
      result.checked.training_while_training = checkItems(s, `${name}, training`, touch);
      const {fps, redrawn} = await frameRateOver(page, 3000);
      result.fps_while_training = +fps.toFixed(1);
      result.redrawn_while_training = +redrawn.toFixed(2);
      await page.screenshot({path: path.join(shots, `browser-fit-${name}-training.png`)});
      await press(page, 'page_train');
      await settled(page, 'the Train page');
      await press(page, 'stop');
      await waitFor(page, 'a stop', (st) => st.state !== 'training', 10000);
    }
    check(errors.length === 0, `${name}: console errors: ${errors.join(' | ')}`);
    console.log(JSON.stringify(result));
    summary.push(result);
  } finally {
    await close();
  }
}

const arg = process.argv.indexOf('--screens');
const only = arg > 0 ? process.argv[arg + 1].split(',') : null;
runTest('fit', async ({url}) => {
  const shots = process.env.AELAB_SCREENSHOT_DIR || path.join(repo, 'build', 'wasm', 'screenshots');
  const summary = [];
  for (const [name, spec] of Object.entries(SCREENS)) {
    if (!only || only.includes(name)) await screen(url, name, spec, shots, summary);
  }
  fs.writeFileSync(path.join(shots, 'browser-fit.json'), JSON.stringify(summary, null, 1) + '\n');
});
