package dev.vigil.trainer.arch;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.runtime.features.FeatureSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One expert: a name (unique within a mixture), an architecture ({@code "lcnn"} or {@code
 * "resnet18"}), the front end it reads, and architecture options. Options: resnet18 {@code width}
 * (base channel width, 64 = reference; default 64); lcnn has none.
 */
public record ExpertSpec(
    @JsonProperty("name") String name,
    @JsonProperty("architecture") String architecture,
    @JsonProperty("feature") FeatureSpec feature,
    @JsonProperty("config") Map<String, Object> config) {

  /** The LCNN architecture of reference §1.4. */
  public static final String LCNN = "lcnn";

  /** The torchvision-style ResNet18 of reference §3.1. */
  public static final String RESNET18 = "resnet18";

  /** Valid architecture names. */
  public static final List<String> ARCHITECTURES = List.of(LCNN, RESNET18);

  /** Validates; a null config becomes empty. */
  public ExpertSpec {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("expert name must be a non-empty string");
    }
    if (!ARCHITECTURES.contains(architecture)) {
      throw new IllegalArgumentException(
          "expert "
              + name
              + ": architecture must be one of "
              + ARCHITECTURES
              + ", got "
              + architecture);
    }
    Objects.requireNonNull(feature, "expert " + name + ": feature");
    config = config == null ? Map.of() : Map.copyOf(config);
  }

  /** An LCNN expert. */
  public static ExpertSpec lcnn(String name, FeatureSpec feature) {
    return new ExpertSpec(name, LCNN, feature, Map.of());
  }

  /** A ResNet18 expert with the given base width (64 = reference). */
  public static ExpertSpec resnet18(String name, FeatureSpec feature, int width) {
    return new ExpertSpec(name, RESNET18, feature, Map.of("width", width));
  }

  /** An integer option, or {@code fallback} when absent. */
  public int intOption(String key, int fallback) {
    Object v = config.get(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Number n && n.doubleValue() == n.intValue()) {
      return n.intValue();
    }
    throw new IllegalArgumentException(
        "expert " + name + ": option " + key + " must be an integer, got " + v);
  }
}
