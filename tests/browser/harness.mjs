// Shared harness for the browser end-to-end tests: starts web/serve.mjs on a free port (with
// COOP/COEP: the threaded build; or without: the single-threaded one), launches Debian's
// chromium headless through playwright-core (SwiftShader WebGL2, wasm threads), collects
// console errors, drives the ImGui UI with real mouse events at the widget rectangles the app
// reports through aelab_status(), and reads back the canvas for the pixel checks (../pixels.mjs).
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {createRequire} from 'node:module';
import {decodePng} from '../pixels.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, '..', '..');
const require = createRequire(path.join(repo, 'package.json'));
const {chromium} = require('playwright-core');

export const CHROMIUM_ARGS = ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-quic'];

// isolation false: web/serve.mjs --no-isolation (no COOP/COEP), so the page runs its
// single-threaded build.
export function startServer(root, {isolation = true} = {}) {
  return new Promise((resolve, reject) => {
    const args = [path.join(repo, 'web', 'serve.mjs'), '--port', '0', '--root', root];
    if (!isolation) args.push('--no-isolation');
    const proc = spawn(process.execPath, args, {stdio: ['ignore', 'pipe', 'inherit']});
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) resolve({url: m[0], stop: () => proc.kill('SIGTERM')});
    });
    proc.on('exit', (code) => reject(new Error(`serve.mjs exited with ${code}`)));
  });
}

// The canvas fills the page, so the default viewport gives the 1280x800 wide layout at
// devicePixelRatio 1. `device`: other context options (viewport, deviceScaleFactor, isMobile,
// hasTouch) for the other screens. colorScheme: the prefers-color-scheme the page sees (the app
// follows it). Playwright's default is light; the tests and their screenshots use the dark theme
// unless they ask.
export async function launch({userDataDir, colorScheme = 'dark', device = {}} = {}) {
  const options = {executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS};
  const screen = {viewport: {width: 1280, height: 800}, acceptDownloads: true, colorScheme, ...device};
  if (userDataDir) {
    const context = await chromium.launchPersistentContext(userDataDir, {...options, ...screen});
    return {context, close: () => context.close()};
  }
  const browser = await chromium.launch(options);
  const context = await browser.newContext(screen);
  return {context, close: () => browser.close()};
}

// Records console errors and page errors (the "no console errors" check).
export function watchErrors(page) {
  const errors = [];
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
  page.on('pageerror', (err) => errors.push(String(err)));
  return errors;
}

export async function status(page) {
  return page.evaluate(() => (typeof Module === 'object' && Module.calledRun && Module._aelab_status)
    ? JSON.parse(Module.ccall('aelab_status', 'string', [], [])) : {});
}

export async function waitFor(page, what, predicate, timeoutMs) {
  const t0 = Date.now();
  let s = {};
  while (Date.now() - t0 < timeoutMs) {
    s = await status(page);
    if (s.frame !== undefined && predicate(s)) return s;
    await page.waitForTimeout(100);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last status: ${JSON.stringify(s).slice(0, 600)}`);
}

async function canvasOrigin(page) {
  const box = await page.locator('#canvas').boundingBox();
  return {x: box.x, y: box.y};
}

// The canvas as the page shows it (a screenshot of its rectangle), decoded to RGBA.
export async function canvasImage(page) {
  return decodePng(await page.screenshot({clip: {...(await canvasOrigin(page)), width: 1280, height: 800}}));
}

// A real click (move, press, release over a few frames) at the centre of a named widget.
export async function click(page, widget) {
  const s = await waitFor(page, `widget ${widget}`, (st) => st.widgets && st.widgets[widget], 10000);
  const [x, y, w, h] = s.widgets[widget];
  const o = await canvasOrigin(page);
  await page.mouse.move(o.x + x + w / 2, o.y + y + h / 2);
  await page.waitForTimeout(80);
  await page.mouse.down();
  await page.waitForTimeout(80);
  await page.mouse.up();
  await page.waitForTimeout(80);
}

// A click at a fraction (fx, fy) of a named widget's rectangle.
export async function clickAt(page, widget, fx, fy) {
  const s = await waitFor(page, `widget ${widget}`, (st) => st.widgets && st.widgets[widget], 10000);
  const [x, y, w, h] = s.widgets[widget];
  const o = await canvasOrigin(page);
  await page.mouse.move(o.x + x + w * fx, o.y + y + h * fy);
  await page.waitForTimeout(80);
  await page.mouse.down();
  await page.waitForTimeout(80);
  await page.mouse.up();
  await page.waitForTimeout(80);
}

// Drags horizontally across a named widget (a slider) from fraction `from` to `to` of its width.
export async function dragAcross(page, widget, from, to) {
  const s = await waitFor(page, `widget ${widget}`, (st) => st.widgets && st.widgets[widget], 10000);
  const [x, y, w, h] = s.widgets[widget];
  const o = await canvasOrigin(page);
  await page.mouse.move(o.x + x + w * from, o.y + y + h / 2);
  await page.waitForTimeout(80);
  await page.mouse.down();
  await page.mouse.move(o.x + x + w * to, o.y + y + h / 2, {steps: 8});
  await page.waitForTimeout(120);
  await page.mouse.up();
  await page.waitForTimeout(80);
}

// Draws a polyline given in pad coordinates (0..28) over the pad widget with the mouse held.
export async function drawStroke(page, points) {
  const s = await waitFor(page, 'the drawing pad', (st) => st.widgets && st.widgets.pad, 10000);
  const [x, y, w, h] = s.widgets.pad;
  const o = await canvasOrigin(page);
  const at = ([px, py]) => [o.x + x + px / 28 * w, o.y + y + py / 28 * h];
  await page.mouse.move(...at(points[0]));
  await page.waitForTimeout(60);
  await page.mouse.down();
  for (const p of points.slice(1)) {
    await page.mouse.move(...at(p), {steps: 4});
    await page.waitForTimeout(40);
  }
  await page.mouse.up();
  await page.waitForTimeout(100);
}

// Touch input through the Chrome DevTools Protocol (real touch events: the page sees touchstart,
// touchmove, touchend, as from a finger). `points` are page CSS pixels; one point is a tap.
export async function touchPath(page, points) {
  const cdp = await page.context().newCDPSession(page);
  const at = ([x, y]) => ({x, y, radiusX: 4, radiusY: 4, force: 1, id: 1});
  await cdp.send('Input.dispatchTouchEvent', {type: 'touchStart', touchPoints: [at(points[0])]});
  await page.waitForTimeout(80);
  for (const p of points.slice(1)) {
    await cdp.send('Input.dispatchTouchEvent', {type: 'touchMove', touchPoints: [at(p)]});
    await page.waitForTimeout(40);
  }
  await cdp.send('Input.dispatchTouchEvent', {type: 'touchEnd', touchPoints: []});
  await page.waitForTimeout(100);
  await cdp.detach();
}

// A tap at the centre of a named widget.
export async function tap(page, widget) {
  const s = await waitFor(page, `widget ${widget}`, (st) => st.widgets && st.widgets[widget], 10000);
  const [x, y, w, h] = s.widgets[widget];
  const o = await canvasOrigin(page);
  await touchPath(page, [[o.x + x + w / 2, o.y + y + h / 2]]);
}

// A stroke in pad coordinates (0..28) drawn with a finger, in steps of about a pad pixel.
export async function touchStroke(page, points) {
  const s = await waitFor(page, 'the drawing pad', (st) => st.widgets && st.widgets.pad, 10000);
  const [x, y, w, h] = s.widgets.pad;
  const o = await canvasOrigin(page);
  const path = [];
  for (let i = 0; i < points.length; i++) {
    const [px, py] = points[i], [qx, qy] = points[Math.min(i + 1, points.length - 1)];
    const steps = i + 1 < points.length ? Math.max(1, Math.ceil(Math.hypot(qx - px, qy - py))) : 1;
    for (let k = 0; k < steps; k++) {
      const t = k / steps;
      path.push([o.x + x + (px + (qx - px) * t) / 28 * w, o.y + y + (py + (qy - py) * t) / 28 * h]);
    }
  }
  await touchPath(page, path);
}

// Frames the app drew per second over a fixed `ms` (a window ending at some event would be as
// short as a fast machine makes it), the mean share of the canvas those frames redrew
// (app/partial_redraw.h), and the status at the window's end.
export async function frameRateOver(page, ms) {
  const start = await status(page), t0 = Date.now();
  await page.waitForTimeout(ms);
  const end = await status(page);
  return {fps: ((end.frame - start.frame) * 1000) / (Date.now() - t0), redrawn: meanRedrawn(start, end), end};
}

// While training, a frame redraws only the windows that changed (app/partial_redraw.h); a
// frame redrawn whole counts 1, so losing partial redraw gives exactly 1. Measured mean per
// frame over the tests' windows: 0.08-0.33 with other compiles running (13-57 fps), and up to
// 0.81 (Sliders at 6.5 fps, load average 14 on 2 cores): when every frame brings a snapshot,
// each redraws all the windows a snapshot changes, ~0.64 of the canvas in Training and ~0.8 in
// Sliders. The bound sits above that, below 1.
export const MAX_REDRAWN_WHILE_TRAINING = 0.9;

// The mean fraction of the canvas redrawn per frame between two statuses (1 if no frame).
export function meanRedrawn(a, b) {
  return b.frame > a.frame ? (b.redrawn_total - a.redrawn_total) / (b.frame - a.frame) : 1;
}

// The app redraws only the windows that changed (app/partial_redraw.h) over the canvas of the
// frame before. A stale window would show as a difference between a frame as drawn and the
// same frame drawn whole: the app draws the next frame both ways and counts differing pixels.
// Returns the fraction of the canvas the checked frame redrew.
export async function checkPartialRedraw(page, what) {
  const before = (await status(page)).redraw_checks;
  await page.evaluate(() => Module.ccall('aelab_check_redraw', null, [], []));
  const s = await waitFor(page, 'the redraw check', (st) => st.redraw_checks > before, 5000);
  check(s.redraw_diff === 0, `${what}: ${s.redraw_diff} pixels of a partially redrawn frame differ from the frame drawn whole`);
  return s.checked_fraction;
}

export function check(condition, message) {
  if (!condition) throw new Error(message);
}

export const webRoot = () => process.env.AELAB_WEB_ROOT || path.join(repo, 'build', 'wasm', 'web');

// Runs one named test: server up (with COOP/COEP unless isolation is false), browser up, test
// body, screenshot, teardown.
export async function runTest(name, body, {isolation = true} = {}) {
  const root = webRoot();
  const shots = process.env.AELAB_SCREENSHOT_DIR || path.join(repo, 'build', 'wasm', 'screenshots');
  fs.mkdirSync(shots, {recursive: true});
  const server = await startServer(root, {isolation});
  const t0 = Date.now();
  let exitCode = 0;
  try {
    await body({url: server.url, shot: async (page, suffix = '') => {
      const file = path.join(shots, `browser-${name}${suffix}.png`);
      await page.screenshot({path: file, clip: {...(await canvasOrigin(page)), width: 1280, height: 800}});
      console.log(`screenshot: ${file}`);
    }});
    console.log(`PASS ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (e) {
    console.error(`FAIL ${name}: ${e.stack || e}`);
    exitCode = 1;
  } finally {
    server.stop();
  }
  process.exit(exitCode);
}

// Opens the page and waits for the first frame drawn by the app.
export async function openApp(context, url) {
  const page = await context.newPage();
  const errors = watchErrors(page);
  const t0 = Date.now();
  await page.goto(url);
  await waitFor(page, 'the first frame', (s) => s.frame > 0, 30000);
  return {page, errors, firstFrameMs: Date.now() - t0};
}
