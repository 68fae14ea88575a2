package dev.vigil.trainer.arch;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The gate of a mixture: {@code "single"} (one expert, weight 1), {@code "classic"} (Linear over
 * the raw waveform), {@code "mlp"} (the Enhanced MoE gate over expert embeddings) or {@code
 * "attention"} (transformer encoder over one token per expert). Options (all optional): classic
 * {@code window_samples} (48000); mlp {@code hidden} (32), {@code fusion} (64), {@code dropout}
 * (0.2), {@code leaky_slope} (0.01); attention {@code d_model} (64), {@code heads} (4), {@code ff}
 * (128), {@code layers} (2), {@code dropout} (0.1).
 */
public record GateSpec(
    @JsonProperty("type") String type, @JsonProperty("config") Map<String, Object> config) {

  /** Single expert. */
  public static final String SINGLE = "single";

  /** Linear over the raw waveform. */
  public static final String CLASSIC = "classic";

  /** Enhanced MoE gate. */
  public static final String MLP = "mlp";

  /** Transformer gate. */
  public static final String ATTENTION = "attention";

  /** Valid gate types. */
  public static final List<String> TYPES = List.of(SINGLE, CLASSIC, MLP, ATTENTION);

  /** Validates; a null config becomes empty. */
  public GateSpec {
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException("gate type must be one of " + TYPES + ", got " + type);
    }
    config = config == null ? Map.of() : Map.copyOf(config);
  }

  /** A gate of this type with default options. */
  public static GateSpec of(String type) {
    return new GateSpec(type, Map.of());
  }

  /** An integer option, or {@code fallback}. */
  public int intOption(String key, int fallback) {
    Object v = config.get(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Number n && n.doubleValue() == n.intValue()) {
      return n.intValue();
    }
    throw new IllegalArgumentException(
        "gate " + type + ": option " + key + " must be an integer, got " + v);
  }

  /** A number option, or {@code fallback}. */
  public double doubleOption(String key, double fallback) {
    Object v = config.get(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    throw new IllegalArgumentException(
        "gate " + type + ": option " + key + " must be a number, got " + v);
  }
}
