package dev.vigil.trainer.checkpoint;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What training learned besides weights, copied by export into the model metadata: {@code
 * thresholds} ({@code {"eer":..,"fpr_1pct":..,"default":"eer"}} → {@code vigil.thresholds}), {@code
 * provenance} (→ {@code vigil.provenance}) and {@code metrics} (→ {@code vigil.metrics}). The
 * calibration lives in the {@link dev.vigil.trainer.arch.MixtureSpec} because it is part of the
 * graph.
 */
public record TrainingSummary(
    @JsonProperty("thresholds") JsonNode thresholds,
    @JsonProperty("provenance") JsonNode provenance,
    @JsonProperty("metrics") JsonNode metrics) {

  /** Validates: thresholds must be an object naming its default, whose value is a number. */
  public TrainingSummary {
    JsonNodeFactory f = JsonNodeFactory.instance;
    thresholds = thresholds == null ? f.objectNode() : thresholds;
    provenance = provenance == null ? f.objectNode() : provenance;
    metrics = metrics == null ? f.objectNode() : metrics;
    if (!provenance.isObject() || !metrics.isObject()) {
      throw new IllegalArgumentException(
          "training summary: provenance and metrics must be JSON objects, got "
              + provenance.getNodeType()
              + " and "
              + metrics.getNodeType());
    }
    if (!thresholds.isObject()
        || !thresholds.path("default").isTextual()
        || !thresholds.path(thresholds.path("default").asText()).isNumber()) {
      throw new IllegalArgumentException(
          "training summary: thresholds must be an object like"
              + " {\"eer\":0.5,\"fpr_1pct\":0.7,\"default\":\"eer\"} whose default names a number,"
              + " got "
              + thresholds);
    }
  }

  /**
   * A summary for a model whose thresholds were not fitted: both operating points at {@code
   * threshold}, default {@code eer}, the given provenance, no metrics.
   */
  public static TrainingSummary unfitted(double threshold, JsonNode provenance) {
    ObjectNode t = JsonNodeFactory.instance.objectNode();
    t.put("eer", threshold);
    t.put("fpr_1pct", threshold);
    t.put("default", "eer");
    return new TrainingSummary(t, provenance, JsonNodeFactory.instance.objectNode());
  }
}
