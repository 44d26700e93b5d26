// Your own data in the page, through the page's drop handler and file picker (the files never
// leave the browser): a .zip of colour PNG digits in class subfolders, a Keras-layout .npz and
// a set of PNG images without labels each load (the Data panel's one-line summary), train a
// few steps and show their images (colour in colour); a bad file shows the core's one-line
// error and the data stays; a PNG and a JPEG (made by the browser's own encoder) dropped on the
// pad each get a reconstruction, a JPEG cut short is refused with the core's reason, and the pad
// explains itself for colour data. The fixtures are made here from the built-in digits.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import {runTest, launch, openApp, click, waitFor, status, check, canvasImage, webRoot} from './harness.mjs';

// ---- fixture writers: IDX in, PNG, .npy, .zip (stored) out
function readIdx(file) {
  const b = fs.readFileSync(file);
  const dims = Array.from({length: b[3]}, (_, i) => b.readUInt32BE(4 + 4 * i));
  return {dims, data: b.subarray(4 + 4 * dims.length)};
}

const CRC = Array.from({length: 256}, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const x of buf) c = CRC[(c ^ x) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// An 8-bit PNG of w x h pixels, `channels` 1 (grey) or 3 (RGB), pixels row-major interleaved.
function png(w, h, channels, pixels) {
  const chunk = (type, body) => {
    const len = Buffer.alloc(4), crc = Buffer.alloc(4), tb = Buffer.concat([Buffer.from(type), body]);
    len.writeUInt32BE(body.length);
    crc.writeUInt32BE(crc32(tb));
    return Buffer.concat([len, tb, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = channels === 3 ? 2 : 0;
  const raw = Buffer.alloc(h * (1 + w * channels));
  for (let y = 0; y < h; y++) Buffer.from(pixels.subarray(y * w * channels, (y + 1) * w * channels)).copy(raw, y * (1 + w * channels) + 1);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function npy(shape, data) {
  let header = `{'descr': '|u1', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const head = Buffer.alloc(10);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(head);
  head.writeUInt16LE(header.length, 8);
  return Buffer.concat([head, Buffer.from(header), Buffer.from(data)]);
}

function zip(files) {
  const parts = [], dir = [];
  let offset = 0;
  for (const {name, bytes} of files) {
    const n = Buffer.from(name), crc = crc32(bytes);
    const header = (central) => {
      const h = Buffer.alloc(central ? 46 : 30);
      let i = 0;
      const u32 = (v) => { h.writeUInt32LE(v >>> 0, i); i += 4; };
      const u16 = (v) => { h.writeUInt16LE(v, i); i += 2; };
      u32(central ? 0x02014b50 : 0x04034b50);
      if (central) u16(20);
      u16(20); u16(0); u16(0); u32(0); u32(crc); u32(bytes.length); u32(bytes.length); u16(n.length); u16(0);
      if (central) { u16(0); u16(0); u16(0); u32(0); u32(offset); }
      return Buffer.concat([h, n]);
    };
    const local = header(false);
    parts.push(local, bytes);
    dir.push(header(true));
    offset += local.length + bytes.length;
  }
  const central = Buffer.concat(dir), end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(central.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, central, end]);
}

const builtin = path.resolve(webRoot(), '..', 'data', 'builtin');
const images = readIdx(path.join(builtin, 't10k-images-idx3-ubyte')).data;
const labels = readIdx(path.join(builtin, 't10k-labels-idx1-ubyte')).data;
const digit = (i) => images.subarray(i * 784, (i + 1) * 784);

// 200 digits tinted by label (red, green or blue ink), in class subfolders "0/" .. "9/".
const TINTS = [[1, 0.2, 0.2], [0.2, 1, 0.2], [0.2, 0.2, 1]];
const zipFiles = [];
for (let i = 0; i < 200; i++) {
  const t = TINTS[labels[i] % 3], rgb = new Uint8Array(784 * 3), g = digit(i);
  for (let p = 0; p < 784; p++) for (let c = 0; c < 3; c++) rgb[p * 3 + c] = Math.round(g[p] * t[c]);
  zipFiles.push({name: `digits/${labels[i]}/${String(i).padStart(4, '0')}.png`, bytes: png(28, 28, 3, rgb)});
}
const digitsZip = zip(zipFiles);
// Keras's mnist.npz: 300 train and 100 test digits with labels.
const keras = zip([
  {name: 'x_train.npy', bytes: npy([300, 28, 28], images.subarray(200 * 784, 500 * 784))},
  {name: 'y_train.npy', bytes: npy([300], labels.subarray(200, 500))},
  {name: 'x_test.npy', bytes: npy([100, 28, 28], images.subarray(500 * 784, 600 * 784))},
  {name: 'y_test.npy', bytes: npy([100], labels.subarray(500, 600))},
]);
// A digit as a scan: dark ink on light paper, 84x84.
const scan = new Uint8Array(84 * 84);
for (let y = 0; y < 84; y++) for (let x = 0; x < 84; x++) scan[y * 84 + x] = 235 - Math.round(digit(3)[Math.floor(y / 3) * 28 + Math.floor(x / 3)] * 0.85);

// A JPEG of grey pixels (w x h) from the browser's own encoder (canvas), not from aelab's libjpeg.
async function browserJpeg(page, w, h, grey) {
  const b64 = await page.evaluate(async ({w, h, g}) => {
    const canvas = new OffscreenCanvas(w, h), ctx = canvas.getContext('2d'), img = ctx.createImageData(w, h);
    for (let i = 0; i < w * h; i++) img.data.set([g[i], g[i], g[i], 255], 4 * i);
    ctx.putImageData(img, 0, 0);
    const blob = await canvas.convertToBlob({type: 'image/jpeg', quality: 0.9});
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let text = '';
    for (const b of bytes) text += String.fromCharCode(b);
    return btoa(text);
  }, {w, h, g: Array.from(grey)});
  const jpeg = Buffer.from(b64, 'base64');
  check(jpeg[0] === 0xff && jpeg[1] === 0xd8, 'the browser did not make a JPEG');
  return jpeg;
}

// Drops files on the page at a point of the canvas, as a user's drag and drop would.
async function drop(page, files, at = [640, 400]) {
  const box = await page.locator('#canvas').boundingBox();
  const list = files.map((f) => ({name: f.name, b64: Buffer.from(f.bytes).toString('base64')}));
  const dataTransfer = await page.evaluateHandle((l) => {
    const dt = new DataTransfer();
    for (const f of l) dt.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name));
    return dt;
  }, list);
  await page.dispatchEvent('#canvas', 'drop', {dataTransfer, clientX: box.x + at[0], clientY: box.y + at[1]});
}

// Trains until the curve has a few points (a few steps), then stops: the steps are counted.
async function trainAFewSteps(page, what) {
  await click(page, 'start');
  await waitFor(page, `training on ${what}`, (s) => s.train_loss.length >= 3, 30000);
  await click(page, 'stop');
  const s = await waitFor(page, 'training to stop', (st) => st.state !== 'training' && st.steps > 0, 10000);
  const loss = s.train_loss[s.train_loss.length - 1];
  check(Number.isFinite(loss) && loss > 0, `${what}: the loss is ${loss}`);
  console.log(`${what}: ${s.steps} steps, train loss ${s.train_loss[0]} -> ${loss}`);
  return s;
}

// Pixels of a region whose channels differ by more than 40: colour, not grey.
function colourPixels(img, [x, y, w, h]) {
  let n = 0;
  for (let j = Math.ceil(y) + 2; j < y + h - 2; j++) {
    for (let i = Math.ceil(x) + 2; i < x + w - 2; i++) {
      const o = (j * img.width + i) * 4, d = img.rgba;
      if (Math.max(d[o], d[o + 1], d[o + 2]) - Math.min(d[o], d[o + 1], d[o + 2]) > 40) n++;
    }
  }
  return n;
}

runTest('data_drop', async ({url, shot}) => {
  const {context, close} = await launch();
  try {
    const {page, errors} = await openApp(context, url);

    // 1. A .zip of colour PNG digits in class subfolders: 160 train + 40 test (the seeded split).
    await drop(page, [{name: 'digits.zip', bytes: digitsZip}]);
    const z = await waitFor(page, 'the zip', (s) => s.data === 'digits.zip', 20000);
    console.log(`zip: ${z.message}`);
    check(!z.message_error, `the zip was refused: ${z.message}`);
    check(z.data_summary === '160 train + 40 test images, 28x28x3, values 0..255, labels 0-9',
          `zip summary: ${z.data_summary}`);
    await waitFor(page, 'the draw pad explaining itself for colour data', (s) => s.widgets.pad_refusal, 5000);
    await trainAFewSteps(page, 'the zip');
    const img = await canvasImage(page), zs = await status(page);
    const colour = colourPixels(img, zs.widgets.figure_in_0);
    console.log(`colour pixels in the first figure image: ${colour}`);
    check(colour > 20, 'the colour digits are not drawn in colour');
    await shot(page, '-zip');

    // 2. A bad file: the core's one-line error, and the zip's data stays.
    await drop(page, [{name: 'broken.npz', bytes: Buffer.from('PK\x03\x04 this is no archive')}]);
    const bad = await waitFor(page, 'the error', (s) => s.message_error, 10000);
    console.log(`bad file: ${bad.message}`);
    check(bad.message.startsWith('broken.npz: ') && !bad.message.includes('\n'), `unexpected error: ${bad.message}`);
    check(bad.data === 'digits.zip' && bad.train_count === 160, `the old data was lost: ${bad.data} ${bad.train_count}`);

    // 3. A Keras-layout .npz, through the file picker: its own test part, grey.
    await page.locator('#file-input').setInputFiles({name: 'mnist.npz', mimeType: 'application/octet-stream', buffer: keras});
    const k = await waitFor(page, 'the npz', (s) => s.data === 'mnist.npz', 20000);
    check(!k.message_error, `the npz was refused: ${k.message}`);
    check(k.data_summary === '300 train + 100 test images, 28x28x1, values 0..255, labels 0-9', `npz summary: ${k.data_summary}`);
    await trainAFewSteps(page, 'the npz');

    // 4. A picture on the pad: preprocessed as a drawing, reconstructed, coded; a PNG, then a
    // JPEG of another digit; a JPEG cut short refused and the pad kept.
    const padAt = (s) => [s.widgets.pad[0] + s.widgets.pad[2] / 2, s.widgets.pad[1] + s.widgets.pad[3] / 2];
    const before = await waitFor(page, 'the pad', (s) => s.widgets.pad, 5000);
    await drop(page, [{name: 'scan.png', bytes: png(84, 84, 1, scan)}], padAt(before));
    const p = await waitFor(page, 'the picture on the pad', (s) => s.pad_ink > 10 && s.pad_recon_sum > 1, 10000);
    console.log(`picture: ${p.message}; pad ink ${p.pad_ink}, reconstruction sum ${p.pad_recon_sum}`);
    check(p.message.includes('scan.png (84x84) is on the draw pad'), `unexpected message: ${p.message}`);
    await shot(page, '-pad');
    const scan7 = new Uint8Array(84 * 84);
    for (let y = 0; y < 84; y++) for (let x = 0; x < 84; x++) scan7[y * 84 + x] = 235 - Math.round(digit(7)[Math.floor(y / 3) * 28 + Math.floor(x / 3)] * 0.85);
    const jpeg = await browserJpeg(page, 84, 84, scan7);
    await drop(page, [{name: 'photo.jpg', bytes: jpeg}], padAt(p));
    // Its own reconstruction: another digit's ink and reconstruction than the PNG's.
    const j = await waitFor(page, 'the JPEG on the pad and its reconstruction', (s) => s.message.includes('photo.jpg') &&
                            s.pad_ink > 10 && s.pad_recon_sum > 1 && s.pad_recon_sum !== p.pad_recon_sum, 10000);
    console.log(`JPEG (${jpeg.length} bytes from the browser): ${j.message}; pad ink ${j.pad_ink}, reconstruction sum ${j.pad_recon_sum}`);
    check(j.message.includes('photo.jpg (84x84) is on the draw pad') && !j.message_error, `unexpected message: ${j.message}`);
    check(j.pad_ink !== p.pad_ink, 'the JPEG did not change the pad');
    await drop(page, [{name: 'cut.jpg', bytes: jpeg.subarray(0, jpeg.length >> 1)}], padAt(p));
    const c = await waitFor(page, 'the cut JPEG refused', (s) => s.message_error, 10000);
    console.log(`cut JPEG: ${c.message}`);
    check(c.message === 'cut.jpg: not a valid JPEG (Premature end of JPEG file)', `unexpected message: ${c.message}`);
    check(c.pad_ink === j.pad_ink, 'the refused JPEG changed the pad');

    // 5. PNG images without labels: the views that need labels say so.
    const files = Array.from({length: 40}, (_, i) => ({name: `d${i}.png`, bytes: png(28, 28, 1, digit(600 + i))}));
    await drop(page, files);
    const u = await waitFor(page, 'the unlabelled set', (s) => s.data === 'd0.png + 39 more', 20000);
    check(u.data_summary === '32 train + 8 test images, 28x28x1, values 0..255, no labels', `summary: ${u.data_summary}`);
    await trainAFewSteps(page, 'the unlabelled set');
    await click(page, 'tab_latent');
    const l = await waitFor(page, 'the latent map', (s) => s.explore.latent_points === 8, 20000);
    console.log(`latent map of the unlabelled set: ${l.explore.latent_points} points`);
    await shot(page, '-unlabelled');
    check(errors.length === 0, `console errors: ${errors.join(' | ')}`);
  } finally {
    await close();
  }
});
