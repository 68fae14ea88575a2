#!/usr/bin/env bash
# Builds the training set, trains, exports and evaluates Vigil's bundled default model, reproducibly
# (issues 7 and 18).
#   models/train-default.sh [RUN_DIR]
# Needs ffmpeg and numpy (scripts/corpus/build_corpus.py --install installs both on Debian) and the
# shared kit beside the repository (../shared/corpus). Builds the jars if they are missing. Writes
# work/copysynth (copy-synthesis of the kit's real clips), work/corpus (splits and channel variants),
# RUN_DIR (default work/runs/vigil-default) with the run's log and its resident-set samples
# (RUN_DIR.rss.tsv), the model at default-model/src/main/resources/dev/vigil/model/default.onnx, and
# the reports under models/reports/.
set -euo pipefail
export ORT_DISABLE_TELEMETRY=1 # ONNX Runtime 1.29 telemetry off (docs/decisions.md)
cd "$(dirname "$0")/.."
run=${1:-work/runs/vigil-default}
train=trainer/bin/vigil-train
export VIGIL_COMMIT=${VIGIL_COMMIT:-$(git rev-parse HEAD)}
[ -f trainer/target/vigil-train.jar ] && [ -f export/target/vigil-export.jar ] || ./mvnw -B -q package -DskipTests

# 1. Copy-synthesis of every real clip of the kit (the corpus builder keeps the training split's copies).
[ -f work/copysynth/manifest.csv ] || "$train" render-copysynth --kit ../shared/corpus/manifest.csv --out work/copysynth
# 2. Splits (scripts/corpus/pages.csv for the modern pages), duplicates across pages, channel variants.
[ -f work/corpus/manifest.csv ] || python3 scripts/corpus/build_corpus.py --kit ../shared/corpus --out work/corpus \
  --copies work/copysynth

# 3. Training, in one process: trainer/bin/vigil-train keeps native memory flat (docs/training.md, Memory),
#    and rss-watch.sh samples the resident set every 30 s for the record. Running the command again
#    resumes an interrupted run from its last epoch checkpoint.
#    A finished run (its model written) is not trained again.
mkdir -p "$(dirname "$run")" models/reports
if [ ! -f "$run/model/model.json" ]; then
  trainer/scripts/rss-watch.sh -i 30 -o "$run.rss.tsv" -- \
    "$train" mile --recipe models/vigil-default.yaml --run-dir "$run" 2>&1 | tee -a "$run.train.log"
fi
# the run's log without its progress lines, and the resident-set samples, for the record
grep -v -E ' [0-9]+/[0-9]+ loss ' "$run.train.log" > models/reports/train.log
cp "$run.rss.tsv" models/reports/train.rss.tsv

# 4. Export (parity with DJL is proven inside), then the reports the model card quotes.
out=default-model/src/main/resources/dev/vigil/model/default.onnx
mkdir -p "$(dirname "$out")"
java -jar export/target/vigil-export.jar "$run/model" -o "$out" 2>&1 | tee models/reports/export.log
cp "$run/model/validation-report.txt" models/reports/validation.txt
cp "$run/model/training.json" models/reports/training.json
for split in test-pages test dev; do
  "$train" evaluate --model "$out" --recipe models/vigil-default.yaml --split "$split" \
    --groups scripts/corpus/pages.csv --out "models/reports/$split-report.json"
  mv "models/reports/$split-report.json.txt" "models/reports/$split.txt"
done
# 5. The int8 variant (issue 23) and its measurements beside fp32: models/quantize-default.sh "$run" (not bundled:
#    see docs/MODEL_CARD.md, int8 variant).
