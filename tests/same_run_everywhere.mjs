// Same run everywhere (README): the wasm CLI under Node and the native portable CLI train every
// model of the zoo with the same seed, data and thread count. Their JSON lines must be equal
// (train_mse, test_mse and each model's own figures, printed with 9 significant digits; only the
// timing fields may differ) and their checkpoints equal byte for byte. The tuned native CLI
// (-march=native: AVX-512/FMA kernels sum in another order) is held to a relative 1e-3
// instead; measured: 4e-8 on linear and 4e-5 on conv after 2 epochs.
//   node same_run_everywhere.mjs WASM_CLI PORTABLE_CLI TUNED_CLI DATA_DIR WORK_DIR
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync } from "node:fs";

const [wasmCli, portableCli, tunedCli, data, work] = process.argv.slice(2);
for (const exe of [wasmCli, portableCli, tunedCli]) {
  if (!existsSync(exe)) {
    console.error(`${exe} is missing: build the native and wasm presets first (scripts/build.sh native wasm)`);
    process.exit(1);
  }
}
const TUNED_BOUND = 1e-3;
const cases = [
  ["linear", "--model linear --epochs 2"],
  ["conv", "--model conv --epochs 2"],
  ["mlp", "--model mlp --epochs 1"],
  ["conv-strided", "--model conv-strided --epochs 1"],
  ["conv-upsample", "--model conv-upsample --epochs 1"],
  ["denoise", "--model denoise --arch conv --noise saltpepper --noise-level 0.3 --epochs 1"],
  ["vae", "--model vae --epochs 1"],
  ["sparse", "--model sparse --sparsity 0.05 --epochs 1"],
  ["contractive", "--model contractive --epochs 1"],
];

// Trains once; returns the JSON result without its timing fields and the checkpoint's SHA-256.
function train(tag, command, args) {
  const out = `${work}/${tag}`;
  rmSync(out, { recursive: true, force: true });
  const line = execFileSync(command[0], [...command.slice(1), "train", ...args.split(" "), "--seed", "7",
    "--threads", "2", "--data", data, "--out", out], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const json = JSON.parse(line);
  delete json.seconds;
  delete json.samples_per_s;
  const sha = createHash("sha256").update(readFileSync(`${out}/model.aelab`)).digest("hex");
  return { json, text: JSON.stringify(json), sha };
}

const failures = [];
for (const [name, args] of cases) {
  const wasm = train(`${name}-wasm`, [process.execPath, "--no-experimental-fetch", wasmCli], args);
  const native = train(`${name}-native`, [portableCli], args);
  console.log(`${name}\n  wasm   ${wasm.text}\n  native ${native.text}\n  checkpoint ${wasm.sha}`);
  if (wasm.text !== native.text) failures.push(`${name}: JSON results differ`);
  if (wasm.sha !== native.sha) failures.push(`${name}: checkpoints differ (native ${native.sha})`);
  if (name === "linear" || name === "conv") {
    const tuned = train(`${name}-tuned`, [tunedCli], args);
    for (const key of ["train_mse", "test_mse"]) {
      const rel = Math.abs(tuned.json[key] - native.json[key]) / native.json[key];
      console.log(`  tuned  ${key} ${tuned.json[key]} (relative difference ${rel.toExponential(1)})`);
      if (!(rel <= TUNED_BOUND)) failures.push(`${name}: tuned ${key} off by ${rel} > ${TUNED_BOUND}`);
    }
  }
}
if (failures.length) {
  console.error(`FAILED\n${failures.join("\n")}`);
  process.exit(1);
}
console.log("native (portable) and wasm runs are bit-identical");
