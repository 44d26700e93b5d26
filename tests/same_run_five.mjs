// One run file, five trainers (README "Runs: five targets"): for every model the app offers, and
// input noise of each kind, a run file written by the command line trains to the same test MSE
// and the same train-loss curve, bit for bit, in the portable native CLI, the wasm CLI under
// Node, the desktop app (under Xvfb), the threaded page and the single-threaded page; each app
// reports the file's run. Then the run the desktop app reports (the text of its Copy link and
// Export run) trained by the CLI gives the app's test MSE. Runs use 1 thread: the
// single-threaded page has no more.
//   node same_run_five.mjs PORTABLE_CLI WASM_CLI DESKTOP_APP XVFB_RUN WEB_ROOT WORK_DIR
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { launch, startServer, waitFor, watchErrors } from "./browser/harness.mjs";

// Absolute: the desktop app runs in a directory of its own.
const [portableCli, wasmCli, desktopApp, xvfbRun, webRoot, work] = process.argv.slice(2).map((p) => resolve(p));
for (const file of [portableCli, wasmCli, desktopApp, xvfbRun, `${webRoot}/aelab-app.js`, `${webRoot}/aelab-app-st.js`]) {
  if (!existsSync(file)) {
    console.error(`${file} is missing: build the native and wasm presets first (scripts/build.sh native wasm)`);
    process.exit(1);
  }
}

// 1 epoch each, shuffled, small enough that all twelve runs through five trainers take minutes.
// Every field not named takes the table's default; the run file written below has them all.
const COMMON = "seed=7&epochs=1&shuffle=1&threads=1";
const cases = [
  ["linear", "model=linear&batch=50"],
  ["mlp", "model=mlp&batch=50&edits=40:lr=0.002"],  // a timeline edit, replayed by every trainer
  ["conv", "model=conv&batch=100"],
  ["conv-strided", "model=conv-strided&batch=100"],
  ["conv-upsample", "model=conv-upsample&batch=100"],
  ["vae", "model=vae&batch=50"],
  ["sparse", "model=sparse&batch=50&sparsity=0.05"],
  ["contractive", "model=contractive&batch=50"],
  ["gaussian", "model=linear&batch=50&noise=gaussian&noise_level=0.3"],
  ["saltpepper", "model=conv-strided&batch=100&noise=saltpepper&noise_level=0.2"],
  ["mask", "model=mlp&batch=50&noise=mask&noise_level=0.25"],
  // Live edits as the app records them: two learning rates and a noise level, mid-epoch.
  ["live edits", "model=linear&batch=50&edits=30:lr=0.003;70:noise_level=0.15;110:lr=0.0005"],
];

// The fields of a flat run file as their raw JSON text (numbers exactly as written).
function runFields(json) {
  const fields = [];
  for (const m of json.matchAll(/"(\w+)":("(?:[^"\\]|\\.)*"|[^,}]+)/g)) {
    fields.push([m[1], m[2].startsWith('"') ? JSON.parse(m[2]) : m[2]]);
  }
  return fields;
}

// The run file as a link fragment, encoded as run_to_fragment does (src/run.cpp).
function fragmentOf(json) {
  const encode = (v) => [...new TextEncoder().encode(v)].map((c) => {
    const ch = String.fromCharCode(c);
    return /[A-Za-z0-9\-._~:;=,/]/.test(ch) ? ch : `%${c.toString(16).toUpperCase().padStart(2, "0")}`;
  }).join("");
  return runFields(json).filter(([k, v]) => !k.startsWith("aelab_") && !(k === "edits" && v === ""))
    .map(([k, v]) => `${k}=${encode(v)}`).join("&");
}

// A CLI run of the file: its test MSE (JSON line, loss.csv) and its curve.csv losses.
function trainCli(command, runArg, out) {
  rmSync(out, { recursive: true, force: true });
  const line = execFileSync(command[0], [...command.slice(1), "train", "--run", runArg, "--out", out],
    { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const rows = readFileSync(`${out}/loss.csv`, "utf8").trim().split("\n").slice(1);
  const curve = readFileSync(`${out}/curve.csv`, "utf8").trim().split("\n").slice(1);
  return { testMse: rows.map((r) => Number(r.split(",")[2])), jsonTestMse: JSON.parse(line).test_mse,
           curve: curve.map((r) => Number(r.split(",")[1])) };
}

// The desktop app imports the file, trains it and prints its status line on exit.
function trainDesktop(file, dir) {
  const out = execFileSync(xvfbRun, ["-a", "-s", "-screen 0 1280x800x24", desktopApp, "--model", `${dir}/no-model.aelab`,
    "--run", file, "--replay", "--quit-when-trained", "--print-status"],
    { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 300000 });
  const s = JSON.parse(out.match(/{"frame":.*/)[0]);
  return { testMse: [s.test_mse], testCurve: s.test_loss, curve: s.train_loss, run: s.run, state: s.state,
           message: s.message };
}

// A page (threaded or single-threaded build) replays the run from its link. Each run loads the
// page afresh: the app reads the fragment once, at start.
async function trainPage(page, url, fragment) {
  await page.goto("about:blank");
  await page.goto(`${url}#${fragment}&replay=1`);
  const s = await waitFor(page, "the replayed run to finish",
    (st) => st.state !== "training" && st.state !== "idle" && st.test_loss.length >= 1, 240000);
  return { testMse: [s.test_mse], testCurve: s.test_loss, curve: s.train_loss, run: s.run, state: s.state,
           message: s.message, variant: s.variant };
}

// Curves are floats, printed with 9 digits by every trainer: equal text, equal bits. The test
// MSE is a double, printed with 9 digits by the CLIs and the app's status alike (the app's
// float test curve rounds it, and 9 digits of a double do not always say which float it rounds
// to, so the curve is compared among the apps).
const f32 = (v) => Math.fround(v);
const sameList = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);

mkdirSync(work, { recursive: true });
const t0 = Date.now();
const failures = [];
const table = [];
const { context, close } = await launch();
const servers = { "threaded": await startServer(webRoot),
                  "single-threaded": await startServer(webRoot, { isolation: false }) };
const pages = {};
const errors = {};
for (const variant of Object.keys(servers)) {
  pages[variant] = await context.newPage();
  errors[variant] = watchErrors(pages[variant]);
}
try {
  for (const [name, link] of cases) {
    const dir = `${work}/${name}`;
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    // The run file: the CLI writes run.json (run_to_json, every field resolved) before it trains;
    // 0 epochs makes it write just that, and the file then asks for the 1 epoch of the link.
    execFileSync(portableCli, ["train", "--run", `#${link}&${COMMON}`, "--epochs", "0", "--out", `${dir}/make`],
      { stdio: ["ignore", "ignore", "pipe"] });
    const made = readFileSync(`${dir}/make/run.json`, "utf8");
    const text = made.replace(/"epochs":0([,}])/, '"epochs":1$1');
    if (text === made) throw new Error(`${name}: run.json has no "epochs":0: ${made}`);
    const file = `${dir}/run.json`;
    writeFileSync(file, text);
    const fragment = fragmentOf(text);

    const results = {
      "native CLI": trainCli([portableCli], file, `${dir}/portable`),
      "wasm CLI": trainCli([process.execPath, "--no-experimental-fetch", wasmCli], file, `${dir}/wasm`),
      "desktop app": trainDesktop(file, dir),
    };
    for (const variant of Object.keys(servers)) {
      const r = await trainPage(pages[variant], servers[variant].url, fragment);
      if (r.variant !== variant) failures.push(`${name}: the ${variant} page ran the ${r.variant} build`);
      results[`web ${variant}`] = r;
    }

    // The reference is the native CLI (and, for the app's float test curve, the desktop app).
    const ref = results["native CLI"];
    const refCurve = ref.curve.map(f32);
    if (ref.testMse.length !== 1 || ref.jsonTestMse !== ref.testMse[0]) {
      failures.push(`${name}: the native CLI's loss.csv (${ref.testMse}) and JSON line (${ref.jsonTestMse}) disagree`);
    }
    for (const [target, r] of Object.entries(results)) {
      const problems = [];
      if (r.state !== undefined && r.state !== "finished") problems.push(`state ${r.state} (${r.message})`);
      if (r.run !== undefined && r.run !== fragment) problems.push(`runs ${r.run}, the file says ${fragment}`);
      if (!sameList(r.testMse, ref.testMse)) problems.push(`test MSE ${r.testMse} vs ${ref.testMse}`);
      if (r.testCurve && !sameList(r.testCurve, results["desktop app"].testCurve)) {
        problems.push(`test curve ${r.testCurve} vs the desktop app's ${results["desktop app"].testCurve}`);
      }
      const curve = r.curve.map(f32);
      const first = curve.findIndex((v, i) => v !== refCurve[i]);
      if (curve.length !== refCurve.length || first >= 0) {
        problems.push(`train curve of ${curve.length} points vs ${refCurve.length}` +
                      (first >= 0 ? `, first differs at point ${first}: ${curve[first]} vs ${refCurve[first]}` : ""));
      }
      table.push([name, target, r.testMse[r.testMse.length - 1], curve.length, problems.length ? "DIFFERS" : "same"]);
      for (const p of problems) failures.push(`${name}, ${target}: ${p}`);
    }

    // The run the desktop app reports, trained by the command line, gives the app's test MSE.
    const desk = results["desktop app"];
    const fromApp = trainCli([portableCli], `#${desk.run}`, `${dir}/from-app`);
    const agree = sameList(fromApp.testMse, desk.testMse) && sameList(fromApp.curve.map(f32), desk.curve.map(f32));
    table.push([name, "CLI on the app's run", fromApp.testMse[fromApp.testMse.length - 1], fromApp.curve.length,
                agree ? "same" : "DIFFERS"]);
    if (!agree) failures.push(`${name}: aelab train --run on the app's run gives ${fromApp.testMse}, the app ${desk.testMse}`);
    console.log(`${name}: done at ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
} finally {
  for (const s of Object.values(servers)) s.stop();
  await close();
}
for (const [variant, list] of Object.entries(errors)) {
  if (list.length) failures.push(`console errors on the ${variant} page: ${list.join(" | ")}`);
}

const widths = [14, 21, 13, 6, 7];
const row = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join(" ");
console.log(row(["model", "target", "test MSE", "points", "match"]));
for (const r of table) console.log(row(r));
console.log(`${cases.length} runs through five trainers in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
if (failures.length) {
  console.error(`FAILED: the trainers disagree\n${failures.join("\n")}`);
  process.exit(1);
}
console.log("one run file, five trainers: the same test MSE and train curve, bit for bit");
