#!/usr/bin/env bash
# Configures (once) and builds the given CMake presets: native, native-debug, wasm.
# Incremental: a second run with nothing changed compiles nothing.
#   usage: scripts/build.sh [PRESET...]   (default: native)
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
[[ $# -gt 0 ]] || set -- native
for preset in "$@"; do
  if [[ ! -f build/$preset/build.ninja ]]; then
    echo "[build] configuring $preset"
    cmake --preset "$preset" >/dev/null
  fi
  echo "[build] building $preset"
  cmake --build --preset "$preset" -j "$(nproc)" | grep -vE '^\[[0-9]+/[0-9]+\] |ninja: no work to do|pthreads-mem-growth' || true
  # grep hides the progress lines; the build's own status decides.
  [[ ${PIPESTATUS[0]} -eq 0 ]] || { echo "[build] $preset failed" >&2; exit 1; }
done
