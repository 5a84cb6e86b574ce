#!/usr/bin/env bash
# The PouchDB baseline for the push benchmark (bench/run.sh runs it):
#   bench.sh install DIR   installs pouchdb-node and pouchdb-server from npm into DIR, once
#                          (the versions are pinned in package.json beside this script)
#   bench.sh run DIR [N]   replicates N documents to pouchdb-server on loopback (replicate.js)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cmd=${1:?install or run}
dir=${2:?folder for the npm packages}
case "$cmd" in
  install)
    command -v npm >/dev/null || { echo "npm is missing: ./dev.sh bench installs it (Debian's nodejs and npm)" >&2; exit 1; }
    mkdir -p "$dir"
    if ! cmp -s "$here/package.json" "$dir/package.json" || [ ! -d "$dir/node_modules/pouchdb-server" ]; then
      cp "$here/package.json" "$dir/package.json"
      echo "installing pouchdb-node and pouchdb-server from npm into $dir (once; a native module builds here)" >&2
      (cd "$dir" && npm install --no-audit --no-fund --loglevel=error >&2)
    fi
    ;;
  run)
    NODE_PATH="$dir/node_modules" node "$here/replicate.js" "${3:-10000}" "$dir/work"
    ;;
  *)
    sed -n '2,5p' "$0"; exit 2
    ;;
esac
