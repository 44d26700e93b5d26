#!/usr/bin/env bash
# scripts/build.sh must fail when a build fails: a first build that cannot compile, an
# incremental build broken after a good one (stale binaries must not pass for a build), and a
# configure error. Runs a copy of the script over a tiny CMake project in a temporary directory.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
script="$here/../../scripts/build.sh"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/scripts"
cp "$script" "$work/scripts/build.sh"
cat >"$work/CMakePresets.json" <<'JSON'
{"version": 3,
 "configurePresets": [{"name": "native", "generator": "Ninja", "binaryDir": "${sourceDir}/build/native"}],
 "buildPresets": [{"name": "native", "configurePreset": "native"}]}
JSON
cat >"$work/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.22)
project(tiny CXX)
add_executable(tiny tiny.cpp)
CMAKE
failures=0
expect() {  # expect WANT(0|fail) WHAT
  local want=$1 what=$2 out rc
  out="$(bash "$work/scripts/build.sh" native 2>&1)"
  rc=$?
  if [[ $want == 0 && $rc -ne 0 ]] || [[ $want == fail && $rc -eq 0 ]]; then
    echo "FAIL: $what: build.sh exited $rc"
    echo "$out" | sed 's/^/    /'
    failures=$((failures + 1))
  elif [[ $want == fail ]] && ! grep -q '^\[build\] .*failed' <<<"$out"; then
    echo "FAIL: $what: exited $rc without saying '[build] ... failed'"
    failures=$((failures + 1))
  else
    echo "ok: $what (exit $rc)"
  fi
}
echo 'int main() { return 0; }' >"$work/tiny.cpp"
expect 0 "a good first build"
expect 0 "a second build with nothing to do"
echo 'int main() { return not_declared; }' >"$work/tiny.cpp"
expect fail "an incremental build that cannot compile"
rm -rf "$work/build"
expect fail "a first build that cannot compile"
echo 'int main() { return 0; }' >"$work/tiny.cpp"
echo 'this_is_not_a_command()' >>"$work/CMakeLists.txt"
rm -rf "$work/build"
expect fail "a configure error"
echo "$((5 - failures)) passed, $failures failed"
((failures == 0))
