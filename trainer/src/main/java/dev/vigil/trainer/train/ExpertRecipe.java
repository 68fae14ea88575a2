package dev.vigil.trainer.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.runtime.features.FeatureSpec;
import dev.vigil.trainer.arch.ExpertSpec;
import java.util.Map;

/**
 * One expert of a recipe.
 *
 * @param name unique name, e.g. {@code lcnn_logmel}
 * @param architecture {@code lcnn} or {@code resnet18}
 * @param feature {@code logmel} or {@code loglinear}
 * @param config architecture options, e.g. {@code {"width": 16}}
 * @param domain MELE: the training domain this expert sees (empty = all training data)
 */
public record ExpertRecipe(
    @JsonProperty("name") String name,
    @JsonProperty("architecture") String architecture,
    @JsonProperty("feature") String feature,
    @JsonProperty("config") Map<String, Object> config,
    @JsonProperty("domain") String domain) {

  /** The architecture spec, with the front end resized to {@code windowSamples}. */
  public ExpertSpec toSpec(int windowSamples) {
    return new ExpertSpec(name, architecture, featureSpec(feature, windowSamples), config);
  }

  /**
   * A named front end with its window length.
   *
   * @throws IllegalArgumentException for an unknown name, naming the valid ones
   */
  public static FeatureSpec featureSpec(String name, int windowSamples) {
    FeatureSpec f =
        switch (name == null ? "" : name) {
          case "logmel" -> FeatureSpec.logmel();
          case "loglinear" -> FeatureSpec.loglinear();
          default ->
              throw new IllegalArgumentException(
                  "unknown feature '" + name + "' (valid: logmel, loglinear)");
        };
    if (windowSamples == f.windowSamples()) {
      return f;
    }
    return new FeatureSpec(
        f.name(),
        f.kind(),
        f.sampleRate(),
        windowSamples,
        f.nFft(),
        f.winLength(),
        f.window(),
        f.hopLength(),
        f.center(),
        f.padMode(),
        f.preEmphasis(),
        f.power(),
        f.nMels(),
        f.fMin(),
        f.fMax(),
        f.melScale(),
        f.logOffset(),
        f.normalization());
  }
}
