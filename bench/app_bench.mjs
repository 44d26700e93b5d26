#!/usr/bin/env node
// The app's own training speed in headless Chromium: opens the web app (build/wasm/web, the
// cross-origin isolated threaded page, served and launched as the browser tests do) with a run
// link that trains at once (`#model=...&batch=...&replay=1`), lets it train for a fixed time and
// reads the Train panel's samples/s from the app's status (what the browser tests read). The
// page picks its trainer threads from navigator.hardwareConcurrency (web/main.cpp: cores - 1,
// 1..4; 1 on 2 cores); a measurement on T threads reports T + 1 cores to the page. Prints one
// JSON line per measurement, like bench/browser_bench.mjs:
//   samples_per_s    the panel's figure at the end (examples / training time since Start: start-up,
//                    first steps and end-of-epoch test evaluations included, as a user sees it)
//   first_samples_per_s  the panel's figure after the first `--first-s` seconds of training
//   steady_samples_per_s examples per second over the last half of the window
// AELAB_WEB_ROOT picks another build of the page (tests/browser/harness.mjs); --query adds a page
// query (test_items=1: time the app with the browser tests' item recording on).
//   node bench/app_bench.mjs [--workloads linear-b20,conv-b20] [--threads 1,2] [--seconds 12] [--repeat 1]
import {launch, openApp, startServer, status, waitFor, webRoot} from '../tests/browser/harness.mjs';
import {parseOptions} from './cli_options.mjs';

const opts = parseOptions('bench/app_bench.mjs', {workloads: 'linear-b20,linear-b256,conv-b20,conv-b256', threads: '1,2',
                                                  seconds: 12, 'first-s': 3, repeat: 1, query: ''});
const WORKLOADS = {'linear-b20': ['linear', 20], 'linear-b256': ['linear', 256], 'conv-b20': ['conv', 20],
                   'conv-b256': ['conv', 256]};
const workloads = opts.workloads.split(',');
for (const w of workloads) {
  if (!WORKLOADS[w]) {
    console.error(`app_bench: unknown workload ${w} (expected ${Object.keys(WORKLOADS).join(', ')})`);
    process.exit(2);
  }
}

// The examples trained so far, from the panel's samples/s and the training time it divides by.
const examples = (s) => s.samples_per_s * s.train_elapsed_s;

async function measure(context, url, workload, threads) {
  const [model, batch] = WORKLOADS[workload];
  // Seen before the page's scripts run: the app gives training cores - 1 threads.
  await context.addInitScript((cores) => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', {get: () => cores}),
                              threads + 1);
  // Epochs enough that the run outlasts the window on any machine; the page is closed after it.
  const query = opts.query ? `?${opts.query}` : '';
  const {page} = await openApp(context, `${url}${query}#model=${model}&batch=${batch}&epochs=1000&replay=1`);
  try {
    const t0 = await waitFor(page, 'training to start', (s) => s.state === 'training', 30000);
    if (t0.trainer_threads !== threads) throw new Error(`the page trains on ${t0.trainer_threads} threads, not ${threads}`);
    const started = Date.now();
    await page.waitForTimeout(opts['first-s'] * 1000);
    const first = await status(page);
    await page.waitForTimeout(Math.max(0, (opts.seconds / 2 - opts['first-s']) * 1000));
    const mid = await status(page);
    await page.waitForTimeout(Math.max(0, started + opts.seconds * 1000 - Date.now()));
    const end = await status(page);
    if (end.state !== 'training') throw new Error(`training ended (${end.state}) within the window`);
    return {system: 'aelab-app', workload, model, batch, threads, seconds: end.train_elapsed_s,
            samples_per_s: end.samples_per_s, first_s: opts['first-s'], first_samples_per_s: first.samples_per_s,
            steady_samples_per_s: (examples(end) - examples(mid)) / (end.train_elapsed_s - mid.train_elapsed_s),
            fps: end.fps, frame_ms: end.frame_ms, ...(opts.query ? {query: opts.query} : {})};
  } finally {
    await page.close();
  }
}

const server = await startServer(webRoot());
try {
  for (let r = 0; r < opts.repeat; r++) {
    for (const threads of opts.threads.split(',').map(Number)) {
      for (const w of workloads) {
        // A fresh browser per measurement: one run's workers and heap do not weigh on the next.
        const {context, close} = await launch();
        try {
          const row = await measure(context, server.url, w, threads);
          console.log(JSON.stringify({...row, browser: `chromium ${context.browser()?.version() ?? ''}`.trim()}));
        } finally {
          await close();
        }
      }
    }
  }
} finally {
  server.stop();
}
