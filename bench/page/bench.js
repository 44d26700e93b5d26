// The browser side of bench/browser_bench.mjs: the seed linear workload (784-32-784, ReLU,
// sigmoid, MSE, Adam 1e-3) trained on Fashion-MNIST's 60,000 training images in file order, by
// aelab's wasm build (the `aelab bench` command line, in MEMFS) and by TensorFlow.js.
'use strict';

const FILES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];

async function fetchGz(name) {
  const res = await fetch(`/data/${name}.gz`);
  if (!res.ok) throw new Error(`/data/${name}.gz: ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

async function gunzip(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// aelab: `aelab bench --json --data /data ...` in the wasm build; returns its JSON lines.
window.runAelab = async function (args) {
  const lines = [];
  const errors = [];
  let done;
  const finished = new Promise((resolve) => { done = resolve; });
  const mod = await createAelabBench({
    print: (s) => lines.push(s),
    printErr: (s) => errors.push(s),
    onExit: (code) => done(code),
  });
  mod.FS.mkdir('/data');
  for (const f of FILES) mod.FS.writeFile(`/data/${f}.gz`, await fetchGz(f));
  mod.callMain(['bench', '--json', '--data', '/data', ...args]);
  const code = await finished;
  if (code !== 0) throw new Error(`aelab bench exited with ${code}: ${errors.join(' | ')}`);
  return lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
};

async function loadTfData() {
  const raw = await gunzip(await fetchGz('train-images-idx3-ubyte'));
  const view = new DataView(raw.buffer);
  const n = view.getUint32(4), d = view.getUint32(8) * view.getUint32(12);
  const x = new Float32Array(n * d);
  for (let i = 0; i < x.length; i++) x[i] = raw[16 + i] / 255;
  return {n, d, x};
}

// One TensorFlow.js backend ('cpu', 'wasm', 'webgl'): the seed model, `steps` timed Adam
// steps, each on a batch tensor made from a view of the preconverted float images (no copy of
// the whole set into the backend), after one warm-up step.
window.runTfjs = async function (backend, batch, steps) {
  if (backend === 'wasm' && !window.wasmPathsSet) {
    tf.wasm.setWasmPaths('/tfjs/');
    window.wasmPathsSet = true;
  }
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} unavailable`);
  await tf.ready();
  const data = await loadTfData();
  const dense1 = tf.layers.dense({units: 32, activation: 'relu', inputShape: [data.d]});
  const dense2 = tf.layers.dense({units: data.d, activation: 'sigmoid'});
  const model = tf.sequential({layers: [dense1, dense2]});
  const opt = tf.train.adam(0.001);
  let first = 0;
  const step = () => {
    if (first + batch > data.n) first = 0;
    const loss = tf.tidy(() => {
      const x = tf.tensor2d(data.x.subarray(first * data.d, (first + batch) * data.d), [batch, data.d]);
      return opt.minimize(() => tf.losses.meanSquaredError(x, model.apply(x)), true);
    });
    first += batch;
    return loss;
  };
  (await step().data());  // warm-up: compiles kernels / shaders
  let lossSum = tf.scalar(0);
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) {
    const l = step();
    const s = tf.add(lossSum, l);
    lossSum.dispose();
    l.dispose();
    lossSum = s;
  }
  const total = (await lossSum.data())[0];  // waits for the GPU on webgl
  const seconds = (performance.now() - t0) / 1000;
  let variant = backend;
  if (backend === 'wasm') {
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    variant = threads && simd ? 'wasm-threaded-simd' : simd ? 'wasm-simd' : 'wasm';
  }
  lossSum.dispose();
  model.dispose();
  return {
    system: `tfjs-${variant}`, workload: `linear-b${batch}`, model: 'linear', batch,
    threads: backend === 'wasm' && tf.wasm.getThreadsCount ? tf.wasm.getThreadsCount() : 1, steps,
    samples_per_s: steps * batch / seconds, seconds, loss: total / steps,
    tfjs_version: tf.version.tfjs, backend: variant,
  };
};
