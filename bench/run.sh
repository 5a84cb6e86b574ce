#!/usr/bin/env bash
# Runs every benchmark and prints medians of several runs, each next to its baseline measured
# in the same run. Usage: bench/run.sh BUILD_DIR   (./dev.sh bench does the build first)
set -euo pipefail
# The window benchmarks need a display: without one, run this whole script under Xvfb.
if [ -z "${DISPLAY:-}" ]; then exec xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$@"; fi
build=${1:-build/dev}
runs=${RUNS:-5}
kiosk="$build/kiosk/osaamissilta-kiosk"
bare="$build/bench/bare_window"
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }

# CPU seconds (user + system) a process has used so far.
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$1/stat"; }

idle_cpu_percent() {  # command… ; runs it, waits 3 s, measures 10 s of idle
  "$@" >/dev/null 2>&1 &
  local pid=$!
  sleep 3
  local a; a=$(cpu_seconds "$pid")
  sleep 10
  local b; b=$(cpu_seconds "$pid")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  awk -v a="$a" -v b="$b" 'BEGIN {printf "%.3f\n", (b - a) / 10 * 100}'
}

measure() {
  echo "== kiosk start-up, memory and idle CPU ($runs runs each, medians; under Xvfb, Mesa llvmpipe)"
  local kf=() kr=() bf=() br=() ki=() bi=()
  for _ in $(seq "$runs"); do
    out=$("$kiosk" --demo --data "$data/kiosk" --measure-startup); kf+=("$(echo "$out" | field first_frame_ms)"); kr+=("$(echo "$out" | field rss_kib)")
    out=$("$bare"); bf+=("$(echo "$out" | field first_frame_ms)"); br+=("$(echo "$out" | field rss_kib)")
  done
  for _ in $(seq 3); do
    ki+=("$(idle_cpu_percent "$kiosk" --demo --data "$data/kiosk")")
    bi+=("$(idle_cpu_percent "$bare" --idle)")
  done
  local m_kf m_bf m_kr m_br m_ki m_bi
  m_kf=$(printf '%s\n' "${kf[@]}" | median); m_bf=$(printf '%s\n' "${bf[@]}" | median)
  m_kr=$(printf '%s\n' "${kr[@]}" | median); m_br=$(printf '%s\n' "${br[@]}" | median)
  m_ki=$(printf '%s\n' "${ki[@]}" | median); m_bi=$(printf '%s\n' "${bi[@]}" | median)
  printf '%-28s %12s %12s %8s\n' "" kiosk "bare window" ratio
  printf '%-28s %12s %12s %8s\n' "first frame (ms)" "$m_kf" "$m_bf" "$(awk -v a="$m_kf" -v b="$m_bf" 'BEGIN{printf "%.2f", a/b}')"
  printf '%-28s %12s %12s %8s\n' "resident memory (MiB)" "$(awk -v a="$m_kr" 'BEGIN{printf "%.0f", a/1024}')" \
    "$(awk -v a="$m_br" 'BEGIN{printf "%.0f", a/1024}')" "$(awk -v a="$m_kr" -v b="$m_br" 'BEGIN{printf "%.2f", a/b}')"
  printf '%-28s %12s %12s\n' "idle CPU over 10 s (% core)" "$m_ki" "$m_bi"
}

measure
echo
echo "== draft save"
"$build/bench/draft_save_bench" 1000
echo
echo "== sync over loopback"
for n in 1000 10000; do "$build/bench/sync_bench" "$n" 4; done
