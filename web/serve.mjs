#!/usr/bin/env node
// A small static server for the aelab page (no npm dependencies). Binds 127.0.0.1 only and
// serves only the page's own files from the build directory, with the headers the app needs:
// COOP same-origin + COEP require-corp (SharedArrayBuffer for wasm threads) and a strict CSP.
// Responses are gzip-compressed when the browser accepts it (compressed once, kept in memory).
//   node web/serve.mjs [--port N (8080; 0 = any free port)] [--root DIR (build/wasm/web)]
//                      [--no-isolation]
// --no-isolation leaves out COOP and COEP only, as a static host that cannot set headers would:
// the page then runs its single-threaded build (web/app.js). Every other header stays.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import {fileURLToPath} from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let port = 8080;
let root = path.join(repo, 'build', 'wasm', 'web');
let isolation = true;
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--port' && i + 1 < args.length) port = Number(args[++i]);
  else if (args[i] === '--root' && i + 1 < args.length) root = path.resolve(args[++i]);
  else if (args[i] === '--no-isolation') isolation = false;
  else {
    console.error('usage: node web/serve.mjs [--port N] [--root DIR] [--no-isolation]');
    process.exit(2);
  }
}
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error('serve.mjs: --port must be 0..65535');
  process.exit(2);
}

// The only files served: the page and the build outputs.
const TYPES = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
  'aelab-app.js': 'text/javascript; charset=utf-8',
  'aelab-app.worker.js': 'text/javascript; charset=utf-8',
  'aelab-app.wasm': 'application/wasm',
  'aelab-app.data': 'application/octet-stream',
  'aelab-app-st.js': 'text/javascript; charset=utf-8',
  'aelab-app-st.wasm': 'application/wasm',
  'aelab-app-st.data': 'application/octet-stream',
};
for (const name of ['index.html', 'aelab-app.js', 'aelab-app.wasm', 'aelab-app-st.js', 'aelab-app-st.wasm']) {
  if (!fs.existsSync(path.join(root, name))) {
    console.error(`serve.mjs: ${path.join(root, name)} is missing: build the wasm preset (scripts/build.sh wasm)`);
    process.exit(1);
  }
}

const CSP = [
  "default-src 'none'", "script-src 'self' 'wasm-unsafe-eval'", "worker-src 'self'", "connect-src 'self'",
  "style-src 'self'", "img-src 'self' blob: data:", "base-uri 'none'", "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
// Every response's headers are built here, and only here. Cross-origin isolation (COOP + COEP)
// is what SharedArrayBuffer, hence wasm threads, needs; the rest is hardening.
const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};
const COMMON = {
  ...(isolation ? ISOLATION : {}),
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
};

const realRoot = fs.realpathSync(root);
const cache = new Map();  // name -> {mtime, raw, gz}
// `name` is already one of TYPES' plain names; the file must also really live in the root
// (a symlink out of it, e.g. planted in a build directory, is not followed) and be a file.
function load(name) {
  const file = fs.realpathSync(path.join(root, name));
  if (path.dirname(file) !== realRoot) throw new Error(`${name} leads out of the root`);
  const st = fs.statSync(file);
  if (!st.isFile()) throw new Error(`${name} is not a file`);
  const hit = cache.get(name);
  if (hit && hit.mtime === st.mtimeMs) return hit;
  const raw = fs.readFileSync(file);
  const entry = {mtime: st.mtimeMs, raw, gz: zlib.gzipSync(raw, {level: 6})};
  cache.set(name, entry);
  return entry;
}

const server = http.createServer((req, res) => {
  // Only origin-form targets ("/name"); the raw, undecoded path must be one of the page's files,
  // so "..", "%2e%2e", "%2f", NUL bytes, absolute paths and "//x" never match anything.
  const target = req.url || '';
  const pathname = target.startsWith('/') ? target.split(/[?#]/)[0] : '';
  const name = pathname === '/' ? 'index.html' : pathname.slice(1);
  // DNS rebinding: a page on another site whose name resolves to 127.0.0.1 sends its own Host.
  if (!/^(127\.0\.0\.1|localhost)(:\d+)?$/.test(req.headers.host || '')) {
    res.writeHead(421, {...COMMON, 'Content-Type': 'text/plain'});
    return res.end('wrong host\n');
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, {...COMMON, Allow: 'GET, HEAD'});
    return res.end();
  }
  if (!Object.hasOwn(TYPES, name)) {
    res.writeHead(404, {...COMMON, 'Content-Type': 'text/plain'});
    return res.end('not found\n');
  }
  let entry;
  try {
    entry = load(name);
  } catch (e) {
    res.writeHead(404, {...COMMON, 'Content-Type': 'text/plain'});
    return res.end('not found\n');
  }
  const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] || '');
  const body = gzip ? entry.gz : entry.raw;
  const headers = {...COMMON, 'Content-Type': TYPES[name], 'Content-Length': body.length, Vary: 'Accept-Encoding'};
  if (gzip) headers['Content-Encoding'] = 'gzip';
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
});
server.listen(port, '127.0.0.1', () => {
  const mode = isolation ? 'cross-origin isolated: threaded build' : 'not isolated: single-threaded build';
  console.log(`aelab: serving ${root} at http://127.0.0.1:${server.address().port}/ (${mode})`);
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.close(() => process.exit(0)));
