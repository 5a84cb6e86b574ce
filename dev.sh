#!/usr/bin/env bash
# Osaamissilta developer entry point. On a fresh Debian 12 machine:
#   ./dev.sh demo    install what is missing, build, start the demo
#   ./dev.sh test    install what is missing, build, run every test (also the sanitizer build)
# Other commands: build [PRESET], bench, screenshots, hr-screenshots, clean, fuzz [SECONDS], faults [SECONDS]. See README.md.
#   ./dev.sh package       the Debian packages in build/package/ (docs/operations.md)
#   ./dev.sh install-test  install them (and upgrade from a previous version) in a clean Debian 12 root
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(
  build-essential cmake pkg-config git
  libimgui-dev libglfw3-dev libgl-dev libgl1-mesa-dri libfreetype-dev
  libsqlite3-dev libsodium-dev libcpp-httplib-dev
  nlohmann-json3-dev libcli11-dev doctest-dev libstb-dev
  fonts-noto-core xvfb xauth xdotool sqlite3
  chromium nodejs
  clang libclang-rt-14-dev
)
PACKAGES+=(openssl file man-db)  # TLS test certificates; CPack's dpkg-shlibdeps needs `file`; man's roff check
PACKAGES+=(clang-format python3)  # tests/style: the format check and the layout rules
PACKAGES+=(libtss2-dev swtpm tpm2-tools)  # the kiosk's TPM (ESAPI); a software TPM for its tests
PACKAGES+=(libqrencode-dev zbar-tools)  # Silta's links as QR codes at the kiosk; zbarimg decodes them in tests
PACKAGES+=(ccache)  # the package builds reuse the dev build's objects (same flags): see package()

# Every build goes through ccache (unless the caller chose a launcher). The build trees sit at
# the same depth under build/, so with paths taken relative to the checkout and the build folder
# left out of the hash, `package` compiles almost nothing after `test` has built the dev tree.
# (The cost: debug info's compilation folder names the tree that compiled a file first.)
export CMAKE_C_COMPILER_LAUNCHER=${CMAKE_C_COMPILER_LAUNCHER-ccache}
export CMAKE_CXX_COMPILER_LAUNCHER=${CMAKE_CXX_COMPILER_LAUNCHER-ccache}
export CCACHE_BASEDIR=${CCACHE_BASEDIR-$PWD}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR-true}

log() { printf '\033[1m[dev.sh]\033[0m %s\n' "$*"; }

install_missing() {
  local missing=()
  for pkg in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  # npm: Debian's package, unless node came with its own (NodeSource's nodejs carries npm).
  command -v npm >/dev/null || missing+=(npm)
  if ((${#missing[@]})); then
    log "installing: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

build() {  # build PRESET
  local preset=$1
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$(nproc)"
}

package() {  # builds the .debs into build/package
  # The package tree uses the dev preset's compiler flags (RelWithDebInfo, -Werror; CPack strips
  # the binaries), so ccache serves it the dev build's objects: only the two main.cpp files
  # (version, installed asset paths) are compiled again.
  cmake --preset package >/dev/null
  cmake --build --preset package -j "$(nproc)" --target osaamissilta-server osaamissilta-kiosk osm_man_pages
  rm -f build/package/*.deb
  (cd build/package && cpack -G DEB >/dev/null)
  ls build/package/*.deb
}

previous_package() {  # the upgrade test's previous version into build/package-previous
  # The server of an earlier release (packaging/previous-release), built from that commit's own
  # sources: the upgrade then meets a real older schema and the code that wrote it. Its sources
  # and build tree are laid out as the checkout's (…/build/package), so with the base folder set
  # to its sources ccache serves it every file that has not changed since.
  local commit src=build/previous-src
  commit=$(sed -n 's/^commit=//p' packaging/previous-release)
  git cat-file -e "$commit^{commit}" 2>/dev/null ||
    { log "the previous release $commit is not in this clone (a shallow clone? git fetch --unshallow)"; exit 1; }
  if [ "$(cat "$src/.commit" 2>/dev/null)" != "$commit" ]; then
    rm -rf "$src" && mkdir -p "$src" && git archive "$commit" | tar -x -C "$src" && echo "$commit" >"$src/.commit"
  fi
  local version
  version="$(sed -n 's/^project(osaamissilta VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")"
  version+="+git$(git rev-list --count "$commit").$(git rev-parse --short=10 "$commit")"
  (
    cd "$src"
    export CCACHE_BASEDIR=$PWD
    cmake -S . -B build/package -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOSM_WARNINGS_AS_ERRORS=ON \
      -DCMAKE_INSTALL_PREFIX=/usr -DOSM_BUILD_TESTS=OFF -DOSM_BUILD_BENCH=OFF -DOSM_BUILD_KIOSK=OFF \
      -DOSM_BUILD_TREE_ASSETS=OFF -DOSM_VERSION_OVERRIDE="$version" >/dev/null
    cmake --build build/package -j "$(nproc)" --target osaamissilta-server osm_man_pages
    rm -f build/package/*.deb
    cd build/package && cpack -G DEB >/dev/null
  )
  rm -rf build/package-previous && mkdir -p build/package-previous
  cp "$src"/build/package/*.deb build/package-previous/
  ls build/package-previous/*.deb
}

run_tests() {  # run_tests PRESET [ctest args…]
  local preset=$1; shift
  ctest --preset "$preset" "$@"
}

# Each libFuzzer target for SECONDS, from its seed corpus in fuzz/corpus/<name>/ (new inputs
# go to build/fuzz/corpus/<name>/; a crash stops with its input in build/fuzz/artifacts/).
fuzz() {  # fuzz SECONDS
  local seconds=$1
  cmake --preset fuzz >/dev/null
  cmake --build --preset fuzz -j "$(nproc)"
  mkdir -p build/fuzz/artifacts
  for corpus in fuzz/corpus/*/; do
    local name
    name=$(basename "$corpus")
    mkdir -p "build/fuzz/corpus/$name"
    log "fuzz_$name for ${seconds}s"
    local status=0
    "./build/fuzz/fuzz/fuzz_$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="build/fuzz/artifacts/$name-" "build/fuzz/corpus/$name" "$corpus" >"build/fuzz/$name.log" 2>&1 || status=$?
    grep -E '^stat::(number_of_executed_units|new_units_added)' "build/fuzz/$name.log" || true
    if ((status != 0)); then
      tail -40 "build/fuzz/$name.log"
      log "fuzz_$name found a crash: its input is in build/fuzz/artifacts/"
      return 1
    fi
  done
}

# The fault tests again and again, larger and with fresh seeds, for SECONDS (each run prints
# its OSM_FAULT_SEED; set it to repeat a run).
faults() {  # faults SECONDS
  local end=$((SECONDS + $1)) runs=0
  while ((SECONDS < end)); do
    OSM_FAULT_SAVES=${OSM_FAULT_SAVES:-3000} OSM_FAULT_ROUNDS=${OSM_FAULT_ROUNDS:-40} \
      ./build/dev/tests/faults/fault_tests -tc='*kill -9*,*faulty network*,*one write in*'
    runs=$((runs + 1))
  done
  log "faults: $runs runs"
}

cmd=${1:-help}
shift || true
case "$cmd" in
  demo)
    install_missing
    build dev
    ./build/dev/sync_server/osaamissilta-server schedule --date "${OSM_DEMO_DATE:-2026-02-10}" | head -3
    if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
      demo=build/demo
      port=${OSM_DEMO_PORT:-8765}
      server=./build/dev/sync_server/osaamissilta-server
      [ -f "$demo/server/server.db" ] || "$server" --data "$demo/server" init --demo
      log "starting the sync server on 127.0.0.1:$port (log: $demo/server.log)"
      "$server" --data "$demo/server" serve --port "$port" >"$demo/server.log" 2>&1 &
      server_pid=$!
      trap 'kill $server_pid 2>/dev/null; wait $server_pid 2>/dev/null' EXIT
      enrol=()
      if [ ! -f "$demo/kiosk/device.key" ]; then
        sleep 0.5
        enrol=(--enrol-server "http://127.0.0.1:$port" --enrol-code "$("$server" --data "$demo/server" enrol-code --unit pk_tahtitaivas)")
      fi
      log "HR's pages: http://127.0.0.1:$port/hr/ (marja.peltonen / Osaamissilta-demo-2026)"
      log "leaders' pages: http://127.0.0.1:$port/leaders/ (staff number 1005, 2004, 3001, 3002, 3003, 4002, 4003, 5001, 9101 or 9002 / Johtaja-demo-2026)"
      log "  the strategic discussion's page: 9101 (the city manager) or 3001 opens Strateginen osaamiskeskustelu"
      log "  a service area's training plan: 3001; the co-operation committee confirms: 9002"
      log "  a cross-unit group discussion: 1005 starts one under Ryhmäosaamiskeskustelut with 2004; 3001 reads it"
      log "starting the kiosk of Päiväkoti Tähtitaivas (staff number 1001, PIN 482915)"
      ./build/dev/kiosk/osaamissilta-kiosk --demo --data "$demo/kiosk" "${enrol[@]}" "$@"
      exit $?
    fi
    log "no display here: rendering every kiosk screen under Xvfb to build/screenshots instead"
    xvfb-run -a -s "-screen 0 1280x800x24" ./build/dev/kiosk/osaamissilta-kiosk --screenshot build/screenshots "$@"
    log "open build/screenshots/*.png to look at the kiosk, or run this on a desktop for the real window"
    ;;
  test)
    install_missing
    build dev
    run_tests dev
    log "sanitizer build (address + undefined)"
    build asan
    # The window tests ran above; under ASan they would double their 100 s for little more.
    run_tests asan -E ui_tests
    # The fault tests ran above in both builds (fault_tests); ./dev.sh faults runs them longer.
    log "each fuzzer for ${OSM_FUZZ_SECONDS:-5} s"
    fuzz "${OSM_FUZZ_SECONDS:-5}"
    ;;
  fuzz)
    install_missing
    fuzz "${1:-300}"
    ;;
  faults)
    install_missing
    build dev
    faults "${1:-600}"
    ;;
  build)
    install_missing
    build "${1:-dev}"
    ;;
  bench)
    install_missing
    # The PouchDB baseline needs node and npm (Debian's; a node that brings its own npm will do).
    command -v npm >/dev/null || { PACKAGES=(nodejs npm); install_missing; }
    build release
    bench/run.sh build/release
    ;;
  screenshots)
    install_missing
    build dev
    xvfb-run -a -s "-screen 0 ${2:-1280x800}x24" ./build/dev/kiosk/osaamissilta-kiosk --screenshot "${1:-build/screenshots}"
    ;;
  hr-screenshots)
    install_missing
    build dev
    tests/browser/run_hr_browser_test.sh build/dev/sync_server/osaamissilta-server assets build/dev/browser docs/screenshots
    OSM_BROWSER_TEST=leaders_page_test.cjs \
      tests/browser/run_hr_browser_test.sh build/dev/sync_server/osaamissilta-server assets build/dev/browser docs/screenshots
    OSM_BROWSER_TEST=leaders_own_page_test.cjs \
      tests/browser/run_hr_browser_test.sh build/dev/sync_server/osaamissilta-server assets build/dev/browser docs/screenshots
    OSM_BROWSER_TEST=leaders_group_page_test.cjs \
      tests/browser/run_hr_browser_test.sh build/dev/sync_server/osaamissilta-server assets build/dev/browser docs/screenshots
    OSM_BROWSER_TEST=leaders_strategy_page_test.cjs \
      tests/browser/run_hr_browser_test.sh build/dev/sync_server/osaamissilta-server assets build/dev/browser docs/screenshots
    ;;
  package)
    install_missing
    package
    ;;
  install-test)
    PACKAGES+=(debootstrap curl)
    install_missing
    package
    previous_package
    packaging/install_test.sh build/package build/package-previous
    ;;
  clean)
    rm -rf build
    ;;
  *)
    sed -n '2,8p' "$0"
    ;;
esac
