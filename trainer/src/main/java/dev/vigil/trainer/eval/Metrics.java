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
 * @param falsePositiveRate share of bona fide files at or above the given threshold (flagged)
 * @param falseNegativeRate share of spoof files below the given threshold (missed)
 */
public record Metrics(
    long bonafide,
    long spoof,
    double eer,
    double eerThreshold,
    double auc,
    double balancedAccuracy,
    double threshold,
    double thresholdFpr1pct,
    double falsePositiveRate,
    double falseNegativeRate) {

  /** Metrics of scores at a threshold. */
  public static Metrics of(double[] scores, boolean[] isSpoof, double threshold) {
    long s = 0;
    long flagged = 0;
    long missed = 0;
    for (int i = 0; i < isSpoof.length; i++) {
      s += isSpoof[i] ? 1 : 0;
      flagged += !isSpoof[i] && scores[i] >= threshold ? 1 : 0;
      missed += isSpoof[i] && scores[i] < threshold ? 1 : 0;
    }
    long bf = isSpoof.length - s;
    double fpr = bf == 0 ? Double.NaN : flagged / (double) bf;
    double fnr = s == 0 ? Double.NaN : missed / (double) s;
    if (s == 0 || bf == 0) {
      return new Metrics(
          bf, s, Double.NaN, Double.NaN, Double.NaN, Double.NaN, threshold, Double.NaN, fpr, fnr);
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
        DetectionMetrics.thresholdAtFpr(scores, isSpoof, 0.01),
        fpr,
        fnr);
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
    put(o, "false_positive_rate", falsePositiveRate);
    put(o, "false_negative_rate", falseNegativeRate);
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
