#!/usr/bin/env bash
# Samples a training process's resident set and says whether it stayed flat (issue 18).
#
#   trainer/scripts/rss-watch.sh [-i SECONDS] [-w WARMUP_SECONDS] -o FILE.tsv -- COMMAND ARGS...
#   trainer/scripts/rss-watch.sh [-i SECONDS] [-w WARMUP_SECONDS] -o FILE.tsv -p PID
#
# Runs COMMAND (or watches PID) and writes one line per sample to FILE.tsv: seconds since start,
# VmRSS in MiB of the process and its children, and the resident part of their glibc heap (native
# memory under the launcher). When the process ends it prints the RSS after the warm-up (default
# 300 s), the largest RSS after it, the last sample, and
# the growth from the warm-up to the end in MiB per hour; it exits with the command's exit code
# (0 when watching a PID).
set -euo pipefail
interval=10
warmup=300
out=
pid=
while getopts "i:w:o:p:" opt; do
  case $opt in
    i) interval=$OPTARG ;;
    w) warmup=$OPTARG ;;
    o) out=$OPTARG ;;
    p) pid=$OPTARG ;;
    *) echo "usage: $0 [-i SECONDS] [-w WARMUP] -o FILE.tsv (-p PID | -- COMMAND...)" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ "${1:-}" = "--" ] && shift
if [ -z "$out" ] || { [ -z "$pid" ] && [ $# -eq 0 ]; }; then
  echo "usage: $0 [-i SECONDS] [-w WARMUP] -o FILE.tsv (-p PID | -- COMMAND...)" >&2
  exit 2
fi
if [ -z "$pid" ]; then
  "$@" &
  pid=$!
  own=1
else
  own=0
fi
# the process tree's total RSS and the resident part of its glibc main heap ([heap], grown with brk),
# in MiB: a launcher script execs java, so usually one process; with the launcher's MALLOC_ARENA_MAX=1
# and MALLOC_MMAP_MAX_=0 every native allocation lives in that heap
sample() {
  local rss=0 heap=0 p kb
  for p in $1 $(pgrep -P "$1" 2> /dev/null || true); do
    kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2> /dev/null || echo 0)
    rss=$((rss + ${kb:-0}))
    kb=$(awk '/^[0-9a-f]+-[0-9a-f]+ / {n = $6} /^Rss:/ && n == "[heap]" {print $2}' "/proc/$p/smaps" 2> /dev/null || echo 0)
    heap=$((heap + ${kb:-0}))
  done
  printf '%s\t%s' $((rss / 1024)) $((heap / 1024))
}
start=$(date +%s)
printf 'seconds\trss_mib\tglibc_heap_mib\n' > "$out"
while kill -0 "$pid" 2> /dev/null; do
  printf '%s\t%s\n' "$(($(date +%s) - start))" "$(sample "$pid")" >> "$out"
  sleep "$interval"
done
code=0
if [ "$own" = 1 ]; then
  wait "$pid" || code=$?
fi
awk -v w="$warmup" 'NR > 1 && $2 > 0 {
    if ($1 >= w && base == "") { base = $2; t0 = $1; nbase = $3 }
    if ($1 >= w && $2 > peak) peak = $2
    last = $2; tl = $1; nlast = $3
  }
  END {
    if (base == "") { print "rss-watch: the process ended before the warm-up (" w " s)"; exit }
    h = (tl - t0) / 3600
    printf "rss-watch: %d s sampled; after warm-up (%d s) %d MiB, peak %d MiB, last %d MiB; growth %+d MiB (%+.1f MiB/h) over %.2f h; glibc heap %d -> %d MiB\n",
      tl, t0, base, peak, last, last - base, (h > 0 ? (last - base) / h : 0), h, nbase, nlast
  }' "$out"
exit "$code"
