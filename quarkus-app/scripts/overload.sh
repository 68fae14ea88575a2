#!/usr/bin/env bash
# Goodput of a RUNNING Vigil HTTP service on 127.0.0.1 under overload (OverloadProbe, docs/http.md):
# its capacity first (audio seconds answered with 200 per wall second, closed loop of 2 x cores
# clients), then an open-loop stream of posts of one generated speech-like WAV at each load factor x
# that capacity for PHASE_SECONDS, every answer awaited: goodput, the share of 200/503/504 and the
# service's peak resident set per factor. Bounded (at most 4000 posts a phase). Needs
# `./mvnw package` (cli launcher and quarkus-app test classes).
#
#   quarkus-app/scripts/overload.sh [PORT] [SERVER_PID] [AUDIO_SECONDS] [PHASE_SECONDS] [FACTORS]
#   e.g. quarkus-app/scripts/overload.sh 8080 12345 60 60 1,2,4
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
app=$(cd "$here/.." && pwd)
root=$(cd "$app/.." && pwd)
port=${1:-8080}
pid=${2:--1}
audio=${3:-60}
phase=${4:-60}
factors=${5:-1,2,4}
[ -d "$app/target/test-classes" ] || { echo "overload.sh: build first: ./mvnw -B package -DskipTests" >&2; exit 2; }
curl -sf -o /dev/null "http://127.0.0.1:$port/q/health/ready" \
  || { echo "overload.sh: service on 127.0.0.1:$port is not ready" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$root/cli/bin/vigil" bench --generate "$dir" --files 1 --min-seconds "$audio" --max-seconds "$audio" \
  --rate 16000 >/dev/null
wav=$(find "$dir" -name '*.wav' | head -1)
java -cp "$app/target/test-classes" dev.vigil.http.OverloadProbe \
  "http://127.0.0.1:$port/v1/detect" "$wav" "$audio" "$phase" "$pid" "$factors"
