// web/serve.mjs serves only the page's own files: starts it on a scratch root (the page files,
// one of them a symlink out of the root, plus a non-page file) and sends raw requests with
// every traversal trick; none may return anything but the page's files. Also checks the
// address it binds and the headers (CSP, COOP, COEP), and that --no-isolation drops COOP and
// COEP but no other header. Run by the native ctest (web_serve_paths).
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'aelab-serve-'));
const root = path.join(scratch, 'web');
fs.mkdirSync(root);
const SECRET = 'SECRET-' + process.pid;
fs.writeFileSync(path.join(scratch, 'secret.txt'), SECRET);
fs.writeFileSync(path.join(root, 'notes.txt'), SECRET);  // in the root but not a page file
for (const name of ['index.html', 'aelab-app.js', 'aelab-app.wasm', 'aelab-app.worker.js', 'aelab-app.data', 'style.css',
                    'aelab-app-st.js', 'aelab-app-st.wasm', 'aelab-app-st.data'])
  fs.writeFileSync(path.join(root, name), `page file ${name}`);
fs.symlinkSync(path.join(scratch, 'secret.txt'), path.join(root, 'app.js'));  // a symlink out

let failures = 0;
function check(ok, what) {
  if (!ok) {
    failures++;
    console.error(`FAIL: ${what}`);
  }
}

function serve(...extra) {
  const proc = spawn(process.execPath, [path.join(repo, 'web', 'serve.mjs'), '--port', '0', '--root', root, ...extra],
                     {stdio: ['ignore', 'pipe', 'inherit']});
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/at http:\/\/([0-9.]+):(\d+)\//);
      if (m) resolve({proc, host: m[1], port: Number(m[2])});
    });
    proc.on('exit', (code) => reject(new Error(`serve.mjs exited with ${code}: ${out}`)));
    setTimeout(() => reject(new Error('serve.mjs did not start')), 10000);
  });
}
const address = await serve();
const server = address.proc;
check(address.host === '127.0.0.1', `binds 127.0.0.1 by default, not ${address.host}`);

// One raw HTTP/1.1 request (no client-side normalisation of the path); resolves {status, headers, body}.
function raw(target, host = `127.0.0.1:${address.port}`, method = 'GET', port = address.port) {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    let data = Buffer.alloc(0);
    sock.on('data', (d) => (data = Buffer.concat([data, d])));
    sock.on('error', () => resolve({status: 0, headers: '', body: ''}));
    sock.on('close', () => {
      const text = data.toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      const status = Number((text.match(/^HTTP\/1\.1 (\d+)/) || [])[1] || 0);
      resolve({status, headers: text.slice(0, split).toLowerCase(), body: text.slice(split + 4)});
    });
    sock.write(Buffer.concat([Buffer.from(`${method} `), Buffer.from(target, 'latin1'),
                              Buffer.from(` HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`)]));
  });
}

const ok = await raw('/');
check(ok.status === 200 && ok.body.includes('page file index.html'), `/ serves index.html (${ok.status})`);
for (const h of ["content-security-policy: default-src 'none'; script-src 'self' 'wasm-unsafe-eval'",
                 'cross-origin-opener-policy: same-origin', 'cross-origin-embedder-policy: require-corp',
                 'x-content-type-options: nosniff'])
  check(ok.headers.includes(h), `header ${h}`);
check(!/'unsafe-inline'|'unsafe-eval'/.test(ok.headers), 'CSP allows no inline script or eval');
check((await raw('/style.css')).status === 200, 'a page file is served');

const secretPath = path.join(scratch, 'secret.txt');
const attacks = [
  '/../secret.txt', '/../../../../etc/passwd', '/%2e%2e/secret.txt', '/%2E%2E%2Fsecret.txt', '/..%2fsecret.txt',
  '/%252e%252e/secret.txt', '/.%2e/secret.txt', '/style.css/../../secret.txt', '/./index.html/..', '//etc/passwd',
  secretPath, '/' + secretPath, `http://127.0.0.1:${address.port}/../secret.txt`, 'secret.txt', '*',
  '/index.html\0', '/index.html%00.css', '/app.js', '/notes.txt', '/..\\secret.txt', '/%5c..%5csecret.txt',
  '/%c0%ae%c0%ae/secret.txt', '/.', '/..',
];
for (const target of attacks) {
  const r = await raw(target);
  check(r.status >= 400 && !r.body.includes(SECRET) && !r.body.includes('root:'),
        `${JSON.stringify(target)} must be refused, got ${r.status} ${JSON.stringify(r.body.slice(0, 60))}`);
}
// A query string is not part of the path: this is aelab-app.js, nothing else.
const query = await raw('/aelab-app.js?/../../secret.txt');
check(query.body === 'page file aelab-app.js', 'a query string cannot move the path');
// The symlinked app.js leads out of the root: refused even though the name is a page file.
check(!(await raw('/app.js')).body.includes(SECRET), 'a symlink out of the root is not followed');
// Another Host (DNS rebinding) and other methods are refused.
check((await raw('/', 'evil.example:80')).status === 421, 'a foreign Host header is refused');
check((await raw('/', undefined, 'POST')).status === 405, 'POST is refused');

// --no-isolation (a static host without headers): no COOP/COEP, everything else as before.
const plain = await serve('--no-isolation');
const open = await raw('/', `127.0.0.1:${plain.port}`, 'GET', plain.port);
check(open.status === 200, `--no-isolation serves the page (${open.status})`);
check(!open.headers.includes('cross-origin-opener-policy') && !open.headers.includes('cross-origin-embedder-policy'),
      '--no-isolation sends no COOP/COEP');
for (const h of ["content-security-policy: default-src 'none'", 'cross-origin-resource-policy: same-origin',
                 'x-content-type-options: nosniff', 'referrer-policy: no-referrer'])
  check(open.headers.includes(h), `--no-isolation keeps header ${h}`);
check((await raw('/../secret.txt', `127.0.0.1:${plain.port}`, 'GET', plain.port)).status === 404,
      '--no-isolation refuses traversal too');
plain.proc.kill('SIGTERM');

server.kill('SIGTERM');
fs.rmSync(scratch, {recursive: true, force: true});
if (failures) {
  console.error(`${failures} serve.mjs check(s) failed`);
  process.exit(1);
}
console.log(`serve.mjs: ${attacks.length} traversal attempts refused; headers and binding checked`);
