#!/usr/bin/env bash
# Start-to-ready time of the packaged service (JVM mode): launches quarkus-run.jar, polls
# /q/health/ready every 10 ms and prints the milliseconds from launch to the first 200, then stops
# the process it started. Repeats RUNS times and prints the median.
#
#   quarkus-app/scripts/start-to-ready.sh MODEL.onnx [RUNS] [-- extra JVM flags]
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java quarkus-app/scripts/start-to-ready.sh m.onnx 5 -- -XX:AOTCache=quarkus-app/target/app.aot
#
# Environment: JAVA (default: java), PORT (default 18080), JAR (default: the module's quarkus-run.jar).
set -euo pipefail
export ORT_DISABLE_TELEMETRY=1 # ONNX Runtime 1.29 telemetry off (docs/decisions.md)
here=$(cd "$(dirname "$0")/.." && pwd)
model=${1:?usage: start-to-ready.sh MODEL.onnx [RUNS] [-- JVM flags]}
shift
runs=5
if [ $# -gt 0 ] && [ "$1" != "--" ]; then runs=$1; shift; fi
[ "${1:-}" = "--" ] && shift
java=${JAVA:-java}
port=${PORT:-18080}
jar=${JAR:-$here/target/quarkus-app/quarkus-run.jar}
[ -f "$jar" ] || { echo "start-to-ready: $jar not found; run ./mvnw -pl quarkus-app package first" >&2; exit 2; }
[ -f "$model" ] || { echo "start-to-ready: $model: model file not found" >&2; exit 2; }

times=()
for i in $(seq 1 "$runs"); do
  log=$(mktemp)
  t0=$(date +%s%N)
  "$java" --enable-native-access=ALL-UNNAMED "$@" -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
    -Dvigil.model.path="$model" -jar "$jar" >"$log" 2>&1 &
  pid=$!
  ready=
  for _ in $(seq 1 6000); do  # at most 60 s
    if curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/q/health/ready" 2>/dev/null | grep -q 200; then
      ready=$(( ($(date +%s%N) - t0) / 1000000 ))
      break
    fi
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.01
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ -z "$ready" ]; then
    echo "run $i: not ready within 60 s; log:" >&2; tail -20 "$log" >&2; rm -f "$log"; exit 1
  fi
  rm -f "$log"
  echo "run $i: ready after $ready ms"
  times+=("$ready")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
echo "start-to-ready median over $runs runs: $median ms ($("$java" -version 2>&1 | head -1); flags: ${*:-none})"
