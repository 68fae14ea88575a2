#!/usr/bin/env bash
# The runs that chose the bundled model's recipe (docs/MODEL_CARD.md, "How the recipe was chosen"):
# one ResNet18-16 expert, 16 x 60 steps at batch 64 (models/ablations/copysynth.yaml), judged on the dev
# split and on its modern pages alone (work/corpus/dev-pages.csv); never on a test split.
#   models/ablations/recipe-choice.sh [ROW...]   (rows: lr1e-4 lr1e-4-nocopies lr1e-3 loglinear balance0.5)
# Writes work/recipe/<row>/ (a finished run, its model written, is only evaluated again) and models/reports/recipe-<row>.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
recipe=models/ablations/copysynth.yaml
train=trainer/bin/vigil-train
export VIGIL_COMMIT=${VIGIL_COMMIT:-$(git rev-parse HEAD)}
rows=("$@")
[ ${#rows[@]} -gt 0 ] || rows=(lr1e-4 lr1e-4-nocopies lr1e-3 loglinear balance0.5)
copies='[{"reader":"manifest","path":"../../work/corpus/manifest.csv","exclude_domains":["copysynth-griffinlim","copysynth-lpc"]}]'
loglinear='[{"name":"resnet18_loglinear","architecture":"resnet18","feature":"loglinear","config":{"width":16}}]'
for row in "${rows[@]}"; do
  case $row in
    lr1e-4) set=(--set lr=0.0001) ;;
    lr1e-4-nocopies) set=(--set lr=0.0001 --set "data=$copies") ;;
    lr1e-3) set=() ;;
    loglinear) set=(--set "experts=$loglinear") ;;
    balance0.5) set=(--set domain_balance=0.5) ;;
    *) echo "unknown row $row (valid: lr1e-4 lr1e-4-nocopies lr1e-3 loglinear balance0.5)" >&2; exit 2 ;;
  esac
  run=work/recipe/$row
  mkdir -p "$run"
  [ -f "$run/model/model.json" ] ||
    "$train" mile --recipe "$recipe" --run-dir "$run" "${set[@]}" 2>&1 | tee -a "$run/train.log"
  report=models/reports/recipe-$row.txt
  {
    echo "# $train mile --recipe $recipe --run-dir $run ${set[*]}"
    echo "# dev split (printed at the end of the run: $run/model/validation-report.txt)"
    head -2 "$run/model/validation-report.txt"
    echo "# $train evaluate --checkpoint $run/model --reader manifest --path work/corpus/dev-pages.csv"
    "$train" evaluate --checkpoint "$run/model" --reader manifest --path work/corpus/dev-pages.csv \
      --groups scripts/corpus/pages.csv
  } > "$report" 2> "$run/evaluate.err"
  echo "$row: $report"
done
