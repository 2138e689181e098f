#!/usr/bin/env bash
# Load figures for the web application (a measurement, not a test): starts
# `ntm serve --demo`, signs in as the province's coordination office, and has
# wrk request the overview page of the demo province (Lai Châu, 2023) from 50
# concurrent connections. Prints wrk's latency distribution and requests per
# second, and the server's resident memory before and after.
#
#   cargo build --release && bash tools/load-overview.sh
#
# Needs wrk (apt-get install wrk) and curl. DURATION (default 30s), CONNECTIONS
# (default 50), PORT (default 8181) and NTM_BIN may be set.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${NTM_BIN:-$ROOT/target/release/ntm}
PORT=${PORT:-8181}
DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-50}
ADDR=127.0.0.1:$PORT
URL="http://$ADDR/overview/12?period=2023"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
[ -x "$BIN" ] || { echo "$BIN is missing: cargo build --release" >&2; exit 1; }

WORK=$(mktemp -d)
cleanup() { [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
cd "$WORK"
wait_up() {
    for _ in $(seq 1 300); do
        curl -fs -o /dev/null "http://$ADDR/login" && return 0
        sleep 0.2
    done
    echo "the server did not start" >&2; cat serve.log >&2; exit 1
}
# Build the demo database with its accounts, then serve it as a deployed
# server would (without the memory the build itself used).
"$BIN" serve --demo --addr "$ADDR" >serve.log 2>&1 &
PID=$!
wait_up
kill "$PID"; wait "$PID" 2>/dev/null || true
"$BIN" serve --db sqlite://ntm-demo.db --addr "$ADDR" >serve.log 2>&1 &
PID=$!
wait_up

rss() { awk '/^VmRSS/ {print $2/1024 " MB"}' "/proc/$PID/status"; }
hwm() { awk '/^VmHWM/ {print $2/1024 " MB"}' "/proc/$PID/status"; }

COOKIE=$(curl -fs -c - -o /dev/null -d "username=vpdp.laichau&password=ntm-demo-2026&next=/" \
    "http://$ADDR/login" | awk '$6 == "ntm_session" {print $7}')
[ -n "$COOKIE" ] || { echo "login failed" >&2; cat serve.log >&2; exit 1; }
SIZE=$(curl -fs -H "Cookie: ntm_session=$COOKIE" "$URL" | wc -c)

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "page: $URL ($SIZE bytes)"
echo "server resident memory after start: $(rss)"
# Warm-up, then the measured run.
wrk -t2 -c"$CONNECTIONS" -d5s -H "Cookie: ntm_session=$COOKIE" "$URL" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Cookie: ntm_session=$COOKIE" "$URL"
echo "server resident memory now: $(rss); peak: $(hwm)"
