// Save keeps the model across a reload (IndexedDB): the same weights (a hash of them from the
// app's status), epochs and steps come back; and Download hands out a checkpoint.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {runTest, launch, openApp, click, waitFor, status, check} from './harness.mjs';

runTest('persist', async ({url, shot}) => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'aelab-browser-'));
  const {context, close} = await launch({userDataDir: profile});
  try {
    let {page, errors} = await openApp(context, url);
    const fresh = await status(page);
    await click(page, 'start');
    await waitFor(page, 'one epoch', (s) => s.test_loss.length >= 1, 40000);
    await click(page, 'stop');
    const trained = await waitFor(page, 'training to stop', (s) => s.state !== 'training' && s.epochs_trained >= 1, 10000);
    check(/^[0-9a-f]{16}$/.test(trained.weights_hash) && trained.weights_hash !== fresh.weights_hash,
          `the weights hash ${trained.weights_hash} did not change with training (${fresh.weights_hash} before)`);
    await click(page, 'save');
    await waitFor(page, 'the save', (s) => s.message.startsWith('saved'), 5000);
    const [download] = await Promise.all([page.waitForEvent('download', {timeout: 10000}), click(page, 'download')]);
    const file = path.join(profile, 'downloaded.aelab');
    await download.saveAs(file);
    const head = fs.readFileSync(file).subarray(0, 8).toString('latin1');
    check(head === 'AELABCKP', `the download is not a checkpoint (starts with ${head})`);
    await page.waitForTimeout(500);  // let FS.syncfs finish writing IndexedDB
    check(errors.length === 0, `console errors: ${errors.join(' | ')}`);
    await page.close();

    ({page, errors} = await openApp(context, url));
    const s = await waitFor(page, 'the model restored from IndexedDB', (st) => st.message.startsWith('loaded'), 15000);
    check(s.weights_hash === trained.weights_hash,
          `restored weights differ: hash ${s.weights_hash}, saved ${trained.weights_hash}`);
    check(s.epochs_trained === trained.epochs_trained && s.steps === trained.steps,
          `restored model differs: ${s.epochs_trained} epochs / ${s.steps} steps, saved ${trained.epochs_trained} / ${trained.steps}`);
    console.log(JSON.stringify({epochs: s.epochs_trained, steps: s.steps, weights_hash: s.weights_hash, message: s.message}));
    await shot(page);
    check(errors.length === 0, `console errors after reload: ${errors.join(' | ')}`);
  } finally {
    await close();
    fs.rmSync(profile, {recursive: true, force: true});
  }
});
