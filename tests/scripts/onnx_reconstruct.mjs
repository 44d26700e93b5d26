// Runs an `aelab export --format onnx` file with ONNX Runtime (npm onnxruntime-node) on a test
// set and compares its reconstructions with aelab's (`aelab encode --reconstructions`).
//   usage: node onnx_reconstruct.mjs MODEL.onnx MNIST_DIR RECON.npy
// Prints one JSON line; exits 1 when the largest difference is above 1e-5.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The repository's node_modules, wherever the test runs from.
const require = createRequire(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'package.json'));
const ort = require('onnxruntime-node');

const [modelPath, dataDir, reconPath] = process.argv.slice(2);
const idx = readFileSync(path.join(dataDir, 't10k-images-idx3-ubyte'));
const [count, rows, cols] = [idx.readUInt32BE(4), idx.readUInt32BE(8), idx.readUInt32BE(12)];
const images = Float32Array.from(idx.subarray(16, 16 + count * rows * cols), (v) => v / 255);

// .npy: magic, version, u16 header length, the header, then little-endian float32 data.
const npy = readFileSync(reconPath);
const headerLen = npy.readUInt16LE(8);
const want = new Float32Array(npy.buffer.slice(npy.byteOffset + 10 + headerLen, npy.byteOffset + npy.length));

const session = await ort.InferenceSession.create(modelPath);
const out = await session.run({ image: new ort.Tensor('float32', images, [count, rows * cols]) });
const got = out.reconstruction.data;
let maxAbs = got.length === want.length ? 0 : Infinity;
for (let i = 0; i < got.length && i < want.length; ++i) maxAbs = Math.max(maxAbs, Math.abs(got[i] - want[i]));
console.log(JSON.stringify({ onnx: modelPath, images: count, recon_max_abs: maxAbs }));
process.exit(maxAbs <= 1e-5 ? 0 : 1);
