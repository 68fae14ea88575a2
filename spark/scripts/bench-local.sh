#!/usr/bin/env bash
# Throughput of vigil-spark in local mode against vigil scan on the same machine, in one run:
#   1. cli/bin/vigil scan DIR --threads N                       (the launcher, as users run it)
#   2. spark-submit --master local[N] ScanJob --input DIR       (through spark-submit-local.sh)
# each writing JSON lines, the same model (bundled unless MODEL=FILE), one after the other.
#
# usage: spark/scripts/bench-local.sh [DIR]
#   DIR      the folder to scan (default /tmp/bench44x200; generated when missing with
#            `cli/bin/vigil bench --generate DIR --files 200`: 200 speech-like 44.1 kHz WAVs)
#   THREADS  N (default 2); ROUNDS how many scan/Spark pairs (default 1); MODEL a model file
# Needs the jars: ./mvnw -B -q package -DskipTests
#
# Each side is timed twice: "process" = from starting the command to its exit (JVM start, Spark's
# session start and stop, model loads, listing, scoring, writing); "scan" = the time its own summary
# line reports (vigil scan: after option parsing to the last result, model load included; ScanJob:
# from the SparkSession being ready to the output committed, driver checks and executor model
# load included). The ratio Spark/CLI is the throughput ratio (audio seconds per wall second).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
dir=${1:-/tmp/bench44x200}
n=${THREADS:-2}
rounds=${ROUNDS:-1}
if [ ! -f cli/target/vigil.jar ] || [ ! -f spark/target/vigil-spark.jar ]; then
  echo "bench-local: build the jars first: ./mvnw -B -q package -DskipTests" >&2
  exit 2
fi
if [ ! -d "$dir" ]; then
  cli/bin/vigil bench --generate "$dir" --files 200 >&2
fi
model_args=()
if [ -n "${MODEL:-}" ]; then model_args=(--model "$MODEL"); fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }
# the seconds a summary line reports: "... h of audio in 23.4 s ..."
summary_seconds() { sed -n 's/.* h of audio in \([0-9.]*\) s.*/\1/p' "$1" | tail -1; }
summary_hours() { sed -n 's/.*; \([0-9.]*\) h of audio in .*/\1/p' "$1" | tail -1; }

echo "bench-local: $dir, $(find "$dir" -type f | wc -l) files, $n threads, $rounds round(s)"
echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown); $(java -version 2>&1 | head -1)"
for r in $(seq 1 "$rounds"); do
  echo "round $r: load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  t0=$(now)
  /usr/bin/time -f %M -o "$work/scan.rss" cli/bin/vigil scan "$dir" --threads "$n" --device cpu \
    "${model_args[@]}" -o "$work/scan.jsonl" 2>"$work/scan.err" || true
  t1=$(now)
  /usr/bin/time -f %M -o "$work/spark.rss" \
    spark/scripts/spark-submit-local.sh --master "local[$n]" --driver-memory 2g \
    --conf spark.ui.enabled=false --class dev.vigil.spark.ScanJob spark/target/vigil-spark.jar \
    --input "$dir" --output "$work/spark" --mode overwrite --format jsonl --device cpu \
    "${model_args[@]}" 2>"$work/spark.err"
  t2=$(now)
  echo "  load after: $(cut -d' ' -f1-3 /proc/loadavg)"
  grep '^vigil scan:' "$work/scan.err" | sed 's/^/  /'
  grep '^vigil-spark scan:' "$work/spark.err" | sed 's/^/  /'
  python3 - "$(summary_hours "$work/scan.err")" "$(summary_seconds "$work/scan.err")" \
    "$(awk "BEGIN{print $t1-$t0}")" "$(summary_hours "$work/spark.err")" \
    "$(summary_seconds "$work/spark.err")" "$(awk "BEGIN{print $t2-$t1}")" \
    "$(wc -l <"$work/scan.jsonl")" "$(cat "$work"/spark/part-* | wc -l)" \
    "$(tail -1 "$work/scan.rss")" "$(tail -1 "$work/spark.rss")" <<'PY'
import sys
ch, cs, cp, sh, ss, sp, cn, sn, cr, sr = sys.argv[1:]
ch, cs, cp, sh, ss, sp = map(float, (ch, cs, cp, sh, ss, sp))
audio = ch * 3600
print(f"  rows: vigil scan {cn}, vigil-spark {sn}; audio {audio:.1f} s (spark says {sh*3600:.1f} s)")
print(f"  {'':12}{'scan s':>9}{'process s':>11}{'audio-s/s (scan)':>18}{'audio-s/s (process)':>21}{'max RSS MB':>12}")
print(f"  {'vigil scan':12}{cs:9.1f}{cp:11.1f}{audio/cs:18.1f}{audio/cp:21.1f}{int(cr)/1024:12.0f}")
print(f"  {'vigil-spark':12}{ss:9.1f}{sp:11.1f}{audio/ss:18.1f}{audio/sp:21.1f}{int(sr)/1024:12.0f}")
print(f"  spark / cli throughput: {cs/ss:.3f} (scan times), {cp/sp:.3f} (process times)")
PY
done
