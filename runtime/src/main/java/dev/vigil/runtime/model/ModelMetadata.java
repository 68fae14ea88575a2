package dev.vigil.runtime.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.runtime.features.FeatureSpec;
import dev.vigil.runtime.segment.SegmentConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed views of every {@code vigil.*} metadata key of a model, with the raw JSON kept for display
 * ({@code vigil info}). Parse with {@link #parse}; it refuses ill-formed keys with a one-line
 * message naming the key.
 *
 * @param contractVersion {@code vigil.contract_version}
 * @param features {@code vigil.features}: the front ends, one model input each, in order
 * @param segment {@code vigil.segment}
 * @param experts {@code vigil.experts}, in output order
 * @param gate {@code vigil.gate}
 * @param thresholds {@code vigil.thresholds}
 * @param calibration {@code vigil.calibration}
 * @param provenance {@code vigil.provenance}
 * @param metricsJson {@code vigil.metrics}, raw JSON
 * @param parityJson {@code vigil.parity}, raw JSON
 * @param weightsSha256 {@code vigil.weights_sha256}, lowercase hex
 * @param raw every metadata entry of the file, {@code vigil.*} and others, in file order
 */
public record ModelMetadata(
    int contractVersion,
    List<FeatureSpec> features,
    SegmentConfig segment,
    List<Expert> experts,
    Gate gate,
    Thresholds thresholds,
    Calibration calibration,
    Provenance provenance,
    String metricsJson,
    String parityJson,
    String weightsSha256,
    Map<String, String> raw) {

  /** Copies. */
  public ModelMetadata {
    features = List.copyOf(features);
    experts = List.copyOf(experts);
    raw = Collections.unmodifiableMap(new LinkedHashMap<>(raw));
  }

  /**
   * One expert.
   *
   * @param name unique name, e.g. {@code lcnn_logmel}
   * @param architecture {@code lcnn}, {@code resnet18}, ...
   * @param feature the {@link FeatureSpec#name()} of its input
   * @param parameters trainable parameter count
   * @param configJson architecture options, raw JSON
   */
  public record Expert(
      String name, String architecture, String feature, long parameters, String configJson) {}

  /**
   * The gate.
   *
   * @param type {@code attention}, {@code mlp}, {@code classic} (reads the waveform) or {@code
   *     single} (one expert, weight 1)
   * @param parameters trainable parameter count
   * @param configJson options, raw JSON
   */
  public record Gate(String type, long parameters, String configJson) {}

  /**
   * Calibration baked into the graph: {@code score = sigmoid(a * logit(p_mix) + b)}; for
   * information only.
   *
   * @param method {@code temperature}, {@code platt} or {@code none}
   * @param a slope
   * @param b offset
   */
  public record Calibration(String method, double a, double b) {}

  /**
   * Where the model came from.
   *
   * @param modelName the model's name, or null
   * @param modelVersion the model's version, or {@code unversioned}
   * @param json the whole {@code vigil.provenance} value, raw JSON
   */
  public record Provenance(String modelName, String modelVersion, String json) {}

  /** The gate types the contract knows. */
  public static final List<String> GATE_TYPES = List.of("attention", "mlp", "classic", "single");

  /** The calibration methods the contract knows. */
  public static final List<String> CALIBRATION_METHODS = List.of("temperature", "platt", "none");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The model version: provenance {@code model_version}, or {@code unversioned}. */
  public String modelVersion() {
    return provenance.modelVersion();
  }

  /** The experts' names, in output order. */
  public List<String> expertNames() {
    List<String> names = new ArrayList<>(experts.size());
    for (Expert e : experts) {
      names.add(e.name());
    }
    return names;
  }

  /** True when the gate reads the raw waveform (the model has a {@code waveform} input). */
  public boolean needsWaveform() {
    return "classic".equals(gate.type());
  }

  /**
   * Parses and checks the {@code vigil.*} entries.
   *
   * @param props the file's {@code metadata_props}
   * @param model how the model is named in messages
   * @throws ModelException naming the first missing or ill-formed key
   */
  public static ModelMetadata parse(Map<String, String> props, String model) throws ModelException {
    String versionText = require(props, ModelContract.KEY_CONTRACT_VERSION, model);
    int version;
    try {
      JsonNode v = JSON.readTree(versionText);
      if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
        throw new NumberFormatException();
      }
      version = v.intValue();
    } catch (JsonProcessingException | NumberFormatException e) {
      throw new ModelException(
          ModelException.Check.CONTRACT_VERSION,
          model
              + ": metadata "
              + ModelContract.KEY_CONTRACT_VERSION
              + " must be an integer, got '"
              + versionText
              + "'");
    }
    if (version != ModelContract.CONTRACT_VERSION) {
      throw new ModelException(
          ModelException.Check.CONTRACT_VERSION,
          model
              + ": unsupported model contract version "
              + version
              + " (this runtime reads version "
              + ModelContract.CONTRACT_VERSION
              + ")");
    }
    Parser p = new Parser(props, model);
    List<FeatureSpec> features = p.features();
    SegmentConfig segment = p.segment();
    List<Expert> experts = p.experts(features);
    Gate gate = p.gate(experts.size());
    Thresholds thresholds = p.thresholds();
    Calibration calibration = p.calibration();
    Provenance provenance = p.provenance();
    String metrics = p.object(ModelContract.KEY_METRICS).toString();
    String parity = p.object(ModelContract.KEY_PARITY).toString();
    String sha = require(props, ModelContract.KEY_WEIGHTS_SHA256, model).strip();
    if (sha.startsWith("\"") && sha.endsWith("\"") && sha.length() >= 2) {
      sha = sha.substring(1, sha.length() - 1);
    }
    if (!sha.matches("[0-9a-f]{64}")) {
      throw p.bad(ModelContract.KEY_WEIGHTS_SHA256, "must be 64 lowercase hex digits");
    }
    for (FeatureSpec f : features) {
      if (f.sampleRate() != segment.sampleRate() || f.windowSamples() != segment.windowSamples()) {
        throw p.bad(
            ModelContract.KEY_FEATURES,
            "front end "
                + f.name()
                + " has sample_rate "
                + f.sampleRate()
                + " and window_samples "
                + f.windowSamples()
                + ", but vigil.segment says "
                + segment.sampleRate()
                + " and "
                + segment.windowSamples());
      }
    }
    return new ModelMetadata(
        version,
        features,
        segment,
        experts,
        gate,
        thresholds,
        calibration,
        provenance,
        metrics,
        parity,
        sha,
        props);
  }

  private static String require(Map<String, String> props, String key, String model)
      throws ModelException {
    String v = props.get(key);
    if (v == null || v.isBlank()) {
      throw new ModelException(
          ModelException.Check.METADATA, model + ": missing metadata key " + key);
    }
    return v;
  }

  /** Reads JSON values with messages that name the key. */
  private static final class Parser {
    private final Map<String, String> props;
    private final String model;

    Parser(Map<String, String> props, String model) {
      this.props = props;
      this.model = model;
    }

    ModelException bad(String key, String why) {
      return new ModelException(
          ModelException.Check.METADATA, model + ": metadata " + key + " is ill-formed: " + why);
    }

    JsonNode json(String key) throws ModelException {
      String text = require(props, key, model);
      try {
        return JSON.readTree(text);
      } catch (JsonProcessingException e) {
        throw bad(key, "not valid JSON (" + e.getOriginalMessage() + ")");
      }
    }

    JsonNode object(String key) throws ModelException {
      JsonNode n = json(key);
      if (n == null || !n.isObject()) {
        throw bad(key, "expected a JSON object");
      }
      return n;
    }

    String text(String key, JsonNode node, String field) throws ModelException {
      JsonNode v = node.get(field);
      if (v == null || !v.isTextual() || v.asText().isEmpty()) {
        throw bad(key, "field " + field + " must be a non-empty string");
      }
      return v.asText();
    }

    double number(String key, JsonNode node, String field) throws ModelException {
      JsonNode v = node.get(field);
      if (v == null || !v.isNumber()) {
        throw bad(key, "field " + field + " must be a number");
      }
      return v.doubleValue();
    }

    int integer(String key, JsonNode node, String field) throws ModelException {
      JsonNode v = node.get(field);
      if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
        throw bad(key, "field " + field + " must be an integer");
      }
      return v.intValue();
    }

    long longValue(String key, JsonNode node, String field) throws ModelException {
      JsonNode v = node.get(field);
      if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
        throw bad(key, "field " + field + " must be an integer");
      }
      return v.longValue();
    }

    String config(JsonNode node) {
      JsonNode c = node.get("config");
      return c == null || c.isNull() ? "{}" : c.toString();
    }

    List<FeatureSpec> features() throws ModelException {
      String key = ModelContract.KEY_FEATURES;
      JsonNode arr = json(key);
      if (arr == null || !arr.isArray() || arr.isEmpty()) {
        throw bad(key, "expected a non-empty JSON array of front-end specs");
      }
      List<FeatureSpec> out = new ArrayList<>();
      for (JsonNode n : arr) {
        FeatureSpec spec;
        try {
          spec = FeatureSpec.fromJson(n.toString());
        } catch (RuntimeException e) {
          throw bad(key, "front end " + out.size() + ": " + e.getMessage());
        }
        for (FeatureSpec seen : out) {
          if (seen.name().equals(spec.name())) {
            throw bad(key, "front end name " + spec.name() + " appears twice");
          }
        }
        if (spec.name().equals(ModelContract.INPUT_WAVEFORM)) {
          throw bad(key, "a front end may not be named " + ModelContract.INPUT_WAVEFORM);
        }
        out.add(spec);
      }
      return out;
    }

    SegmentConfig segment() throws ModelException {
      String key = ModelContract.KEY_SEGMENT;
      JsonNode n = object(key);
      try {
        return new SegmentConfig(
            integer(key, n, "sample_rate"),
            integer(key, n, "window_samples"),
            integer(key, n, "hop_samples"),
            integer(key, n, "hop_min_samples"),
            integer(key, n, "hop_max_samples"),
            number(key, n, "min_duration_s"),
            number(key, n, "silence_floor_dbfs"));
      } catch (IllegalArgumentException e) {
        throw bad(key, e.getMessage());
      }
    }

    List<Expert> experts(List<FeatureSpec> features) throws ModelException {
      String key = ModelContract.KEY_EXPERTS;
      JsonNode arr = json(key);
      if (arr == null || !arr.isArray() || arr.isEmpty()) {
        throw bad(key, "expected a non-empty JSON array of experts");
      }
      List<String> featureNames = new ArrayList<>();
      for (FeatureSpec f : features) {
        featureNames.add(f.name());
      }
      List<Expert> out = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (JsonNode n : arr) {
        if (!n.isObject()) {
          throw bad(key, "expert " + out.size() + " is not a JSON object");
        }
        String name = text(key, n, "name");
        String feature = text(key, n, "feature");
        if (names.contains(name)) {
          throw bad(key, "expert name " + name + " appears twice");
        }
        if (!featureNames.contains(feature)) {
          throw bad(
              key,
              "expert "
                  + name
                  + " reads front end '"
                  + feature
                  + "', which vigil.features does not define (defined: "
                  + String.join(", ", featureNames)
                  + ")");
        }
        names.add(name);
        out.add(
            new Expert(
                name,
                text(key, n, "architecture"),
                feature,
                longValue(key, n, "parameters"),
                config(n)));
      }
      for (String f : featureNames) {
        boolean used = false;
        for (Expert e : out) {
          used |= e.feature().equals(f);
        }
        if (!used) {
          throw bad(ModelContract.KEY_FEATURES, "front end " + f + " is read by no expert");
        }
      }
      return out;
    }

    Gate gate(int experts) throws ModelException {
      String key = ModelContract.KEY_GATE;
      JsonNode n = object(key);
      String type = text(key, n, "type");
      if (!GATE_TYPES.contains(type)) {
        throw bad(
            key, "unknown gate type '" + type + "' (valid: " + String.join(", ", GATE_TYPES) + ")");
      }
      if ("single".equals(type) && experts != 1) {
        throw bad(key, "gate type single needs exactly one expert, vigil.experts has " + experts);
      }
      return new Gate(type, longValue(key, n, "parameters"), config(n));
    }

    Thresholds thresholds() throws ModelException {
      String key = ModelContract.KEY_THRESHOLDS;
      JsonNode n = object(key);
      Map<String, Double> points = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        if (e.getKey().equals("default")) {
          continue;
        }
        if (!e.getValue().isNumber()) {
          throw bad(key, "operating point " + e.getKey() + " must be a number");
        }
        points.put(e.getKey(), e.getValue().doubleValue());
      }
      String def = text(key, n, "default");
      try {
        return new Thresholds(points, def);
      } catch (IllegalArgumentException e) {
        throw bad(key, e.getMessage());
      }
    }

    Calibration calibration() throws ModelException {
      String key = ModelContract.KEY_CALIBRATION;
      JsonNode n = object(key);
      String method = text(key, n, "method");
      if (!CALIBRATION_METHODS.contains(method)) {
        throw bad(
            key,
            "unknown method '"
                + method
                + "' (valid: "
                + String.join(", ", CALIBRATION_METHODS)
                + ")");
      }
      double a = n.has("a") ? number(key, n, "a") : 1.0;
      double b = n.has("b") ? number(key, n, "b") : 0.0;
      return new Calibration(method, a, b);
    }

    Provenance provenance() throws ModelException {
      String key = ModelContract.KEY_PROVENANCE;
      JsonNode n = object(key);
      JsonNode name = n.get("model_name");
      JsonNode version = n.get("model_version");
      return new Provenance(
          name != null && name.isTextual() ? name.asText() : null,
          version != null && version.isTextual() && !version.asText().isBlank()
              ? version.asText()
              : "unversioned",
          n.toString());
    }
  }
}
