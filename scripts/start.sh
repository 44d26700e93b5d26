#!/usr/bin/env bash
# README command 1: installs what is missing, builds, and runs the main job: trains the seed
# autoencoder (784-32-784, 20 epochs, batch 20, Adam 1e-3) on the built-in MNIST digits.
# Extra arguments go to 'aelab train' (e.g. --data fashion --epochs 5).
# Then it builds the web app and, on a terminal, serves it on 127.0.0.1 and prints the URL
# (AELAB_SERVE=0 skips serving, AELAB_SERVE=1 forces it; AELAB_PORT picks the port, 8080).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
bash scripts/setup.sh
bash scripts/build.sh native wasm
echo "[start] training the seed model: build/native/src/aelab train --model linear --data builtin --epochs 20 --out runs/seed $*"
build/native/src/aelab train --model linear --data builtin --epochs 20 --threads 2 --out runs/seed "$@"
echo "[start] wrote runs/seed/model.aelab, loss.csv, curve.csv, run.json, reconstructions.png"
echo "[start] desktop app: build/native/native/aelab-app   web app: node web/serve.mjs (build/wasm/web)"
serve="${AELAB_SERVE:-}"
[[ -n $serve ]] || { [[ -t 1 ]] && serve=1 || serve=0; }
if [[ $serve == 1 ]]; then
  echo "[start] serving the web app (Ctrl-C stops it)"
  exec node web/serve.mjs --port "${AELAB_PORT:-8080}"
fi
