// The habits people expect (issue 15, item 4), with real key and mouse events: a stroke on the
// pad, Ctrl+Z takes it back and Ctrl+Y puts it back; E switches to the eraser and its stroke
// undoes too; a key typed into a text field is not a shortcut; Space starts, pauses and resumes
// training; the arrow keys page the samples; F1 and "?" open the Help window; the arrow keys
// move the keyboard focus once it shows; Ctrl+S saves and downloads the model. Then the theme:
// the page follows prefers-color-scheme while it runs and when it opens, and the status bar's
// button toggles it.
import {runTest, launch, openApp, click, clickAt, drawStroke, waitFor, status, check, canvasImage, checkPartialRedraw}
  from './harness.mjs';
import {FLOORS, checkRegion} from '../pixels.mjs';

const BAR = [[6, 14], [22, 14]];

// A key held over a few frames: ImGui 1.86 reads key state once a frame, so a press and release
// within one frame (a busy machine's 7 fps) never reaches its navigation. The shortcuts read the
// events themselves and need no holding.
async function hold(page, key) {
  await page.keyboard.down(key);
  await page.waitForTimeout(200);
  await page.keyboard.up(key);
  await page.waitForTimeout(100);
}
const ACROSS = [[14, 6], [14, 22]];

runTest('habits', async ({url, shot}) => {
  const {context, close} = await launch();
  try {
    const {page, errors} = await openApp(context, url);
    let s = await status(page);
    check(s.theme === 'dark', `a dark system gives the dark theme, not ${s.theme}`);

    // ---- the pad: undo, redo, eraser
    await drawStroke(page, BAR);
    const drawn = await waitFor(page, 'the stroke', (st) => st.pad_ink > 10, 5000);
    await page.keyboard.press('Control+z');
    await waitFor(page, 'Ctrl+Z to empty the pad', (st) => st.pad_ink === 0, 5000);
    await page.keyboard.press('Control+y');
    await waitFor(page, 'Ctrl+Y to bring the stroke back', (st) => st.pad_ink === drawn.pad_ink, 5000);
    await page.keyboard.press('e');
    await waitFor(page, 'E to pick the eraser', (st) => st.eraser === true, 5000);
    await drawStroke(page, ACROSS);
    const erased = await waitFor(page, 'the eraser to wipe', (st) => st.pad_ink < drawn.pad_ink - 2, 5000);
    await page.keyboard.press('Control+z');
    await waitFor(page, 'the eraser stroke undone', (st) => st.pad_ink === drawn.pad_ink, 5000);
    await click(page, 'eraser');  // the button toggles it back
    await waitFor(page, 'the brush again', (st) => st.eraser === false, 5000);
    console.log(JSON.stringify({ink: drawn.pad_ink, erased: erased.pad_ink}));

    // ---- a text field has the keyboard: E and Space are typed, not shortcuts
    await clickAt(page, 'epochs', 0.15, 0.5);
    await page.keyboard.press('e');
    await page.keyboard.press(' ');
    await page.waitForTimeout(300);
    s = await status(page);
    check(s.eraser === false && s.state !== 'training', `a shortcut fired inside a text field: ${s.eraser} ${s.state}`);
    await hold(page, 'Escape');
    await click(page, 'samples_prev');  // the mouse elsewhere (page 0 stays 0)

    // ---- Space: start, pause, resume
    await page.keyboard.press(' ');
    await waitFor(page, 'Space to start training', (st) => st.state === 'training', 10000);
    await page.keyboard.press(' ');
    await waitFor(page, 'Space to pause', (st) => st.state === 'paused', 5000);
    await page.keyboard.press(' ');
    await waitFor(page, 'Space to resume', (st) => st.state === 'training', 5000);
    await waitFor(page, 'a loss to plot', (st) => st.train_loss.length >= 2, 30000);

    // ---- arrows page the samples; F1 and ? open Help
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await waitFor(page, 'two pages on', (st) => st.samples_page === 2, 5000);
    await page.keyboard.press('ArrowLeft');
    await waitFor(page, 'a page back', (st) => st.samples_page === 1, 5000);
    await page.keyboard.press('F1');
    s = await waitFor(page, 'F1 to open Help', (st) => st.help_open && st.widgets.help_window, 5000);
    await shot(page, '-help');
    await click(page, 'help_close');
    await waitFor(page, 'Help closed', (st) => !st.help_open, 5000);
    await page.keyboard.type('?');
    await waitFor(page, '? to open Help', (st) => st.help_open, 5000);
    await page.keyboard.press('F1');
    await waitFor(page, 'F1 to close Help', (st) => !st.help_open, 5000);

    // ---- keyboard navigation: Down shows the focus (in the window last clicked); then the
    // arrows move it, not the pages
    await click(page, 'samples_prev');
    await hold(page, 'ArrowDown');
    await waitFor(page, 'the keyboard focus', (st) => st.nav_visible === true, 5000);
    const page1 = (await status(page)).samples_page;
    await hold(page, 'ArrowRight');
    await page.waitForTimeout(300);
    check((await status(page)).samples_page === page1, 'an arrow paged the samples while the keyboard focus showed');
    await click(page, 'samples_prev');
    await waitFor(page, 'a click to hide the focus', (st) => st.nav_visible === false, 5000);

    // ---- the theme follows the system while the page runs, and the button toggles it
    await page.emulateMedia({colorScheme: 'light'});
    await waitFor(page, 'the light theme', (st) => st.theme === 'light', 5000);
    await page.waitForTimeout(300);
    await checkPartialRedraw(page, 'after the theme changed');
    s = await status(page);
    const light = await canvasImage(page);
    console.log(JSON.stringify({pixels_light_loss_plot: checkRegion(light, 'loss_plot', s.widgets.loss_plot, FLOORS.plot),
                                pixels_light_pad: checkRegion(light, 'pad', s.widgets.pad)}));
    await shot(page, '-light');
    await click(page, 'theme');
    await waitFor(page, 'the button to go dark', (st) => st.theme === 'dark', 5000);
    await click(page, 'stop');
    await waitFor(page, 'training to stop', (st) => st.state !== 'training' && st.state !== 'paused', 10000);
    // Ctrl+S saves (IndexedDB) and downloads the model, and the browser's own Save page stays shut.
    const [download] = await Promise.all([page.waitForEvent('download', {timeout: 10000}), page.keyboard.press('Control+s')]);
    check(download.suggestedFilename() === 'model.aelab', `Ctrl+S downloaded ${download.suggestedFilename()}`);
    await waitFor(page, 'the saved message', (st) => st.message.startsWith('saved '), 5000);
    check(errors.length === 0, `console errors: ${errors.join(' | ')}`);

    // ---- a page opened on a light system starts light
    const second = await context.newPage();
    await second.emulateMedia({colorScheme: 'light'});
    await second.goto(url);
    const first = await waitFor(second, 'the first frame', (st) => st.frame > 0, 30000);
    check(first.theme === 'light', `a light system gives the light theme, not ${first.theme}`);
  } finally {
    await close();
  }
});
