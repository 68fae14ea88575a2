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
# Both are also run on a folder of DIR's first file alone: that run is each side's fixed cost
# (start-up, model loads, Spark's first-job code generation, the commit), and "marginal" is the
# ratio with it subtracted from both, the throughput of a long scan, where start-up is noise.
set -euo pipefail
export ORT_DISABLE_TELEMETRY=1 # ONNX Runtime 1.29 telemetry off (docs/decisions.md)
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
one="$work/one"
mkdir -p "$one"
cp "$(find "$dir" -type f | sort | head -1)" "$one/"

# run_cli IN TAG / run_spark IN TAG: one timed run; TAG.err (summary), TAG.rss, TAG.wall
run_cli() {
  local t0
  t0=$(now)
  /usr/bin/time -f %M -o "$work/$2.rss" cli/bin/vigil scan "$1" --threads "$n" --device cpu \
    "${model_args[@]}" -o "$work/$2.jsonl" 2>"$work/$2.err" || true
  awk "BEGIN{print $(now)-$t0}" >"$work/$2.wall"
}
run_spark() {
  local t0
  t0=$(now)
  /usr/bin/time -f %M -o "$work/$2.rss" \
    spark/scripts/spark-submit-local.sh --master "local[$n]" --driver-memory 2g \
    --conf spark.ui.enabled=false --class dev.vigil.spark.ScanJob spark/target/vigil-spark.jar \
    --input "$1" --output "$work/$2.out" --mode overwrite --format jsonl --device cpu \
    "${model_args[@]}" 2>"$work/$2.err"
  awk "BEGIN{print $(now)-$t0}" >"$work/$2.wall"
}

for r in $(seq 1 "$rounds"); do
  echo "round $r: load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  run_cli "$one" cli1
  run_cli "$dir" cli
  run_spark "$one" spark1
  run_spark "$dir" spark
  echo "  load after: $(cut -d' ' -f1-3 /proc/loadavg)"
  grep -h '^vigil scan:' "$work/cli.err" | sed 's/^/  /'
  grep -h '^vigil-spark scan:' "$work/spark.err" | sed 's/^/  /'
  python3 - "$(summary_hours "$work/cli.err")" "$(wc -l <"$work/cli.jsonl")" \
    "$(cat "$work"/spark.out/part-* | wc -l)" \
    "$(summary_seconds "$work/cli.err")" "$(cat "$work/cli.wall")" \
    "$(summary_seconds "$work/cli1.err")" "$(cat "$work/cli1.wall")" "$(tail -1 "$work/cli.rss")" \
    "$(summary_seconds "$work/spark.err")" "$(cat "$work/spark.wall")" \
    "$(summary_seconds "$work/spark1.err")" "$(cat "$work/spark1.wall")" \
    "$(tail -1 "$work/spark.rss")" <<'PY'
import sys
a = sys.argv[1:]
audio = float(a[0]) * 3600
print(f"  rows: vigil scan {a[1]}, vigil-spark {a[2]}; {audio:.1f} s of audio")
rows = {}
for name, k in (("vigil scan", 3), ("vigil-spark", 8)):
    scan, proc, scan1, proc1, rss = map(float, a[k:k + 5])
    rows[name] = (scan, proc, scan - scan1)
    print(f"  {name:12} scan {scan:6.1f} s ({audio/scan:6.1f} audio-s/s), process {proc:6.1f} s"
          f" ({audio/proc:6.1f}), fixed cost (1 file) {scan1:5.1f} s scan / {proc1:5.1f} s process,"
          f" max RSS {rss/1024:.0f} MB")
c, s = rows["vigil scan"], rows["vigil-spark"]
print(f"  spark / cli throughput: {c[0]/s[0]:.3f} (scan times), {c[1]/s[1]:.3f} (process times),"
      f" {c[2]/s[2]:.3f} (marginal: scan times less the 1-file run)")
PY
done
