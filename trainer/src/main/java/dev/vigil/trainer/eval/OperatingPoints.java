package dev.vigil.trainer.eval;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.runtime.metrics.DetectionMetrics;
import dev.vigil.runtime.metrics.EerPoint;
import java.util.List;

/**
 * The model's named operating points fitted on file-level validation scores: {@code eer} (the EER
 * threshold), {@code fpr_5pct} and {@code fpr_1pct} (the thresholds that flag at most 5 % and 1 %
 * of bona fide files), with {@code default} naming one of them.
 *
 * @param eer the EER threshold
 * @param fpr5pct the 5 %-false-positive threshold
 * @param fpr1pct the 1 %-false-positive threshold
 * @param defaultPoint the name of the default point
 */
public record OperatingPoints(double eer, double fpr5pct, double fpr1pct, String defaultPoint) {

  /** The point names, in the order the model file lists them. */
  public static final List<String> NAMES = List.of("eer", "fpr_5pct", "fpr_1pct");

  /** Validates the default's name. */
  public OperatingPoints {
    if (!NAMES.contains(defaultPoint)) {
      throw new IllegalArgumentException(
          "default operating point must be one of "
              + String.join(", ", NAMES)
              + ", got "
              + defaultPoint);
    }
  }

  /**
   * Fits the points on scores (spoof positive, {@code score >= threshold} is spoof).
   *
   * @param defaultPoint the name of the point the runtime uses by default
   */
  public static OperatingPoints fit(double[] scores, boolean[] isSpoof, String defaultPoint) {
    EerPoint p = DetectionMetrics.eer(scores, isSpoof);
    return new OperatingPoints(
        p.threshold(),
        DetectionMetrics.thresholdAtFpr(scores, isSpoof, 0.05),
        DetectionMetrics.thresholdAtFpr(scores, isSpoof, 0.01),
        defaultPoint);
  }

  /** The default point's threshold. */
  public double defaultThreshold() {
    return switch (defaultPoint) {
      case "fpr_5pct" -> fpr5pct;
      case "fpr_1pct" -> fpr1pct;
      default -> eer;
    };
  }

  /** The {@code vigil.thresholds} JSON object. */
  public ObjectNode toJson() {
    ObjectNode t = JsonNodeFactory.instance.objectNode();
    t.put("eer", eer);
    t.put("fpr_5pct", fpr5pct);
    t.put("fpr_1pct", fpr1pct);
    t.put("default", defaultPoint);
    return t;
  }
}
