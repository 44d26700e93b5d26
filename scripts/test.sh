#!/usr/bin/env bash
# README command 2 (and CI): installs what is missing, builds every target, runs every suite:
#   native (Release) ctest, native-debug (ASan + UBSan) ctest, fuzz (libFuzzer, 20 s a
#   target) ctest, native-tsan (ThreadSanitizer, the trainer hand-off) ctest, wasm ctest under
#   Node (including the browser tests).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
bash scripts/setup.sh
bash scripts/build.sh native native-debug fuzz native-tsan wasm
failed=()
for preset in native native-debug fuzz native-tsan wasm; do
  echo "[test] ctest --preset $preset"
  ctest --preset "$preset" -j 2 || failed+=("$preset")
done
if ((${#failed[@]})); then
  echo "[test] FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "[test] all suites passed (native, native-debug, fuzz, native-tsan, wasm)"
