package dev.vigil.export;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How far an int8 model's scores are from its fp32 source on the same windows.
 *
 * @param windows windows compared
 * @param storedWindows of which the checkpoint's stored validation windows
 * @param maxAbsScore max |Δ score|
 * @param meanAbsScore mean |Δ score|
 * @param flips windows whose label (score ≥ threshold) differs
 * @param threshold the default operating point of the model
 * @param maxMeanAbs the bound on the mean |Δ score|
 * @param maxFlipShare the bound on the share of flipped labels
 * @param fp32MillisPerBatch median fp32 time per batch in this run
 * @param int8MillisPerBatch median int8 time per batch in this run
 */
public record AccuracyReport(
    int windows,
    int storedWindows,
    double maxAbsScore,
    double meanAbsScore,
    int flips,
    double threshold,
    double maxMeanAbs,
    double maxFlipShare,
    double fp32MillisPerBatch,
    double int8MillisPerBatch) {

  /** flips / windows. */
  public double flipShare() {
    return windows == 0 ? 0 : flips / (double) windows;
  }

  /** True when both figures are within their bounds (and no score is NaN). */
  public boolean passes() {
    return meanAbsScore <= maxMeanAbs && flipShare() <= maxFlipShare && maxAbsScore <= 1;
  }

  /** The {@code vigil.parity} object of an int8 model. */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("kind", "int8_vs_fp32");
    o.put("max_abs_score", maxAbsScore);
    o.put("mean_abs_score", meanAbsScore);
    o.put("label_flips", flips);
    o.put("flip_share", flipShare());
    o.put("threshold", threshold);
    o.put("windows", windows);
    o.put("segments", storedWindows);
    o.put("bound_mean_abs_score", maxMeanAbs);
    o.put("bound_flip_share", maxFlipShare);
    return o;
  }
}
