package dev.vigil.trainer.arch;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Score calibration baked into the mixture: score = sigmoid(a·logit(P_mix(spoof)) + b). Method
 * {@code "none"} leaves P_mix(spoof) untouched (a and b are then 1 and 0); {@code "temperature"} (b
 * = 0) and {@code "platt"} only name how a and b were fitted.
 */
public record Calibration(
    @JsonProperty("method") String method,
    @JsonProperty("a") double a,
    @JsonProperty("b") double b) {

  /** Valid methods. */
  public static final List<String> METHODS = List.of("none", "temperature", "platt");

  /** Validates. */
  public Calibration {
    if (!METHODS.contains(method)) {
      throw new IllegalArgumentException(
          "calibration method must be one of " + METHODS + ", got " + method);
    }
    if (!Double.isFinite(a) || !Double.isFinite(b)) {
      throw new IllegalArgumentException("calibration a and b must be finite, got " + a + ", " + b);
    }
    if ("none".equals(method) && (a != 1.0 || b != 0.0)) {
      throw new IllegalArgumentException("calibration none needs a = 1 and b = 0");
    }
  }

  /** No calibration. */
  public static Calibration none() {
    return new Calibration("none", 1.0, 0.0);
  }

  /** Whether the score is transformed at all. */
  @JsonIgnore
  public boolean isIdentity() {
    return "none".equals(method);
  }
}
