package dev.vigil.cli.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.runtime.verdict.VerdictJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a scan output was written with, kept in the sidecar {@code OUTPUT.vigil-scan.json} so that
 * {@code --resume} can refuse to append results of another model, threshold, hop, channel mode or
 * format.
 *
 * @param format {@code jsonl} or {@code csv}
 * @param modelId the model id
 * @param modelVersion the model version
 * @param threshold the threshold labels are decided at
 * @param hopSeconds the hop between windows, seconds
 * @param channels {@code mix} or {@code split}
 * @param segments whether rows carry the segment timeline
 * @param experts the model's experts, in order (the CSV columns)
 */
record ScanHeader(
    String format,
    String modelId,
    String modelVersion,
    double threshold,
    double hopSeconds,
    String channels,
    boolean segments,
    List<String> experts) {

  ScanHeader {
    experts = List.copyOf(experts);
  }

  ObjectNode toJson() {
    ObjectNode root = VerdictJson.mapper().createObjectNode();
    ObjectNode o = root.putObject("vigil_scan");
    o.put("schema_version", VerdictJson.SCHEMA_VERSION);
    o.put("format", format);
    o.put("model_id", modelId);
    o.put("model_version", modelVersion);
    o.put("threshold", threshold);
    o.put("hop_s", hopSeconds);
    o.put("channels", channels);
    o.put("segments", segments);
    experts.forEach(o.putArray("experts")::add);
    return root;
  }

  static ScanHeader fromJson(JsonNode root) {
    JsonNode o = root.get("vigil_scan");
    if (o == null || !o.isObject()) {
      throw new IllegalArgumentException("not a vigil scan sidecar (no vigil_scan object)");
    }
    List<String> ex = new ArrayList<>();
    o.path("experts").forEach(e -> ex.add(e.asText()));
    return new ScanHeader(
        o.path("format").asText(),
        o.path("model_id").asText(),
        o.path("model_version").asText(),
        o.path("threshold").asDouble(Double.NaN),
        o.path("hop_s").asDouble(Double.NaN),
        o.path("channels").asText(),
        o.path("segments").asBoolean(),
        ex);
  }

  /** Null when a resume may append to an output written with {@code old}, else why not. */
  String mismatch(ScanHeader old) {
    if (!Objects.equals(old.modelId, modelId)) {
      return "model " + old.modelId + " (this run: " + modelId + ")";
    }
    if (Double.compare(old.threshold, threshold) != 0) {
      return "threshold " + old.threshold + " (this run: " + threshold + ")";
    }
    if (Double.compare(old.hopSeconds, hopSeconds) != 0) {
      return "hop " + old.hopSeconds + " s (this run: " + hopSeconds + " s)";
    }
    if (!Objects.equals(old.format, format)) {
      return "format " + old.format + " (this run: " + format + ")";
    }
    if (!Objects.equals(old.channels, channels)) {
      return "--channels " + old.channels + " (this run: " + channels + ")";
    }
    if (old.segments != segments) {
      return (old.segments ? "" : "no ")
          + "--segments (this run: "
          + (segments ? "" : "no ")
          + "--segments)";
    }
    return null;
  }
}
