#!/usr/bin/env bash
# Trains and evaluates the copy-synthesis ablation rows of docs/MODEL_CARD.md (issue 18).
#   models/ablations/run.sh [ROW...]     (rows: all -gl -lpc -copies -pages; default: all five)
# Needs the corpus built with copies (models/train-default.sh builds it) and the jars. Writes
# work/ablations/<row>/ (the run) and models/reports/ablation-<row>.txt (dev and unseen-page tables).
set -euo pipefail
cd "$(dirname "$0")/../.."
recipe=models/ablations/copysynth.yaml
train=trainer/bin/vigil-train
export VIGIL_COMMIT=${VIGIL_COMMIT:-$(git rev-parse HEAD)}
rows=("$@")
[ ${#rows[@]} -gt 0 ] || rows=(all -gl -lpc -copies -pages)
# the modern demo pages of the training split (scripts/corpus/pages.csv)
pages=$(awk -F, 'NR > 1 && $2 == "train" {printf "%s\"%s\"", n++ ? "," : "", $1}' scripts/corpus/pages.csv)
for row in "${rows[@]}"; do
  case $row in
    all) exclude='[]' ;;
    -gl) exclude='["copysynth-griffinlim"]' ;;
    -lpc) exclude='["copysynth-lpc"]' ;;
    -copies) exclude='["copysynth-griffinlim","copysynth-lpc"]' ;;
    -pages) exclude="[$pages]" ;;
    *) echo "unknown row $row (valid: all -gl -lpc -copies -pages)" >&2; exit 2 ;;
  esac
  run=work/ablations/$row
  data="[{\"reader\":\"manifest\",\"path\":\"../../work/corpus/manifest.csv\",\"exclude_domains\":$exclude}]"
  mkdir -p "$run"
  # a finished run (its model written) is evaluated again, not trained or re-scored again
  [ -f "$run/model/model.json" ] ||
    "$train" mile --recipe "$recipe" --run-dir "$run" --set "data=$data" 2>&1 | tee -a "$run/train.log"
  report=models/reports/ablation-$row.txt
  {
    echo "# $train evaluate --checkpoint $run/model --recipe $recipe --split dev"
    "$train" evaluate --checkpoint "$run/model" --recipe "$recipe" --split dev --groups scripts/corpus/pages.csv
    echo "# $train evaluate --checkpoint $run/model --recipe $recipe --split test-pages"
    "$train" evaluate --checkpoint "$run/model" --recipe "$recipe" --split test-pages --groups scripts/corpus/pages.csv
  } > "$report" 2> "$run/evaluate.err"
  echo "$row: $report"
done
