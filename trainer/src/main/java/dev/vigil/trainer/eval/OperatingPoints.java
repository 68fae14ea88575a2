package dev.vigil.trainer.eval;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.runtime.metrics.DetectionMetrics;
import dev.vigil.runtime.metrics.EerPoint;

/**
 * The model's named operating points fitted on file-level validation scores: {@code eer} (the EER
 * threshold) and {@code fpr_1pct} (the threshold that flags 1 % of bona fide files), with {@code
 * default} naming {@code eer}.
 *
 * @param eer the EER threshold
 * @param fpr1pct the 1 %-false-positive threshold
 */
public record OperatingPoints(double eer, double fpr1pct) {

  /** Fits both points on scores (spoof positive, {@code score >= threshold} is spoof). */
  public static OperatingPoints fit(double[] scores, boolean[] isSpoof) {
    EerPoint p = DetectionMetrics.eer(scores, isSpoof);
    return new OperatingPoints(
        p.threshold(), DetectionMetrics.thresholdAtFpr(scores, isSpoof, 0.01));
  }

  /** The {@code vigil.thresholds} JSON object. */
  public ObjectNode toJson() {
    ObjectNode t = JsonNodeFactory.instance.objectNode();
    t.put("eer", eer);
    t.put("fpr_1pct", fpr1pct);
    t.put("default", "eer");
    return t;
  }
}
