// The page's JavaScript: feature checks (a clear message instead of a blank page), the choice of
// build, the Emscripten Module, file picker and drag-and-drop into MEMFS (files never leave the
// browser), and downloads. The app itself is aelab-app.js/.wasm (threaded) or aelab-app-st.js/
// .wasm (single-threaded), loaded only when the checks pass.
'use strict';

function aelabFatal(text) {
  const box = document.getElementById('message');
  box.textContent = text;
  box.hidden = false;
  document.body.classList.add('failed');
  console.warn('aelab: ' + text);
}

function missingFeatures() {
  const missing = [];
  const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl) missing.push('WebGL2 (enable hardware acceleration, or use a current Chrome, Firefox or Safari)');
  // The smallest module that uses a SIMD128 instruction (i8x16.splat); validate() rejects it without SIMD.
  const simd = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0,
    65, 0, 253, 15, 253, 98, 11]);
  if (typeof WebAssembly !== 'object' || !WebAssembly.validate(simd)) missing.push('WebAssembly SIMD');
  return missing;
}

// Wasm threads need SharedArrayBuffer, which browsers give only to cross-origin isolated pages
// (a server sending COOP + COEP headers). Anywhere else, e.g. a static host that cannot set
// headers, the single-threaded build runs: the same app, training between frames.
function chooseVariant() {
  if (self.crossOriginIsolated && typeof SharedArrayBuffer !== 'undefined') {
    return {name: 'threaded', script: 'aelab-app.js',
            reason: 'the page is cross-origin isolated (COOP/COEP headers), so training runs on worker threads'};
  }
  return {name: 'single-threaded', script: 'aelab-app-st.js',
          reason: 'the page is not cross-origin isolated (no COOP/COEP headers), so there are no wasm threads: ' +
                  'training runs between frames, slower'};
}
// For tests and the curious: which build runs, and why.
var aelabVariant = chooseVariant();

function aelabDownload(bytes, name) {
  const url = URL.createObjectURL(new Blob([bytes], {type: 'application/octet-stream'}));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// The app's status line (training state, epoch, test MSE, errors), called by the app when it
// changes: the ARIA live region reads it to screen-reader users.
function aelabStatus(text) {
  document.getElementById('live').textContent = text;
}

function aelabPickFiles() {
  document.getElementById('file-input').click();
}

// Copies File objects into MEMFS under /upload, hands their paths to the app (which reads them
// at once, all together: an IDX pair, PNG/JPEG images) and removes the copies.
async function aelabOpenFiles(files) {
  if (!files || !files.length) return;
  try { FS.mkdir('/upload'); } catch (e) { /* exists */ }
  const paths = [];
  try {
    for (const f of files) {
      const path = '/upload/' + f.name.replace(/[\/\n]/g, '_');
      FS.writeFile(path, new Uint8Array(await f.arrayBuffer()));
      paths.push(path);
    }
    Module.ccall('aelab_open_files', null, ['string'], [paths.join('\n')]);
  } finally {
    for (const path of paths) FS.unlink(path);
  }
}

var Module = {
  canvas: document.getElementById('canvas'),
  print: (text) => console.log(text),
  printErr: (text) => console.log(text),  // the app's progress lines, not errors
  onAbort: (what) => aelabFatal('The app stopped: ' + what),
  locateFile: (path) => path,
  onRuntimeInitialized: () => document.body.classList.add('running'),
};

(function start() {
  const missing = missingFeatures();
  if (missing.length) {
    aelabFatal('aelab cannot run in this browser. Missing:\n  - ' + missing.join('\n  - '));
    return;
  }
  Module.canvas = document.getElementById('canvas');
  const input = document.getElementById('file-input');
  input.addEventListener('change', () => {
    aelabOpenFiles(Array.from(input.files)).finally(() => { input.value = ''; });
  });
  let depth = 0;
  window.addEventListener('dragenter', (e) => { e.preventDefault(); depth++; document.body.classList.add('dragging'); });
  window.addEventListener('dragleave', () => { if (--depth <= 0) { depth = 0; document.body.classList.remove('dragging'); } });
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => {
    e.preventDefault();
    depth = 0;
    document.body.classList.remove('dragging');
    aelabOpenFiles(Array.from(e.dataTransfer.files));
  });
  // The app's shortcuts Ctrl+S (save) and F1 (help) must not also open the browser's own.
  window.addEventListener('keydown', (e) => {
    if (((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') || e.key === 'F1') e.preventDefault();
  });
  // Safari's pinch zoom ignores touch-action: a pinch on the pad draws instead of zooming.
  document.addEventListener('gesturestart', (e) => e.preventDefault());
  document.getElementById('variant').textContent = `${aelabVariant.name} build: ${aelabVariant.reason}`;
  const script = document.createElement('script');
  script.src = aelabVariant.script;
  document.body.appendChild(script);
})();
