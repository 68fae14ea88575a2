package dev.vigil.runtime.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The model's named operating points ({@code vigil.thresholds}), e.g. {@code eer} and {@code
 * fpr_1pct}, and the name of the one used by default.
 *
 * @param points operating point name to threshold on P(spoof), in file order
 * @param defaultPoint the name of the default point; a key of {@code points}
 */
public record Thresholds(Map<String, Double> points, String defaultPoint) {

  /** Validates and copies. */
  public Thresholds {
    points = Collections.unmodifiableMap(new LinkedHashMap<>(points));
    for (Map.Entry<String, Double> e : points.entrySet()) {
      double v = e.getValue();
      if (!(v >= 0 && v <= 1)) {
        throw new IllegalArgumentException(
            "threshold " + e.getKey() + " must be in [0, 1], got " + v);
      }
    }
    if (!points.containsKey(defaultPoint)) {
      throw new IllegalArgumentException(
          "default names '" + defaultPoint + "', which is not one of " + points.keySet());
    }
  }

  /** These points with {@code name} (added or replaced) at {@code threshold}, made the default. */
  public Thresholds withDefault(String name, double threshold) {
    Map<String, Double> p = new LinkedHashMap<>(points);
    p.put(name, threshold);
    return new Thresholds(p, name);
  }

  /** The default operating point's threshold. */
  public double defaultThreshold() {
    return points.get(defaultPoint);
  }

  /**
   * The threshold to label at: the caller's threshold when given, else the named operating point,
   * else the default one.
   *
   * @param threshold a caller's threshold in [0, 1], or null
   * @param operatingPoint a point name, or null
   * @throws IllegalArgumentException when the point is unknown (the message lists the model's
   *     points) or the threshold is outside [0, 1]
   */
  public double resolve(Double threshold, String operatingPoint) {
    if (threshold != null) {
      if (!(threshold >= 0 && threshold <= 1)) {
        throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
      }
      return threshold;
    }
    if (operatingPoint == null) {
      return defaultThreshold();
    }
    Double v = points.get(operatingPoint);
    if (v == null) {
      throw new IllegalArgumentException(
          "unknown operating point '"
              + operatingPoint
              + "' (this model has: "
              + String.join(", ", points.keySet())
              + ")");
    }
    return v;
  }
}
