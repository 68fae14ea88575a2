#!/usr/bin/env bash
# Flat-memory check of `vigil scan` (not part of CI).
#
# Generates FILES speech-like WAV files (default 10000, 1-3 s, 16 kHz unless RATE, ~0.5 GB at 16 kHz),
# scans them in one run with the launcher cli/bin/vigil (as users run it), samples the scan's resident set size
# (VmRSS) every 0.2 s, and prints the RSS when the output reached 1,000 results and when it
# reached FILES results. The target: the second is within 10 % of the first.
#
# usage: cli/scripts/memory-check.sh MODEL.onnx [WORKDIR] [FILES]
#   JAR (env) the runnable jar, default cli/target/vigil.jar
#   JAVA_OPTS (env) extra JVM options, e.g. -Xmx512m (passed as VIGIL_JAVA_OPTS)
#   LAUNCHER (env) default cli/bin/vigil; "java" runs java -jar JAR without the launcher
#   THREADS (env) --threads, default 2
#   RATE (env) the files' sample rate in Hz, default 16000 (the model's; others are resampled)
set -euo pipefail
export ORT_DISABLE_TELEMETRY=1 # ONNX Runtime 1.29 telemetry off (docs/decisions.md)

model=${1:?usage: memory-check.sh MODEL.onnx [WORKDIR] [FILES]}
work=${2:-$(mktemp -d -t vigil-memcheck-XXXXXX)}
files=${3:-10000}
jar=${JAR:-cli/target/vigil.jar}
launcher=${LAUNCHER:-$(dirname "$0")/../bin/vigil}
threads=${THREADS:-2}
rate=${RATE:-16000}
first=1000

[ -f "$jar" ] || { echo "memory-check: $jar not found (run ./mvnw -pl cli -am package -DskipTests)" >&2; exit 2; }
[ "$files" -gt "$first" ] || { echo "memory-check: FILES must be > $first" >&2; exit 2; }

if [ ! -d "$work/audio" ] || [ "$(ls "$work/audio" | wc -l)" -ne "$files" ] \
  || [ "$(cat "$work/rate" 2> /dev/null)" != "$rate" ]; then
  rm -rf "$work/audio"
  java -jar "$jar" bench --generate "$work/audio" --files "$files" \
    --min-seconds 1 --max-seconds 3 --rate "$rate"
  echo "$rate" > "$work/rate"
fi

out="$work/scan.jsonl"
rm -f "$out" "$out.vigil-scan.json"
if [ "$launcher" = java ]; then
  # shellcheck disable=SC2206 # JAVA_OPTS is a list of options
  vigil=(java ${JAVA_OPTS:-} -jar "$jar")
else
  vigil=(env VIGIL_JAR="$jar" VIGIL_JAVA_OPTS="${JAVA_OPTS:-}" "$launcher")
fi
"${vigil[@]}" scan "$work/audio" --model "$model" --device cpu --threads "$threads" --no-progress \
  -o "$out" 2> "$work/scan.err" &
pid=$!

rss_first=""
rss_last=""
rss_peak=0
lines_last=0
trace=""
next_mark=$first
while kill -0 "$pid" 2> /dev/null; do
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2> /dev/null || true)
  lines=$( (wc -l < "$out") 2> /dev/null || echo 0)
  # samples once every result is written may fall in the shutdown, when memory is being released
  if [ -n "$rss" ] && [ "$lines" -lt "$files" ]; then
    if [ -z "$rss_first" ] && [ "$lines" -ge "$first" ]; then
      rss_first=$rss
    fi
    if [ "$lines" -ge "$next_mark" ]; then
      trace="$trace $((rss / 1024))"
      next_mark=$(( (lines / first + 1) * first ))
    fi
    if [ -n "$rss_first" ] && [ "$rss" -gt "$rss_peak" ]; then
      rss_peak=$rss
    fi
    rss_last=$rss
    lines_last=$lines
  fi
  sleep 0.2
done
wait "$pid" || true
cat "$work/scan.err" >&2

echo "results: $(wc -l < "$out") of $files files"
echo "RSS at $first results: ${rss_first:-n/a} kB"
echo "RSS at $lines_last results (last sample before the end): ${rss_last:-n/a} kB"
echo "RSS peak from $first results on: ${rss_peak} kB"
echo "RSS every $first results (MiB):$trace"
if [ -n "$rss_first" ] && [ -n "$rss_last" ]; then
  awk -v a="$rss_first" -v b="$rss_last" -v p="$rss_peak" \
    'BEGIN { d = (b - a) / a * 100; q = (p - a) / a * 100
             printf "growth: %+.1f %% at the last sample, %+.1f %% at the peak (target: within 10 %%)\n", d, q
             exit (d > 10 || d < -10 || q > 10) }'
fi
