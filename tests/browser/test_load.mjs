// The page loads with no console errors, draws its first frame, runs the threaded build (served
// with COOP/COEP; test_single_thread.mjs covers the other), and is small: records the
// bytes transferred (wasm, js, data) and the time to first frame in browser-metrics.json.
import fs from 'node:fs';
import path from 'node:path';
import {runTest, launch, openApp, status, check, repo} from './harness.mjs';

runTest('load', async ({url, shot}) => {
  const {context, close} = await launch();
  try {
    const bytes = {};
    context.on('requestfinished', async (req) => {
      const sizes = await req.sizes().catch(() => null);
      if (!sizes) return;
      const name = new URL(req.url()).pathname.slice(1) || 'index.html';
      bytes[name] = sizes.responseBodySize + sizes.responseHeadersSize;
    });
    const {page, errors, firstFrameMs} = await openApp(context, url);
    const f0 = (await status(page)).frame;
    await page.waitForTimeout(1500);
    const s = await status(page);
    check(s.frame >= f0 + 3, `only ${s.frame - f0} frames in 1.5 s`);
    check(s.data.startsWith('MNIST'), `built-in data not loaded: ${s.data}`);
    check(errors.length === 0, `console errors: ${errors.join(' | ')}`);
    const isolated = await page.evaluate(() => self.crossOriginIsolated);
    check(isolated, 'page is not cross-origin isolated');
    // Isolated, so the threaded build runs, and the page says so.
    const line = await page.locator('#variant').textContent();
    check(s.variant === 'threaded' && line.startsWith('threaded build'), `variant ${s.variant}, page says "${line}"`);
    const total = Object.values(bytes).reduce((a, b) => a + b, 0);
    const metrics = {first_frame_ms: firstFrameMs, idle_fps: s.fps, bytes, total_bytes: total};
    console.log(JSON.stringify(metrics));
    const out = process.env.AELAB_SCREENSHOT_DIR || path.join(repo, 'build', 'wasm', 'screenshots');
    fs.writeFileSync(path.join(out, 'browser-metrics.json'), JSON.stringify(metrics, null, 1) + '\n');
    await shot(page);
  } finally {
    await close();
  }
});
