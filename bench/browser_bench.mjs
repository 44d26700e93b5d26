#!/usr/bin/env node
// Runs workloads in headless Chromium on a cross-origin isolated (COOP/COEP) page: aelab's wasm
// build (build/wasm/bench/aelab-bench.*, the `aelab bench` command line) on 1 and 2 threads for
// the seed linear model and the conv model at batch 20 and 256 (the ones bench/app_bench.mjs
// times in the app), and TensorFlow.js 4.22 (bench/node_modules) on its cpu, wasm (threaded SIMD
// when isolated) and webgl backends for the seed linear model. Prints one JSON line per run.
//   node bench/browser_bench.mjs [--tfjs-steps-b20 N] [--tfjs-steps-b256 N] [--aelab-workloads W,W] ...
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {createRequire} from 'node:module';
import {CHROMIUM_ARGS} from '../tests/browser/harness.mjs';
import {parseOptions} from './cli_options.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const require = createRequire(path.join(repo, 'package.json'));
const {chromium} = require('playwright-core');

// aelab's steps per workload are the bench's own defaults (src/cli/bench.cpp).
const opts = parseOptions('bench/browser_bench.mjs', {'tfjs-steps-b20': 600, 'tfjs-steps-b256': 60,
                          'aelab-workloads': 'linear-b20,linear-b256,conv-b20,conv-b256', 'backends': 'wasm,cpu,webgl',
                          'systems': 'aelab,tfjs'});

const tfjs = path.join(here, 'node_modules', '@tensorflow');
const aelabDir = path.join(repo, 'build', 'wasm', 'bench');
const FILES = {
  '/': [path.join(here, 'page', 'index.html'), 'text/html'],
  '/bench.js': [path.join(here, 'page', 'bench.js'), 'text/javascript'],
  '/tfjs/tf.min.js': [path.join(tfjs, 'tfjs', 'dist', 'tf.min.js'), 'text/javascript'],
  '/tfjs/tf-backend-wasm.min.js': [path.join(tfjs, 'tfjs-backend-wasm', 'dist', 'tf-backend-wasm.min.js'), 'text/javascript'],
  '/aelab/aelab-bench.js': [path.join(aelabDir, 'aelab-bench.js'), 'text/javascript'],
  '/aelab/aelab-bench.worker.js': [path.join(aelabDir, 'aelab-bench.worker.js'), 'text/javascript'],
  '/aelab/aelab-bench.wasm': [path.join(aelabDir, 'aelab-bench.wasm'), 'application/wasm'],
};
for (const w of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'])
  FILES[`/tfjs/${w}`] = [path.join(tfjs, 'tfjs-backend-wasm', 'dist', w), 'application/wasm'];
for (const f of ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'])
  FILES[`/data/${f}.gz`] = [`/usr/share/datasets/fashion-mnist/${f}.gz`, 'application/octet-stream'];
const systems = opts.systems.split(',');
for (const [url, [file]] of Object.entries(FILES)) {
  if (!fs.existsSync(file) && (systems.includes('aelab') || !url.startsWith('/aelab/'))) {
    console.error(`browser_bench: ${file} (for ${url}) is missing: build the wasm preset and run npm ci in bench/`);
    process.exit(1);
  }
}

// The headers that make the page cross-origin isolated (SharedArrayBuffer for wasm threads).
const server = http.createServer((req, res) => {
  const entry = FILES[new URL(req.url, 'http://localhost').pathname];
  if (!entry || !fs.existsSync(entry[0])) {
    res.writeHead(404);
    return res.end();
  }
  res.writeHead(200, {'Content-Type': entry[1], 'Cross-Origin-Opener-Policy': 'same-origin',
                      'Cross-Origin-Embedder-Policy': 'require-corp', 'Cross-Origin-Resource-Policy': 'same-origin',
                      'Cache-Control': 'no-cache'});
  fs.createReadStream(entry[0]).pipe(res);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS});
const version = browser.version();
try {
  // A fresh page per run, so one system's heap and worker pool do not weigh on the next.
  const onPage = async (fn, ...args) => {
    const page = await (await browser.newContext()).newPage();
    page.on('pageerror', (e) => console.error(`page error: ${e}`));
    await page.goto(url);
    if (!(await page.evaluate(() => self.crossOriginIsolated))) throw new Error('the bench page is not cross-origin isolated');
    try {
      return await page.evaluate(fn, args);
    } finally {
      await page.context().close();
    }
  };
  for (const threads of systems.includes('aelab') ? [1, 2] : []) {
    // One module per workload, one after the other (each measures its own peak).
    const rows = await onPage(async ([t, workloads]) => {
      const out = [];
      for (const w of workloads) out.push(...await window.runAelab(['--threads', String(t), '--workload', w]));
      return out;
    }, threads, opts['aelab-workloads'].split(','));
    for (const r of rows) console.log(JSON.stringify({...r, system: 'aelab-wasm', browser: `chromium ${version}`}));
  }
  for (const backend of systems.includes('tfjs') ? opts.backends.split(',') : []) {
    for (const [batch, steps] of [[20, opts['tfjs-steps-b20']], [256, opts['tfjs-steps-b256']]]) {
      // cpu and webgl (SwiftShader, no GPU here) are far slower: fewer steps keep the run short.
      const n = backend === 'wasm' ? steps : Math.max(5, Math.round(steps / 10));
      try {
        const r = await onPage(([b, bt, s]) => window.runTfjs(b, bt, s), backend, batch, n);
        console.log(JSON.stringify({...r, browser: `chromium ${version}`}));
      } catch (e) {
        console.error(`tfjs ${backend} batch ${batch}: ${e.message.split('\n')[0]}`);
      }
    }
  }
} finally {
  await browser.close();
  server.close();
}
