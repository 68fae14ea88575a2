#!/usr/bin/env bash
# Trains, exports and evaluates Vigil's bundled default model, reproducibly (issue 7).
#   models/train-default.sh [RUN_DIR]
# Needs: the corpus built by scripts/corpus/build_corpus.py into work/corpus, and the jars
# (./mvnw -B package -DskipTests). Writes RUN_DIR (default work/runs/vigil-default), the exported
# model at default-model/src/main/resources/dev/vigil/model/default.onnx, and the test report.
set -euo pipefail
cd "$(dirname "$0")/.."
run=${1:-work/runs/vigil-default}
export OPT_OUT_TRACKING=true OMP_NUM_THREADS=2 OMP_WAIT_POLICY=PASSIVE
export VIGIL_COMMIT=${VIGIL_COMMIT:-$(git rev-parse HEAD)}
[ -f work/corpus/manifest.csv ] || python3 scripts/corpus/build_corpus.py --kit ../shared/corpus --out work/corpus
[ -f trainer/target/vigil-train.jar ] && [ -f export/target/vigil-export.jar ] || ./mvnw -B -q package -DskipTests

# The run is resumed in 6-minute slices: each process pauses cleanly at its wall-clock budget with its
# checkpoint and the next one resumes it. Native memory grows within one long training process (an RSS
# of 19 GB after 15 minutes killed the first attempt), and a fresh process per slice returns it.
mkdir -p "$(dirname "$run")"
for slice in $(seq 1 40); do
  java -Xmx4g -jar trainer/target/vigil-train.jar mile --recipe models/vigil-default.yaml \
    --run-dir "$run" --set budget_minutes=6 2>&1 | tee -a "$run.train.log"
  grep -q "^done in" "$run.train.log" && break
done
out=default-model/src/main/resources/dev/vigil/model/default.onnx
mkdir -p "$(dirname "$out")"
java -jar export/target/vigil-export.jar "$run/model" -o "$out" 2>&1 | tee "$run.export.log"
java -jar trainer/target/vigil-train.jar evaluate --model "$out" --recipe models/vigil-default.yaml \
  --split test --out "$run/test-report.json" 2>&1 | tee "$run.test.log"
