// The page does nothing a user would not expect: every request it makes (page, workers, wasm,
// data) goes to its own origin, and the strict Content-Security-Policy from web/serve.mjs is
// never violated (no eval, no inline script or style, no foreign connection), while the app
// loads, trains for a moment (the trainer runs in a worker) and stops.
import {runTest, launch, openApp, click, waitFor, check} from './harness.mjs';

runTest('security', async ({url, shot}) => {
  const {context, close} = await launch();
  try {
    const origin = new URL(url).origin;
    const requests = [];
    context.on('request', (req) => requests.push(req.url()));
    // Violations are reported to the page as events (and to the console, which openApp watches).
    await context.addInitScript(() => {
      self.__csp = [];
      self.addEventListener('securitypolicyviolation',
                            (e) => self.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    // 100 epochs: training outlasts the wait for two loss points on a fast machine.
    const {page, errors} = await openApp(context, `${url}#epochs=100`);
    page.on('console', (msg) => {
      if (/Content Security Policy|Refused to/i.test(msg.text())) errors.push(msg.text());
    });
    const csp = (await page.request.get(url)).headers()['content-security-policy'] || '';
    check(csp.includes("default-src 'none'") && !csp.includes("'unsafe-eval'") && !csp.includes("'unsafe-inline'"),
          `the page is not served with the strict CSP: ${csp}`);
    await click(page, 'start');
    await waitFor(page, 'training', (s) => s.state === 'training' && s.train_loss.length >= 2, 30000);
    await click(page, 'stop');
    await waitFor(page, 'the stop', (s) => s.state !== 'training', 10000);
    const violations = await page.evaluate(() => self.__csp);
    const foreign = requests.filter((u) => {
      const p = new URL(u);
      return !(p.origin === origin || p.protocol === 'blob:' && u.startsWith(`blob:${origin}/`) || p.protocol === 'data:');
    });
    console.log(JSON.stringify({requests: requests.length, foreign, violations}));
    check(foreign.length === 0, `requests to another origin: ${foreign.join(' ')}`);
    check(violations.length === 0, `CSP violations: ${violations.join(' | ')}`);
    check(errors.length === 0, `console errors: ${errors.join(' | ')}`);
    await shot(page);
  } finally {
    await close();
  }
});
