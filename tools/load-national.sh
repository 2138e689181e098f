#!/usr/bin/env bash
# Page load on the national database (a measurement, not a test): serves the
# generated national dataset (crates/ntm-bench: 111,145 units, five years of
# values, ~10 million audit rows) as a deployment would, signs in as an
# administrator and has wrk request each page and API call below. Prints,
# per request, the size of the answer (uncompressed and with gzip) and the
# p50/p99 latency; the province overview is also measured at 50 clients.
#
#   cargo build --release -p ntm-cli -p ntm-bench --bins
#   cargo run --release -p ntm-bench --bin national-report   # generates the database once
#   bash tools/load-national.sh
#
# Needs wrk and curl. NATIONAL_DB (default target/ntm-bench/national.db),
# DURATION (default 10s per page), CONNECTIONS (default 10), PORT (default
# 8182) and NTM_BIN may be set. The script adds one account (taitai) to the
# database the first time.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${NTM_BIN:-$ROOT/target/release/ntm}
CRITERIA_BIN=${CRITERIA_BIN:-$ROOT/target/release/bench-criteria}
DB=${NATIONAL_DB:-$ROOT/target/ntm-bench/national.db}
PORT=${PORT:-8182}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-10}
ADDR=127.0.0.1:$PORT
PASSWORD=ntm-tai-thu-2026

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
for b in "$BIN" "$CRITERIA_BIN"; do
    [ -x "$b" ] || { echo "$b is missing: cargo build --release -p ntm-cli -p ntm-bench --bins" >&2; exit 1; }
done
[ -f "$DB" ] || { echo "$DB is missing: cargo run --release -p ntm-bench --bin national-report" >&2; exit 1; }

WORK=$(mktemp -d)
cleanup() { [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
"$CRITERIA_BIN" "$WORK/criteria" >/dev/null
NTM=("$BIN" --db "sqlite://$DB" --criteria-dir "$WORK/criteria")
if ! "${NTM[@]}" user list 2>/dev/null | grep -q taitai; then
    NTM_PASSWORD=$PASSWORD "${NTM[@]}" user add taitai --name "Thử tải" --role administrator >/dev/null
fi
"${NTM[@]}" serve --addr "$ADDR" >"$WORK/serve.log" 2>&1 &
PID=$!
for _ in $(seq 1 600); do
    curl -fs -o /dev/null "http://$ADDR/login" && break
    sleep 0.2
done
curl -fs -o /dev/null "http://$ADDR/login" || { echo "the server did not start" >&2; cat "$WORK/serve.log" >&2; exit 1; }
COOKIE=$(curl -fs -c - -o /dev/null -d "username=taitai&password=$PASSWORD&next=/" \
    "http://$ADDR/login" | awk '$6 == "ntm_session" {print $7}')
[ -n "$COOKIE" ] || { echo "login failed" >&2; cat "$WORK/serve.log" >&2; exit 1; }
H="Cookie: ntm_session=$COOKIE"

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "database: $DB ($(du -m "$DB" | cut -f1) MiB)"
echo "date: $(date -u +%Y-%m-%d)"
echo
printf '| %-44s | %10s | %9s | %9s | %9s | %s\n' "request" "size" "gzip" "p50" "p99" "aim p99"
printf '|%s|%s|%s|%s|%s|%s\n' "---" "---:" "---:" "---:" "---:" "---|"

# wrk's percentile line ("50%" or "99%") of a --latency run, in ms.
percentile() {
    awk -v p="$2" '$1 == p {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; printf "%.1f ms", v}' "$1"
}

measure() {
    local label=$1 path=$2 connections=${3:-$CONNECTIONS}
    local url="http://$ADDR$path"
    local status size gz
    status=$(curl -s -o "$WORK/body" -w '%{http_code}' -H "$H" "$url")
    [ "$status" = 200 ] || { echo "$path answered $status" >&2; head -c 400 "$WORK/body" >&2; exit 1; }
    size=$(wc -c <"$WORK/body")
    gz=$(curl -fs -H "$H" -H "Accept-Encoding: gzip" "$url" | wc -c)
    wrk -t2 -c"$connections" -d2s -H "$H" -H "Accept-Encoding: gzip" "$url" >/dev/null
    wrk -t2 -c"$connections" -d"$DURATION" --latency -H "$H" -H "Accept-Encoding: gzip" "$url" >"$WORK/wrk"
    printf '| %-44s | %10s | %9s | %9s | %9s | %s\n' "$label ($connections clients)" \
        "$(numfmt --to=iec --suffix=B "$size")" "$(numfmt --to=iec --suffix=B "$gz")" \
        "$(percentile "$WORK/wrk" 50%)" "$(percentile "$WORK/wrk" 99%)" "${4:-< 50 ms}"
}

COMMUNE=03589   # Xã Mường So, Huyện Phong Thổ, Tỉnh Lai Châu
measure "commune page" "/units/$COMMUNE?period=2025"
measure "commune, API" "/api/v1/units/$COMMUNE?period=2025"
measure "province plan (Lai Châu)" "/plans/12?year=2025"
measure "province plan, API" "/api/v1/units/12/plan?year=2025"
measure "province gaps" "/gaps/12?period=2025"
measure "province reporting cycle" "/cycle/12?period=2025"
measure "province money" "/money/12?year=2025"
measure "province map" "/map/12?period=2025"
measure "province overview (Lai Châu)" "/overview/12?period=2025"
measure "province overview (Lai Châu)" "/overview/12?period=2025" 50 "< 30 ms"
measure "large province overview (Thanh Hóa)" "/overview/38?period=2025"
measure "country overview" "/overview/VN?period=2025"
echo
echo "server resident memory: $(awk '/^VmRSS/ {printf "%.0f MB", $2/1024}' "/proc/$PID/status"); peak $(awk '/^VmHWM/ {printf "%.0f MB", $2/1024}' "/proc/$PID/status")"
