#!/usr/bin/env bash
# Runs every benchmark and prints medians of several runs, each next to its baseline measured
# in the same run (docs/performance.md explains each). Usage: bench/run.sh BUILD_DIR
# (./dev.sh bench builds the release preset first). Environment:
#   RUNS=N             runs per benchmark (default 5 for the quick ones, 3 for the long ones)
#   OSM_BENCH_QUICK=1  a smoke run of every program with tiny sizes (the test suite runs this;
#                      the figures mean nothing, it only keeps the programs from rotting)
#   OSM_BENCH_POUCHDB=0  skip the PouchDB comparison (needs node and npm; on by default, off in quick mode)
set -euo pipefail
# The window benchmarks need a display: without one, run this whole script under Xvfb.
if [ -z "${DISPLAY:-}" ]; then exec xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$@"; fi
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-build/release}" && pwd)
quick=${OSM_BENCH_QUICK:-0}
if [ "$quick" = 1 ]; then runs=${RUNS:-1}; long_runs=${RUNS:-1}; else runs=${RUNS:-5}; long_runs=${RUNS:-3}; fi
pouchdb=${OSM_BENCH_POUCHDB:-$([ "$quick" = 1 ] && echo 0 || echo 1)}
kiosk="$build/kiosk/osaamissilta-kiosk"
bare="$build/bench/bare_window"
server="$build/sync_server/osaamissilta-server"
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# values NAME: every NAME=value on standard input (NAME whole: requests_per_s is not bare_requests_per_s).
values() { grep -oE "(^| )$1=[0-9.]+" | cut -d= -f2; }
field() { values "$1" | head -1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.2f", a/b; else print "n/a" }'; }
# median_of NAME LINES: the median of NAME=value over the lines given.
median_of() { printf '%s\n' "$2" | values "$1" | median; }
row() { printf '%-44s %14s %14s %8s\n' "$@"; }

# CPU seconds (user + system) a process has used so far.
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$1/stat"; }

idle_cpu_percent() {  # seconds command… ; runs it, waits 3 s, measures `seconds` of idle
  local window=$1; shift
  "$@" >/dev/null 2>&1 &
  local pid=$!
  sleep 3
  local a; a=$(cpu_seconds "$pid")
  sleep "$window"
  local b; b=$(cpu_seconds "$pid")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  awk -v a="$a" -v b="$b" -v w="$window" 'BEGIN {printf "%.3f\n", (b - a) / w * 100}'
}

kiosk_window() {
  echo "== kiosk start-up, memory and idle CPU ($runs runs each, medians; under Xvfb, Mesa llvmpipe)"
  local kf=() kr=() bf=() br=() ki=() bi=() window=10 idle_runs=3
  [ "$quick" = 1 ] && { window=1; idle_runs=1; }
  for _ in $(seq "$runs"); do
    out=$("$kiosk" --demo --data "$data/kiosk" --measure-startup); kf+=("$(echo "$out" | field first_frame_ms)"); kr+=("$(echo "$out" | field rss_kib)")
    out=$("$bare"); bf+=("$(echo "$out" | field first_frame_ms)"); br+=("$(echo "$out" | field rss_kib)")
  done
  for _ in $(seq "$idle_runs"); do
    ki+=("$(idle_cpu_percent "$window" "$kiosk" --demo --data "$data/kiosk")")
    bi+=("$(idle_cpu_percent "$window" "$bare" --idle)")
  done
  local m_kf m_bf m_kr m_br m_ki m_bi
  m_kf=$(printf '%s\n' "${kf[@]}" | median); m_bf=$(printf '%s\n' "${bf[@]}" | median)
  m_kr=$(printf '%s\n' "${kr[@]}" | median); m_br=$(printf '%s\n' "${br[@]}" | median)
  m_ki=$(printf '%s\n' "${ki[@]}" | median); m_bi=$(printf '%s\n' "${bi[@]}" | median)
  row "" kiosk "bare window" ratio
  row "first frame (ms)" "$m_kf" "$m_bf" "$(ratio "$m_kf" "$m_bf")"
  row "resident memory (MiB)" "$(awk -v a="$m_kr" 'BEGIN{printf "%.0f", a/1024}')" \
    "$(awk -v a="$m_br" 'BEGIN{printf "%.0f", a/1024}')" "$(ratio "$m_kr" "$m_br")"
  row "idle CPU over ${window} s (% of a core)" "$m_ki" "$m_bi" ""
}

draft_save() {
  echo "== draft save: seal + write with synchronous=FULL ($runs runs of 1,000 saves; medians of each run's figures)"
  local out="" saves=1000 kdf=5
  [ "$quick" = 1 ] && { saves=20; kdf=1; }
  for _ in $(seq "$runs"); do out+=$("$build/bench/draft_save_bench" "$saves" "$kdf" | grep '^draft_save ')$'\n'; done
  local sm sp pm pp
  sm=$(median_of sealed_median_ms "$out"); sp=$(median_of sealed_p99_ms "$out")
  pm=$(median_of plain_median_ms "$out"); pp=$(median_of plain_p99_ms "$out")
  row "" "sealed" "unencrypted" ratio
  row "median (ms)" "$sm" "$pm" "$(ratio "$sm" "$pm")"
  row "99th percentile (ms)" "$sp" "$pp" "$(ratio "$sp" "$pp")"
  row "Argon2id, default parameters (ms, one PIN)" "$(median_of argon2id_ms "$out")" "" ""
}

push_vs_pouchdb() {
  local drafts=10000
  [ "$quick" = 1 ] && drafts=100
  echo "== one kiosk pushing $drafts queued drafts of 2 KiB vs PouchDB replicating as many documents ($long_runs runs, alternating; medians)"
  local ours="" theirs=""
  [ "$pouchdb" = 1 ] && "$here/pouchdb/bench.sh" install "$build/pouchdb"
  for _ in $(seq "$long_runs"); do
    ours+=$("$build/bench/sync_bench" push "$server" "$drafts")$'\n'
    if [ "$pouchdb" = 1 ]; then theirs+=$("$here/pouchdb/bench.sh" run "$build/pouchdb" "$drafts")$'\n'; fi
  done
  local s p
  s=$(median_of seconds "$ours")
  row "" "osaamissilta" "PouchDB" ratio
  if [ "$pouchdb" = 1 ]; then
    p=$(median_of seconds "$theirs")
    row "seconds" "$s" "$p" "$(ratio "$s" "$p")"
    row "records per second" "$(median_of records_per_s "$ours")" "$(median_of docs_per_s "$theirs")" ""
    row "of which waiting for the server (s)" "$(median_of waiting_for_server_s "$ours")" "" ""
    row "server storage after (MiB)" "$(median_of server_db_mib "$ours")" "$(median_of server_db_mib "$theirs")" ""
  else
    row "seconds" "$s" "(skipped)" ""
    row "records per second" "$(median_of records_per_s "$ours")" "" ""
  fi
}

small_pull() {
  local seconds=3
  [ "$quick" = 1 ] && seconds=0.3
  echo "== small signed pull, 4 clients, against a bare cpp-httplib handler ($runs alternating runs of ${seconds} s; medians)"
  local out
  out=$("$build/bench/sync_bench" pull 4 "$seconds" "$runs")
  row "" "osaamissilta" "bare handler" ratio
  row "requests per second" "$(echo "$out" | field requests_per_s)" "$(echo "$out" | field bare_requests_per_s)" "$(echo "$out" | field ratio)"
}

person_pull() {
  local pulls=300
  [ "$quick" = 1 ] && pulls=20
  echo "== a manager's person pull of 20 reports' submitted pre-forms, each logged in the read log ($pulls pulls)"
  "$build/bench/person_pull_bench" 20 "$pulls" | sed 's/^person_pull //'
}

fleet() {  # fleet KIOSKS INTERVAL DURATION LABEL
  local out=""
  echo "== $1 kiosks each syncing every $2 s for $3 s against the server binary ($4; $long_runs runs; medians)"
  for _ in $(seq "$long_runs"); do out+=$("$build/bench/fleet_bench" "$server" "$1" "$2" "$3")$'\n'; done
  printf '%s' "$out" | grep -v '^fleet' || true
  row "syncs per run" "$(median_of syncs "$out")" "" ""
  row "latency from due, median / p99 / max (ms)" "$(median_of p50_ms "$out") / $(median_of p99_ms "$out") / $(median_of max_ms "$out")" "" ""
  row "errors per run" "$(median_of errors "$out")" "" ""
  row "server CPU (% of one core) / RSS, peak (MiB)" "$(median_of server_cpu_pct "$out") / $(median_of server_rss_mib "$out"), $(median_of server_peak_rss_mib "$out")" "" ""
  row "every queued draft on the server" "$(printf '%s' "$out" | grep -c 'server_has_all=yes')/$long_runs runs" "" ""
}

growth() {
  echo "== how the cost grows with the records the server holds (one run each)"
  local sizes=(1000 10000 100000)
  [ "$quick" = 1 ] && sizes=(200)
  "$build/bench/growth_bench" "$server" "${sizes[@]}" | sed 's/^growth //'
}

kiosk_window
echo
draft_save
echo
push_vs_pouchdb
echo
small_pull
echo
person_pull
echo
if [ "$quick" = 1 ]; then
  fleet 20 1 3 "smoke run"
else
  fleet 1000 30 60 "real time"
  echo
  fleet 10000 30 60 "real time, 4 client processes"
fi
echo
growth
