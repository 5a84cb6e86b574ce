#!/usr/bin/env bash
# A web page test in a real headless Chromium (Debian's chromium) against the real server binary:
# HR's (hr_page_test.cjs), or the one OSM_BROWSER_TEST names (leaders_page_test.cjs).
# Usage: [OSM_BROWSER_TEST=FILE.cjs] run_hr_browser_test.sh SERVER_BINARY ASSETS_DIR WORK_DIR [SCREENSHOT_DIR]
# Installs playwright-core from npm into WORK_DIR/node_modules the first time (pinned version).
# Without npm it drives Chromium over its DevTools protocol from plain node instead. It never
# skips: a missing browser or node fails the test.
set -euo pipefail
server=$(realpath "$1") assets=$(realpath "$2")
mkdir -p "$3" "${4:-$3/screenshots}"
work=$(realpath "$3") shots=$(realpath "${4:-$3/screenshots}")
here=$(cd "$(dirname "$0")" && pwd)
PLAYWRIGHT_VERSION=1.65.1

command -v node >/dev/null || { echo "FAIL: node is missing (./dev.sh installs nodejs)"; exit 1; }
[ -x /usr/bin/chromium ] || { echo "FAIL: /usr/bin/chromium is missing (./dev.sh installs chromium)"; exit 1; }

driver=playwright
if [ ! -f "$work/node_modules/playwright-core/package.json" ]; then
  [ -f "$work/package.json" ] || echo '{"private": true}' >"$work/package.json"
  if ! (cd "$work" && timeout 180 npm install --no-audit --no-fund --loglevel=error "playwright-core@$PLAYWRIGHT_VERSION" >npm.log 2>&1); then
    echo "npm could not install playwright-core (see $work/npm.log): driving Chromium over the DevTools protocol instead"
    driver=cdp
  fi
fi
[ "${OSM_BROWSER_DRIVER:-}" = cdp ] && driver=cdp  # to exercise the fallback on purpose
node_flags=()
[ "$driver" = cdp ] && [ "$(node -e 'process.stdout.write(typeof WebSocket)')" != function ] && node_flags=(--experimental-websocket)
exec node "${node_flags[@]}" "$here/${OSM_BROWSER_TEST:-hr_page_test.cjs}" "$driver" "$server" "$assets" "$work" "$shots"
