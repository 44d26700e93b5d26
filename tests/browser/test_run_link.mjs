// Shareable runs: a link with replay=1 sets the app up and trains; the page URL then carries the
// run; opening that URL again with replay reaches the same loss curve, value for value. A link
// with bad values keeps the defaults, says why, and leaves the app working.
import {runTest, launch, openApp, waitFor, status, check} from './harness.mjs';

// Every field of the run's table, in its order; keys the link left out have the table's defaults.
const RUN = 'data=builtin&model=linear&arch=linear&code_dim=32&loss=mse&optimizer=adam&lr=0.002&momentum=0.9&' +
            'batch=50&seed=5&epochs=1&shuffle=0&noise=gaussian&noise_level=0&sparsity=0&' +
            'sparse_weight=0.0001&contractive_weight=0.01&kl_weight=1';

async function replay(context, url) {
  const {page, errors} = await openApp(context, url);
  const s = await waitFor(page, 'the replayed run to finish', (st) => st.state === 'finished' && st.test_loss.length === 1, 60000);
  return {page, errors, s};
}

runTest('run_link', async ({url, shot}) => {
  const {context, close} = await launch();
  try {
    const first = await replay(context, `${url}#model=linear&seed=5&epochs=1&lr=0.002&batch=50&threads=1&colour=red&replay=1`);
    check(first.s.run === RUN, `run after the link: ${first.s.run}`);
    const shared = first.page.url();
    check(shared.endsWith('#' + RUN), `page URL does not carry the run: ${shared}`);
    await shot(first.page);

    const second = await replay(context, `${shared}&replay=1`);
    console.log(JSON.stringify({run: RUN, train_loss: first.s.train_loss, test_loss: first.s.test_loss}));
    check(JSON.stringify(second.s.train_loss) === JSON.stringify(first.s.train_loss),
          `replayed train curve differs: ${second.s.train_loss} vs ${first.s.train_loss}`);
    check(JSON.stringify(second.s.test_loss) === JSON.stringify(first.s.test_loss), 'replayed test loss differs');

    const bad = await openApp(context, `${url}#epochs=1e99&model=resnet&batch=-1&colour=red`);
    const b = await waitFor(bad.page, 'the bad link message', (st) => st.message_error, 10000);
    check(b.message === 'settings from the link: epochs="1e99": expected a whole number from 0 to 100000 (+3 more)',
          `message: ${b.message}`);
    check(b.run.includes('model=linear') && b.run.includes('epochs=20') && b.run.includes('batch=20'), `defaults lost: ${b.run}`);
    check(b.state !== 'training', 'a bad link started training');
    for (const p of [first, second, bad]) check(p.errors.length === 0, `console errors: ${p.errors.join(' | ')}`);
  } finally {
    await close();
  }
});
