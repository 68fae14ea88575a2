#!/usr/bin/env bash
# The service's memory, term by term, under the worst load docs/http.md (Memory) describes: C slow
# clients each stalled halfway through a body, plus the overload probe posting 60 s WAVs at FACTOR x
# capacity. Starts the packaged service itself (bundled model, 127.0.0.1:PORT) with Native Memory
# Tracking and the given JVM flags; in the middle of the probe's phase prints the resident set, the
# JVM's own terms (heap committed and used, metaspace and class space, threads, code cache, GC,
# direct buffers), the body memory in use, and what lies outside the JVM's accounting (ONNX
# Runtime's weights and arena, the glibc heaps): RSS less NMT's committed total. Then stops it.
# Bounded: one phase of PHASE seconds, C connections, 127.0.0.1 only.
#
#   quarkus-app/scripts/memory.sh [C] [FACTOR] [PHASE] [-- JVM flags]
#   e.g. quarkus-app/scripts/memory.sh 256 4 60 -- -Xmx512m
#
# Environment: JAVA (default: java), PORT (default 18081). Needs `./mvnw package` (the service jar,
# the cli launcher and the quarkus-app test classes for the probe).
set -euo pipefail
export ORT_DISABLE_TELEMETRY=1 # ONNX Runtime 1.29 telemetry off (docs/decisions.md)
here=$(cd "$(dirname "$0")" && pwd)
app=$(cd "$here/.." && pwd)
root=$(cd "$app/.." && pwd)
conns=${1:-256}
factor=${2:-4}
phase=${3:-60}
shift $(( $# < 3 ? $# : 3 ))
[ "${1:-}" = "--" ] && shift
java=${JAVA:-java}
port=${PORT:-18081}
jar=$app/target/quarkus-app/quarkus-run.jar
[ -f "$jar" ] && [ -d "$app/target/test-classes" ] \
  || { echo "memory.sh: build first: ./mvnw -B package -DskipTests" >&2; exit 2; }
dir=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -n "${svc:-}" ] && kill "$svc" 2>/dev/null && wait "$svc" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT

"$java" --enable-native-access=ALL-UNNAMED -XX:NativeMemoryTracking=summary "$@" \
  -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
  -Dvigil.limits.spill-directory="$dir/spill" -jar "$jar" >"$dir/service.log" 2>&1 &
svc=$!
for _ in $(seq 1 1200); do
  curl -sf -o /dev/null "http://127.0.0.1:$port/q/health/ready" && break
  kill -0 "$svc" 2>/dev/null || { cat "$dir/service.log" >&2; exit 1; }
  sleep 0.1
done
echo "service pid $svc, JVM flags: ${*:-(none)}"

# C slow clients: the head of a 1 MB upload (held in the heap while body-memory has room), 64 KiB of it, then nothing until the end
for i in $(seq 1 "$conns"); do
  (
    exec 3<>"/dev/tcp/127.0.0.1/$port"
    printf 'POST /v1/detect HTTP/1.1\r\nHost: localhost\r\nContent-Type: audio/wav\r\nContent-Length: 1000000\r\n\r\n' >&3
    head -c 65536 /dev/zero >&3
    sleep $(( phase + 120 ))
  ) &
  pids+=($!)
done
sleep 2
echo "slow clients: $conns stalled after 64 KiB of a body"

"$root/cli/bin/vigil" bench --generate "$dir/audio" --files 1 --min-seconds 60 --max-seconds 60 --rate 16000 \
  >/dev/null
wav=$(find "$dir/audio" -name '*.wav' | head -1)
java -cp "$app/target/test-classes" dev.vigil.http.OverloadProbe \
  "http://127.0.0.1:$port/v1/detect" "$wav" 60 "$phase" "$svc" "$factor" >"$dir/probe.txt" 2>&1 &
probe=$!
pids+=($probe)
# the probe measures the capacity first (closed loop), then the phase: sample once both run
for _ in $(seq 1 600); do
  grep -q '^capacity:' "$dir/probe.txt" 2>/dev/null && break
  sleep 1
done
sleep $(( phase / 2 ))

rss_kib=$(awk '/^VmRSS/ {print $2}' "/proc/$svc/status")
hwm_kib=$(awk '/^VmHWM/ {print $2}' "/proc/$svc/status")
nmt=$(jcmd "$svc" VM.native_memory summary scale=KB)
heap=$(jcmd "$svc" GC.heap_info)
body=$(curl -s "http://127.0.0.1:$port/q/metrics" | awk '/^vigil_body_memory_bytes / {printf "%.0f", $2 / 1024}')
term() { # NMT category -> committed KiB
  echo "$nmt" | awk -v c="$1" '$0 ~ "^-[ ]+"c" \\(" {for (i = 1; i <= NF; i++) if ($i ~ /^committed=/) {sub(/committed=/, "", $i); sub(/KB\)?/, "", $i); print $i; exit}}'
}
total=$(echo "$nmt" | awk '/^Total:/ {for (i = 1; i <= NF; i++) if ($i ~ /^committed=/) {sub(/committed=/, "", $i); sub(/KB/, "", $i); print $i}}')
used=$(echo "$heap" | grep -oE 'total [0-9]+K, used [0-9]+K' | head -1 | grep -oE 'used [0-9]+' | grep -oE '[0-9]+')
mib() { awk -v k="${1:-0}" 'BEGIN {printf "%8.1f MiB", k / 1024}'; }
echo
echo "memory at mid-phase (${factor}x capacity, $conns slow clients), load average $(cut -d' ' -f1-3 /proc/loadavg):"
printf '  %-44s %s\n' "resident set (VmRSS)" "$(mib "$rss_kib")"
printf '  %-44s %s\n' "peak resident set so far (VmHWM)" "$(mib "$hwm_kib")"
printf '  %-44s %s\n' "JVM committed, all terms (NMT total)" "$(mib "$total")"
printf '  %-44s %s\n' "  Java heap committed" "$(mib "$(term 'Java Heap')")"
printf '  %-44s %s\n' "    of which used" "$(mib "$used")"
printf '  %-44s %s\n' "    of which request bodies (body-memory)" "$(mib "$body")"
printf '  %-44s %s\n' "  Class (metaspace, class space)" "$(mib "$(term 'Class')")"
printf '  %-44s %s\n' "  Thread (stacks)" "$(mib "$(term 'Thread')")"
printf '  %-44s %s\n' "  Code cache" "$(mib "$(term 'Code')")"
printf '  %-44s %s\n' "  GC" "$(mib "$(term 'GC')")"
printf '  %-44s %s\n' "  Other (direct buffers: Netty, batch inputs)" "$(mib "$(term 'Other')")"
printf '  %-44s %s\n' "  rest of NMT (symbols, internal, arenas...)" \
  "$(mib $(( total - $(term 'Java Heap') - $(term 'Class') - $(term 'Thread') - $(term 'Code') - $(term 'GC') - $(term 'Other') )))"
printf '  %-44s %s\n' "outside NMT (ONNX Runtime, glibc heaps)" "$(mib $(( rss_kib - total )))"
echo "  (RSS counts touched pages only, NMT committed ones: a committed but untouched heap makes the"
echo "   last line smaller than ONNX Runtime's share)"
wait "$probe" || true
echo
cat "$dir/probe.txt"
echo "service peak resident set (VmHWM): $(mib "$(awk '/^VmHWM/ {print $2}' "/proc/$svc/status")")"
