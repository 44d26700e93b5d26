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
    cmake --preset "$preset" >/dev/null || { echo "[build] configuring $preset failed" >&2; exit 1; }
  fi
  echo "[build] building $preset"
  # grep hides the progress lines (and fails when it has nothing left to print); the build's
  # own status, read before any other command runs, decides.
  set +e
  cmake --build --preset "$preset" -j "$(nproc)" | grep -vE '^\[[0-9]+/[0-9]+\] |ninja: no work to do|pthreads-mem-growth'
  status=${PIPESTATUS[0]}
  set -e
  ((status == 0)) || { echo "[build] $preset failed (exit $status)" >&2; exit 1; }
done
