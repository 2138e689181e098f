#!/usr/bin/env bash
# Bytes sent for the main pages (a measurement, not a test): starts
# `ntm serve --demo`, signs in as the province's coordination office, and
# fetches each page uncompressed (the baseline), with gzip and with brotli;
# prints the sizes, the ratio to the baseline, and the server's time to
# answer each (curl's time to the last byte, median of five, on loopback).
#
#   cargo build --release && bash tools/transfer-sizes.sh
#
# Needs curl. PORT (default 8182) and NTM_BIN may be set.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${NTM_BIN:-$ROOT/target/release/ntm}
PORT=${PORT:-8182}
ADDR=127.0.0.1:$PORT
[ -x "$BIN" ] || { echo "$BIN is missing: cargo build --release" >&2; exit 1; }
BIN=$(realpath "$BIN")

WORK=$(mktemp -d)
cleanup() { [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
cd "$WORK"
"$BIN" serve --demo --addr "$ADDR" >serve.log 2>&1 &
PID=$!
for _ in $(seq 1 300); do
    curl -fs -o /dev/null "http://$ADDR/login" && break
    sleep 0.2
done
COOKIE=$(curl -fs -c - -o /dev/null -d "username=vpdp.laichau&password=ntm-demo-2026&next=/" \
    "http://$ADDR/login" | awk '$6 == "ntm_session" {print $7}')
[ -n "$COOKIE" ] || { echo "login failed" >&2; cat serve.log >&2; exit 1; }

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "date: $(date -u +%Y-%m-%d); machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); binary: $("$BIN" --version)"
printf "%-42s %-9s %9s %7s %9s\n" "page" "encoding" "bytes" "ratio" "ms"
for path in "/overview/12?period=2023" "/overview/109?period=2023" "/overview/12?period=2026" \
    "/units/03589?period=2023" "/api/v1/units/12/statistics?period=2023"; do
    base=""
    for encoding in identity gzip br; do
        size=$(curl -fs -H "Cookie: ntm_session=$COOKIE" -H "Accept-Encoding: $encoding" \
            -o /dev/null -w "%{size_download}" "http://$ADDR$path")
        [ -z "$base" ] && base=$size
        ms=$(for _ in 1 2 3 4 5; do
            curl -fs -H "Cookie: ntm_session=$COOKIE" -H "Accept-Encoding: $encoding" \
                -o /dev/null -w "%{time_total}\n" "http://$ADDR$path"
        done | awk '{print $1 * 1000}' | median)
        printf "%-42s %-9s %9s %7s %9s\n" "$path" "$encoding" "$size" \
            "$(awk -v s="$size" -v b="$base" 'BEGIN {printf "%.3f", s / b}')" "$ms"
    done
done
