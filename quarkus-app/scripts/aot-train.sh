#!/usr/bin/env bash
# JDK 25 ahead-of-time cache (JEP 483/514) for the packaged service: one training run that starts
# the jar with -XX:AOTCacheOutput, waits for readiness (model load + warm-up), sends a few detect
# requests, and stops the service; the JVM writes the cache at exit. Then start with
#   java -XX:AOTCache=quarkus-app/target/app.aot -jar quarkus-app/target/quarkus-app/quarkus-run.jar
# The cache is only valid for the same JDK build and the same jar/classpath.
#
#   quarkus-app/scripts/aot-train.sh MODEL.onnx [CACHE] [WAV]
# Environment: JAVA (default: Temurin 25 under /usr/lib/jvm), PORT (default 18081).
set -euo pipefail
export ORT_DISABLE_TELEMETRY=1 # ONNX Runtime 1.29 telemetry off (docs/decisions.md)
here=$(cd "$(dirname "$0")/.." && pwd)
model=${1:?usage: aot-train.sh MODEL.onnx [CACHE] [WAV]}
cache=${2:-$here/target/app.aot}
wav=${3:-}
java=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
port=${PORT:-18081}
jar=$here/target/quarkus-app/quarkus-run.jar
[ -f "$jar" ] || { echo "aot-train: $jar not found; run ./mvnw -pl quarkus-app package first" >&2; exit 2; }
"$java" -XX:AOTCacheOutput=/dev/null -version >/dev/null 2>&1 \
  || { echo "aot-train: $java does not support -XX:AOTCacheOutput (needs JDK 25+)" >&2; exit 2; }

log=$(mktemp)
"$java" --enable-native-access=ALL-UNNAMED -XX:AOTCacheOutput="$cache" \
  -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" -Dvigil.model.path="$model" \
  -jar "$jar" >"$log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do
  curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/q/health/ready" 2>/dev/null | grep -q 200 && break
  kill -0 "$pid" 2>/dev/null || { echo "aot-train: the service exited:" >&2; tail -20 "$log" >&2; exit 1; }
  sleep 0.1
done
if [ -n "$wav" ]; then
  for _ in $(seq 1 20); do
    curl -s -o /dev/null -H 'Content-Type: audio/wav' --data-binary @"$wav" "http://127.0.0.1:$port/v1/detect"
  done
fi
curl -s -o /dev/null "http://127.0.0.1:$port/v1/model" || true
kill -TERM "$pid"
wait "$pid" 2>/dev/null || true
grep -i "aot" "$log" | tail -3 || true
rm -f "$log"
ls -l "$cache"
echo "use it with: $java -XX:AOTCache=$cache -jar $jar"
