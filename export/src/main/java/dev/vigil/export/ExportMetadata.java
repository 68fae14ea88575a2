package dev.vigil.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.runtime.features.FeatureSpec;
import dev.vigil.runtime.model.ModelContract;
import dev.vigil.runtime.segment.SegmentConfig;
import dev.vigil.trainer.arch.Architectures;
import dev.vigil.trainer.arch.Calibration;
import dev.vigil.trainer.arch.ExpertNet;
import dev.vigil.trainer.arch.MixtureNet;
import dev.vigil.trainer.arch.MixtureSpec;
import dev.vigil.trainer.checkpoint.TrainingSummary;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code vigil.*} metadata of an exported model (values are JSON text). */
final class ExportMetadata {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ExportMetadata() {}

  /**
   * Every key of contract version 1 for {@code net}; {@code parity} is the {@code vigil.parity}
   * object (a placeholder until the parity run has measured it). The provenance from training gets
   * an {@code export} object: the exporter's version ({@code tool}) and the export time.
   */
  static Map<String, String> of(
      MixtureNet net, TrainingSummary summary, String weightsSha256, JsonNode parity, String tool) {
    MixtureSpec spec = net.spec();
    Map<String, String> m = new LinkedHashMap<>();
    m.put(ModelContract.KEY_CONTRACT_VERSION, Integer.toString(ModelContract.CONTRACT_VERSION));
    ArrayNode features = JSON.createArrayNode();
    for (FeatureSpec f : spec.features()) {
      features.add(JSON.valueToTree(f));
    }
    m.put(ModelContract.KEY_FEATURES, features.toString());
    m.put(ModelContract.KEY_SEGMENT, segment(spec.features().get(0)).toString());
    ArrayNode experts = JSON.createArrayNode();
    for (ExpertNet e : net.experts()) {
      ObjectNode o = experts.addObject();
      o.put("name", e.spec().name());
      o.put("architecture", e.spec().architecture());
      o.put("feature", e.spec().feature().name());
      o.put("parameters", Architectures.parameterCount(e));
      o.set("config", JSON.valueToTree(e.spec().config()));
    }
    m.put(ModelContract.KEY_EXPERTS, experts.toString());
    ObjectNode gate = JSON.createObjectNode();
    gate.put("type", spec.gate().type());
    gate.put("parameters", Architectures.parameterCount(net.gate()));
    gate.set("config", JSON.valueToTree(spec.gate().config()));
    m.put(ModelContract.KEY_GATE, gate.toString());
    m.put(ModelContract.KEY_THRESHOLDS, summary.thresholds().toString());
    Calibration c = spec.calibration();
    ObjectNode cal = JSON.createObjectNode();
    cal.put("method", c.method());
    cal.put("a", c.a());
    cal.put("b", c.b());
    m.put(ModelContract.KEY_CALIBRATION, cal.toString());
    ObjectNode provenance = ((ObjectNode) summary.provenance()).deepCopy();
    ObjectNode export = provenance.putObject("export");
    export.put("tool", "vigil-export " + tool);
    export.put(
        "date",
        java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    m.put(ModelContract.KEY_PROVENANCE, provenance.toString());
    m.put(ModelContract.KEY_METRICS, summary.metrics().toString());
    m.put(ModelContract.KEY_PARITY, parity.toString());
    m.put(
        ModelContract.KEY_WEIGHTS_SHA256, JSON.getNodeFactory().textNode(weightsSha256).toString());
    return m;
  }

  /**
   * The runtime's default segment policy, with the window and rate of the model's front ends (hop
   * W/2, allowed W/10..W, 1 s minimum, −60 dBFS silence floor).
   */
  static ObjectNode segment(FeatureSpec f) {
    SegmentConfig d = SegmentConfig.defaults();
    SegmentConfig s =
        f.windowSamples() == d.windowSamples() && f.sampleRate() == d.sampleRate()
            ? d
            : new SegmentConfig(
                f.sampleRate(),
                f.windowSamples(),
                f.windowSamples() / 2,
                Math.max(1, f.windowSamples() / 10),
                f.windowSamples(),
                Math.min(d.minDurationSeconds(), f.windowSamples() / (double) f.sampleRate()),
                d.silenceFloorDbfs());
    ObjectNode o = JSON.createObjectNode();
    o.put("sample_rate", s.sampleRate());
    o.put("window_samples", s.windowSamples());
    o.put("hop_samples", s.hopSamples());
    o.put("hop_min_samples", s.hopMinSamples());
    o.put("hop_max_samples", s.hopMaxSamples());
    o.put("min_duration_s", s.minDurationSeconds());
    o.put("silence_floor_dbfs", s.silenceFloorDbfs());
    return o;
  }
}
