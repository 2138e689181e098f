#!/usr/bin/env bash
# Peak memory of ntm reading files at and over its input limits: a 1 GB CSV
# (refused by its size before it is read), a 49 MB CSV of rows that look
# valid but are wrong (read whole, every row checked, a screenful of errors),
# and a 1 GB file piped in (no size to check: read only up to the limit).
# The files are made here, in a temporary folder, and removed after.
#
#   bash tools/input-limits.sh            # builds ntm (release) first
#   NTM=target/debug/ntm bash tools/input-limits.sh
set -euo pipefail

NTM=${NTM:-}
if [ -z "$NTM" ]; then
    cargo build --release -q -p ntm-cli
    NTM=target/release/ntm
fi
NTM=$(realpath "$NTM")
WORK=$(mktemp -d /tmp/ntm-limits.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

peak() {
    # Prints "<peak KB> <seconds>" of a command; its own output goes to a log.
    local started ended tenths
    started=$(date +%s%N)
    /usr/bin/time -f "%M" -o time.txt "$@" >out.log 2>err.log || true
    ended=$(date +%s%N)
    tenths=$(((ended - started) / 100000000))
    printf '%s %d,%d' "$(tail -n 1 time.txt)" "$((tenths / 10))" "$((tenths % 10))"
}

report() {
    # $1: what; $2: "<KB> <s>"; $3: the message ntm gave (first line).
    read -r kb s <<<"$2"
    printf '%-58s %8s MB %7s s   %s\n' "$1" "$((kb / 1024))" "$s" "$3"
}

"$NTM" demo >/dev/null

# A real gigabyte of CSV rows.
python3 - <<'PY'
row = "03589,2024,3.2,,đạt,,,ghi chú bình thường của một dòng số liệu\n".encode()
with open("gigabyte.csv", "wb") as f:
    f.write(b"unit_code,period,indicator,criterion,value,achieved,total,note\n")
    chunk = row * 16384
    for _ in range((1 << 30) // len(chunk) + 1):
        f.write(chunk)
# Just under the 50 MB limit: rows that look right, each with a wrong value.
with open("almost-50mb.csv", "wb") as f:
    f.write(b"unit_code,period,indicator,criterion,value,achieved,total,note\n")
    bad = "03589,2024,3.2,,có lẽ,,,ghi chú\n".encode()
    n = (49 * 1024 * 1024) // len(bad)
    f.write(bad * min(n, 299_000))
PY

echo "ntm $("$NTM" --version | cut -d' ' -f2), $(date -u +%Y-%m-%d), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB"
printf '%-58s %11s %9s   %s\n' "case" "peak RSS" "time" "message"
r=$(peak "$NTM" values import gigabyte.csv)
report "1 GB CSV file (ntm values import)" "$r" "$(head -c 120 err.log | tr '\n' ' ')"
r=$(peak "$NTM" import gigabyte.csv)
report "1 GB CSV file (ntm import)" "$r" "$(head -c 120 err.log | tr '\n' ' ')"
r=$(peak sh -c "cat gigabyte.csv | '$NTM' values import /dev/stdin")
report "1 GB piped in (no size known: read up to the limit)" "$r" "$(head -c 120 err.log | tr '\n' ' ')"
r=$(peak "$NTM" values import almost-50mb.csv)
report "49 MB of wrong rows ($(($(wc -l <almost-50mb.csv) - 1)) rows)" "$r" \
    "$(head -n 1 err.log | head -c 70) … $(tail -n 1 err.log)"
r=$(peak "$NTM" stats --unit 109 --period 2023)
report "for scale: ntm stats on the demo" "$r" ""
