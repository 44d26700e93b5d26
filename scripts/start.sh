#!/usr/bin/env bash
# README command 1: installs what is missing, builds, and runs the main job: trains the seed
# autoencoder (784-32-784, 20 epochs, batch 20, Adam 1e-3) on the built-in MNIST digits.
# Extra arguments go to 'aelab train' (e.g. --data fashion --epochs 5).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
bash scripts/setup.sh
bash scripts/build.sh native
echo "[start] training the seed model: build/native/src/aelab train --model linear --data builtin --epochs 20 --out runs/seed $*"
build/native/src/aelab train --model linear --data builtin --epochs 20 --threads 2 --out runs/seed "$@"
echo "[start] wrote runs/seed/model.aelab, runs/seed/loss.csv, runs/seed/reconstructions.png"
