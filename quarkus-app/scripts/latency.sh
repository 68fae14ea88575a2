#!/usr/bin/env bash
# Latency of a RUNNING Vigil HTTP service on 127.0.0.1 at concurrency 1, beside the model-only
# latency of the same two windows, measured in alternating blocks (LatencyProbe, docs/http.md):
# each round runs PER_ROUND model-only runs both ways (one run of 2 windows over ONNX Runtime's
# threads; two single-threaded runs of one window side by side) in the probe's JVM, then PER_ROUND
# requests posting the 4 s WAV one after another. WARM_UP requests (default 10000, about 3 minutes)
# go first: the service's HTTP stack is compiled by C2 only after thousands of requests, and until
# then the compiler takes a share of the cores (0 measures a fresh service as it is). Needs
# `./mvnw package` (test classes included).
#
#   quarkus-app/scripts/latency.sh MODEL.onnx [PORT] [ROUNDS] [PER_ROUND] [WARM_UP]
#   e.g. quarkus-app/scripts/latency.sh default-model/src/main/resources/dev/vigil/model/default.onnx 8080
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
app=$(cd "$here/.." && pwd)
root=$(cd "$app/.." && pwd)
model=${1:?usage: latency.sh MODEL.onnx [PORT] [ROUNDS] [PER_ROUND] [WARM_UP]}
port=${2:-8080}
rounds=${3:-20}
per=${4:-60}
warmup=${5:-10000}
[ -f "$model" ] || { echo "latency.sh: $model: file not found" >&2; exit 2; }
[ -d "$app/target/test-classes" ] || { echo "latency.sh: build first: ./mvnw -B package -DskipTests" >&2; exit 2; }
curl -sf -o /dev/null "http://127.0.0.1:$port/q/health/ready" \
  || { echo "latency.sh: service on 127.0.0.1:$port is not ready" >&2; exit 1; }
cpfile=$(mktemp)
trap 'rm -f "$cpfile"' EXIT
# the runtime's class path only: with Quarkus and Vert.x on it, a plain JVM loading the model died
# with SIGSEGV (docs/http.md)
(cd "$root" && ./mvnw -q -o -pl runtime dependency:build-classpath -Dmdep.outputFile="$cpfile" >/dev/null) \
  || (cd "$root" && ./mvnw -q -pl runtime dependency:build-classpath -Dmdep.outputFile="$cpfile" >/dev/null)
java -cp "$app/target/test-classes:$app/target/classes:$root/runtime/target/classes:$(cat "$cpfile")" \
  dev.vigil.http.LatencyProbe "$model" "http://127.0.0.1:$port/v1/detect" "$rounds" "$per" "$warmup"
