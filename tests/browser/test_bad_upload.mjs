// A malformed upload shows a one-line error in the status bar and the app keeps working:
// frames keep coming, and a good IDX pair uploaded next is used, and training still runs.
import zlib from 'node:zlib';
import {runTest, launch, openApp, click, waitFor, status, check} from './harness.mjs';

function idx(magic, dims, body) {
  const head = Buffer.alloc(4 + 4 * dims.length);
  head.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => head.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([head, body]);
}

runTest('bad_upload', async ({url, shot}) => {
  const {context, close} = await launch();
  try {
    const {page, errors} = await openApp(context, url);
    const input = page.locator('#file-input');
    await input.setInputFiles({name: 'train-images-idx3-ubyte', mimeType: 'application/octet-stream',
                               buffer: Buffer.from('this is not an IDX file at all')});
    const bad = await waitFor(page, 'an error message', (s) => s.message_error, 5000);
    console.log(`error shown: ${bad.message}`);
    check(bad.message === 'train-images-idx3-ubyte: not a data file aelab reads (IDX images or labels, raw or .gz; ' +
          'a .zip of PNG or JPEG images, .npz, .npy or .csv; PNG or JPEG images)', `unexpected message: ${bad.message}`);
    // A truncated gzip is refused too.
    await input.setInputFiles({name: 'x.gz', mimeType: 'application/gzip',
                               buffer: zlib.gzipSync(Buffer.alloc(1000)).subarray(0, 30)});
    await waitFor(page, 'a gzip error', (s) => s.message_error && s.message.includes('x.gz'), 5000);
    await shot(page, '-error');
    const f0 = (await status(page)).frame;
    await page.waitForTimeout(1500);
    const f1 = (await status(page)).frame;
    console.log(`frames in 1.5 s after the bad uploads: ${f1 - f0}`);
    check(f1 > f0 + 5, 'the app stopped drawing after the bad upload');

    // 50 random 28x28 images with labels, gzipped: accepted and split 40/10 (the seeded split).
    const n = 50, pixels = Buffer.alloc(n * 784);
    for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7919) % 256;
    const labels = Buffer.from(Array.from({length: n}, (_, i) => i % 10));
    await input.setInputFiles([
      {name: 'my-images-idx3-ubyte.gz', mimeType: 'application/gzip', buffer: zlib.gzipSync(idx(0x803, [n, 28, 28], pixels))},
      {name: 'my-labels-idx1-ubyte', mimeType: 'application/octet-stream', buffer: idx(0x801, [n], labels)},
    ]);
    const good = await waitFor(page, 'the uploaded set', (s) => !s.message_error && s.train_count === 40, 5000);
    console.log(`accepted: ${good.message}`);
    await click(page, 'start');
    await waitFor(page, 'training on the upload', (s) => s.test_loss.length >= 1, 20000);
    await shot(page);
    check(errors.length === 0, `console errors: ${errors.join(' | ')}`);
  } finally {
    await close();
  }
});
