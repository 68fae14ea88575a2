#!/usr/bin/env bash
# Load test of a RUNNING Vigil HTTP service on 127.0.0.1 only, bounded in time: wrk posts one WAV
# at a fixed concurrency for a fixed duration and prints latency percentiles, throughput and
# non-2xx counts; the server's RSS is sampled every 5 s; the CPU time wrk itself used is printed so
# that it can be accounted for (it shares the machine's cores with the server).
#
#   quarkus-app/scripts/load.sh WAV CONCURRENCY SECONDS [PORT] [SERVER_PID]
#   e.g. quarkus-app/scripts/load.sh /tmp/4s.wav 1 30 8080 12345
#        quarkus-app/scripts/load.sh /tmp/4s.wav 16 60 8080 12345
# Needs wrk (Debian: apt-get install -y wrk). WRK_CPUS pins wrk with taskset (e.g. WRK_CPUS=1).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
wav=${1:?usage: load.sh WAV CONCURRENCY SECONDS [PORT] [SERVER_PID]}
conc=${2:?concurrency}
secs=${3:?seconds}
port=${4:-8080}
spid=${5:-}
[ -f "$wav" ] || { echo "load.sh: $wav: file not found" >&2; exit 2; }
command -v wrk >/dev/null || { echo "load.sh: wrk not found (apt-get install -y wrk)" >&2; exit 2; }
[ "$conc" -ge 1 ] && [ "$conc" -le 256 ] || { echo "load.sh: concurrency must be 1..256" >&2; exit 2; }
[ "$secs" -ge 1 ] && [ "$secs" -le 600 ] || { echo "load.sh: seconds must be 1..600" >&2; exit 2; }
url="http://127.0.0.1:$port/v1/detect"
curl -sf -o /dev/null "http://127.0.0.1:$port/q/health/ready" \
  || { echo "load.sh: service on 127.0.0.1:$port is not ready" >&2; exit 1; }

threads=$(( conc < 2 ? 1 : 2 ))
pin=()
[ -n "${WRK_CPUS:-}" ] && pin=(taskset -c "$WRK_CPUS")

rss_log=$(mktemp)
if [ -n "$spid" ]; then
  ( while kill -0 "$spid" 2>/dev/null; do
      awk '/VmRSS/ {print $2}' "/proc/$spid/status"; sleep 5
    done ) >"$rss_log" 2>/dev/null &
  sampler=$!
fi
tfile=$(mktemp)
WAV="$wav" /usr/bin/time -f "wrk cpu: user %U s, system %S s, wall %e s" -o "$tfile" \
  "${pin[@]}" wrk -t"$threads" -c"$conc" -d"${secs}s" --timeout 30s -s "$here/post-audio.lua" "$url" \
  | grep -E "requests|latency|throughput|Non-2xx|Socket errors"
cat "$tfile"; rm -f "$tfile"
if [ -n "$spid" ]; then
  kill "$sampler" 2>/dev/null || true
  awk 'NR==1 {first=$1} {last=$1; if ($1>max) max=$1} END {if (NR) printf "server RSS: first %.0f MiB, last %.0f MiB, max %.0f MiB (%d samples)\n", first/1024, last/1024, max/1024, NR}' "$rss_log"
  printf 'server RSS every 5 s (MiB):'; awk '{printf " %.0f", $1/1024} END {print ""}' "$rss_log"
fi
rm -f "$rss_log"
