#!/usr/bin/env bash
# The kiosk session launcher (packaging/kiosk/osaamissilta-kiosk-session) driving the real kiosk
# in a real X display (run under xvfb-run): the kiosk starts full screen with core dumps off;
# killed (SIGKILL, then SIGTERM) it comes back each time as a new process; SIGTERM to the
# launcher ends the kiosk and the launcher, leaving nothing running.
# Usage: kiosk_session_test.sh KIOSK_BINARY LAUNCHER
set -euo pipefail
kiosk=$1
launcher=$2
work=$(mktemp -d)
session=
cleanup() {
    [ -n "$session" ] && kill "$session" 2>/dev/null && wait "$session" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAILED: $*" >&2; exit 1; }

export OSM_KIOSK_BINARY=$kiosk OSM_KIOSK_DATA=$work/store OSM_KIOSK_ARGS="--demo"
export ASAN_OPTIONS=detect_leaks=0  # Mesa's JIT, as in ui_tests
"$launcher" 2>"$work/launcher.log" &
session=$!

kiosk_pid() {  # the launcher's kiosk child, once it is up
    local pid
    for _ in $(seq 300); do
        pid=$(pgrep -P "$session" -f -- "--fullscreen" || true)
        if [ -n "$pid" ] && grep -q "^Max core file size *0 *0" "/proc/$pid/limits" 2>/dev/null; then
            echo "$pid"
            return 0
        fi
        sleep 0.1
    done
    cat "$work/launcher.log" >&2
    return 1
}

first=$(kiosk_pid) || fail "the kiosk did not start with core dumps off"
grep -q -- "--data $work/store" "/proc/$first/cmdline" 2>/dev/null || tr '\0' ' ' <"/proc/$first/cmdline" | grep -q -- "--data $work/store" ||
    fail "the kiosk was not given the session's data folder"
kill -KILL "$first"
second=$(kiosk_pid) || fail "the kiosk was not restarted after SIGKILL"
[ "$second" != "$first" ] || fail "no new kiosk process"
kill -TERM "$second"
third=$(kiosk_pid) || fail "the kiosk was not restarted after it exited"
[ "$third" != "$second" ] || fail "no new kiosk process after the second exit"
grep -q "starting it again" "$work/launcher.log" || fail "the launcher did not log the restarts"

kill -TERM "$session"
for _ in $(seq 100); do kill -0 "$session" 2>/dev/null || break; sleep 0.1; done
kill -0 "$session" 2>/dev/null && fail "the launcher did not stop on SIGTERM"
wait "$session" || true
session=
kill -0 "$third" 2>/dev/null && fail "the kiosk outlived its session"
echo "passed: restarted after SIGKILL and after exiting, core dumps off, stopped with its session"
