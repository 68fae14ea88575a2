package dev.vigil.trainer.eval;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.runtime.metrics.DetectionMetrics;
import dev.vigil.runtime.metrics.EerPoint;

/**
 * Detection metrics of one group of files, spoof as the positive class on score = P(spoof). Rates
 * are NaN when a class is missing.
 *
 * @param bonafide bona fide files
 * @param spoof spoof files
 * @param eer equal error rate
 * @param eerThreshold the threshold at the EER
 * @param auc ROC AUC (ties count one half)
 * @param balancedAccuracy balanced accuracy at the given threshold
 * @param threshold the threshold the balanced accuracy was taken at
 * @param thresholdFpr1pct the threshold flagging at most 1 % of bona fide files
 */
public record Metrics(
    long bonafide,
    long spoof,
    double eer,
    double eerThreshold,
    double auc,
    double balancedAccuracy,
    double threshold,
    double thresholdFpr1pct) {

  /** Metrics of scores at a threshold. */
  public static Metrics of(double[] scores, boolean[] isSpoof, double threshold) {
    long s = 0;
    for (boolean b : isSpoof) {
      s += b ? 1 : 0;
    }
    long bf = isSpoof.length - s;
    if (s == 0 || bf == 0) {
      return new Metrics(
          bf, s, Double.NaN, Double.NaN, Double.NaN, Double.NaN, threshold, Double.NaN);
    }
    EerPoint p = DetectionMetrics.eer(scores, isSpoof);
    return new Metrics(
        bf,
        s,
        p.eer(),
        p.threshold(),
        DetectionMetrics.auc(scores, isSpoof),
        DetectionMetrics.balancedAccuracy(scores, isSpoof, threshold),
        threshold,
        DetectionMetrics.thresholdAtFpr(scores, isSpoof, 0.01));
  }

  /** As JSON (NaN written as null). */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("bonafide", bonafide);
    o.put("spoof", spoof);
    put(o, "eer", eer);
    put(o, "eer_threshold", eerThreshold);
    put(o, "auc", auc);
    put(o, "balanced_accuracy", balancedAccuracy);
    put(o, "threshold", threshold);
    put(o, "threshold_fpr_1pct", thresholdFpr1pct);
    return o;
  }

  private static void put(ObjectNode o, String k, double v) {
    if (Double.isFinite(v)) {
      o.put(k, v);
    } else {
      o.putNull(k);
    }
  }
}
