#!/usr/bin/env bash
# One command for the whole comparison: aelab native (1 and 2 threads), PyTorch 1.13 (tutorial
# DataLoader variant; strong variant with OPENBLAS_NUM_THREADS=1, best of 1 and 2 torch threads),
# aelab wasm, the web app's own trainer and TensorFlow.js 4.22 in headless Chromium. Every figure
# comes from this one run; bench/make_results.py writes the table to bench/RESULTS.md (raw JSON
# lines: build/bench/*.jsonl).
#   usage: bash bench/compare.sh        (as root, for the one apt package it may install)
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
OUT=build/bench
mkdir -p "$OUT"

# Debian's PyTorch uses the system BLAS; without OpenBLAS it would use the slow reference BLAS.
if ! dpkg -s libopenblas0-pthread >/dev/null 2>&1; then
  echo "[compare] installing libopenblas0-pthread (for PyTorch's BLAS)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y libopenblas0-pthread >/dev/null
fi
/usr/bin/python3 -c "import torch" 2>/dev/null || { echo "[compare] needs python3-torch (apt-get install python3-torch)" >&2; exit 1; }
# TensorFlow.js lives in bench/package.json, apart from the project's own dependencies.
if [[ ! -d bench/node_modules/@tensorflow/tfjs-backend-wasm ]]; then
  echo "[compare] npm ci in bench/"
  (cd bench && npm ci --no-audit --no-fund >/dev/null)
fi
bash scripts/build.sh native wasm

WORKLOADS="linear-b20 linear-b256 conv-b20 conv-b256 vae-b128"
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "cpu: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores"
  echo "load before: $(uptime | sed 's/.*load average: //')"
  echo "pytorch: $(/usr/bin/python3 -c 'import torch; print(torch.__version__)'), BLAS $(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3)"
} > "$OUT/machine.txt"

: > "$OUT/native.jsonl"
for t in 1 2; do
  for w in $WORKLOADS; do  # one process per workload, so peak_rss_mb is that workload's
    echo "[compare] aelab native $w, $t thread(s)"
    build/native/src/aelab bench --json --threads "$t" --workload "$w" >> "$OUT/native.jsonl"
  done
done

: > "$OUT/pytorch.jsonl"
for w in $WORKLOADS; do
  echo "[compare] pytorch $w"
  # The tutorial variant (torch's and OpenBLAS's default threads) is slow: a tenth of the steps.
  /usr/bin/python3 bench/pytorch_bench.py --variant tutorial --threads "$(nproc)" --fraction 0.1 --workload "$w" \
    >> "$OUT/pytorch.jsonl"
  for t in 1 2; do
    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/pytorch_bench.py --variant strong --threads "$t" --workload "$w" \
      >> "$OUT/pytorch.jsonl"
  done
done

echo "[compare] browser: aelab wasm and TensorFlow.js in headless Chromium"
node bench/browser_bench.mjs > "$OUT/browser.jsonl"
echo "[compare] the web app training in headless Chromium (the Train panel's samples/s)"
node bench/app_bench.mjs > "$OUT/app.jsonl"

echo "load after: $(uptime | sed 's/.*load average: //')" >> "$OUT/machine.txt"
/usr/bin/python3 bench/make_results.py "$OUT" > bench/RESULTS.md
echo "[compare] wrote bench/RESULTS.md"
cat bench/RESULTS.md
