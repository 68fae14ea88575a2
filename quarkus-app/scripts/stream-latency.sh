#!/usr/bin/env bash
# Latency of /v1/stream under real-time load (StreamLatencyProbe, docs/http.md): starts the built
# service on 127.0.0.1:PORT with MODEL (default: the bundled model), measures the model-only
# latency of one window in the probe's JVM while the service is idle, then streams real-time 16 kHz
# audio (20 ms frames) for SECONDS at each stream count of STREAMS in turn (after 4 unmeasured
# streams of 10 s), stopping at the first count that falls behind (the median latency of a run's
# last third more than max(50 ms, half the first third's) above its first third's).
# Prints p50/p99 latency from a window's last sample sent to its verdict received, and the load
# average before and after. Stops the service it started. Needs `./mvnw package -DskipTests` (test
# classes included); nothing is downloaded; bounded by SECONDS × counts plus start-up.
#
#   quarkus-app/scripts/stream-latency.sh [SECONDS] [STREAMS] [MODEL.onnx] [PORT]
#   e.g. quarkus-app/scripts/stream-latency.sh 30 1,16,32,48,56,64,80
# SERVICE_OPTS: more JVM options for the service, e.g. -Dvigil.engine.max-wait=0ms
set -euo pipefail
export ORT_DISABLE_TELEMETRY=1 # ONNX Runtime 1.29 telemetry off (docs/decisions.md)
here=$(cd "$(dirname "$0")" && pwd)
app=$(cd "$here/.." && pwd)
root=$(cd "$app/.." && pwd)
seconds=${1:-30}
streams=${2:-1,16,32,48,56,64,80}
model=${3:-$root/default-model/src/main/resources/dev/vigil/model/default.onnx}
port=${4:-18391}
jar=$app/target/quarkus-app/quarkus-run.jar
[ -f "$model" ] || { echo "stream-latency.sh: $model: file not found" >&2; exit 2; }
[ -f "$jar" ] && [ -d "$app/target/test-classes" ] \
  || { echo "stream-latency.sh: build first: ./mvnw -B -pl quarkus-app -am package -DskipTests" >&2; exit 2; }
if curl -s -o /dev/null "http://127.0.0.1:$port/q/health/live"; then
  echo "stream-latency.sh: port $port is taken; give another PORT" >&2; exit 2
fi
cpfile=$(mktemp)
log=$(mktemp)
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -f "$cpfile" "$log"
}
trap cleanup EXIT
# the runtime's class path only (as latency.sh: ONNX Runtime beside Quarkus in one plain JVM crashed)
(cd "$root" && ./mvnw -q -o -pl runtime dependency:build-classpath -Dmdep.outputFile="$cpfile" >/dev/null) \
  || (cd "$root" && ./mvnw -q -pl runtime dependency:build-classpath -Dmdep.outputFile="$cpfile" >/dev/null)
# Streams are only counted here (no work budget, 256 at most): the sweep measures what the cores
# sustain; the budget the service sizes at start-up would refuse streams past 0.8 x its capacity
# (its "admission:" line below), and on a busy machine that capacity is measured low.
java -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" -Dvigil.model.path="$model" \
  -Dvigil.limits.max-audio-in-flight=0s -Dvigil.stream.max-streams=256 ${SERVICE_OPTS:-} \
  -jar "$jar" >"$log" 2>&1 &
pid=$!
for _ in $(seq 1 240); do
  curl -sf -o /dev/null "http://127.0.0.1:$port/q/health/ready" && break
  kill -0 "$pid" 2>/dev/null || { echo "stream-latency.sh: the service died:" >&2; tail -20 "$log" >&2; exit 1; }
  sleep 0.5
done
curl -sf -o /dev/null "http://127.0.0.1:$port/q/health/ready" \
  || { echo "stream-latency.sh: the service was not ready within 120 s" >&2; exit 1; }
grep -E "admission:|ready on" "$log" || true
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
timeout $(( seconds * 12 + 320 )) \
  java -cp "$app/target/test-classes:$app/target/classes:$root/runtime/target/classes:$(cat "$cpfile")" \
  dev.vigil.http.StreamLatencyProbe "$model" "$port" "$seconds" "$streams"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
curl -s "http://127.0.0.1:$port/q/metrics" | grep -E '^vigil_stream_(windows_total|ends_total|refusals_total)' || true
