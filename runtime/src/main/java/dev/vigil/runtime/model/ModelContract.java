package dev.vigil.runtime.model;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.runtime.features.FeatureSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Contract version 1 of Vigil's ONNX model file: the ONE place that owns input and output names,
 * metadata keys, and the checks the runtime applies at load (written up in {@code
 * docs/model-contract.md}).
 */
public final class ModelContract {
  private ModelContract() {}

  /** The contract version this runtime reads and writes. */
  public static final int CONTRACT_VERSION = 1;

  /** Input holding the raw window [N, W], present only for the {@code classic} gate. */
  public static final String INPUT_WAVEFORM = "waveform";

  /** Output: calibrated P(spoof) of the mixture, [N]. */
  public static final String OUTPUT_SCORE = "score";

  /** Output: each expert's P(spoof), [N, E]. */
  public static final String OUTPUT_EXPERT_SCORES = "expert_scores";

  /** Output: the gate's weights, [N, E], rows sum to 1. */
  public static final String OUTPUT_GATE_WEIGHTS = "gate_weights";

  /** The outputs, in the order the runtime reads them. */
  public static final List<String> OUTPUTS =
      List.of(OUTPUT_SCORE, OUTPUT_EXPERT_SCORES, OUTPUT_GATE_WEIGHTS);

  /** Metadata key: the contract version, JSON integer. */
  public static final String KEY_CONTRACT_VERSION = "vigil.contract_version";

  /** Metadata key: JSON array of front-end specs. */
  public static final String KEY_FEATURES = "vigil.features";

  /** Metadata key: segmentation, JSON object. */
  public static final String KEY_SEGMENT = "vigil.segment";

  /** Metadata key: JSON array of experts, in output order. */
  public static final String KEY_EXPERTS = "vigil.experts";

  /** Metadata key: the gate, JSON object. */
  public static final String KEY_GATE = "vigil.gate";

  /** Metadata key: named operating points and {@code default}, JSON object. */
  public static final String KEY_THRESHOLDS = "vigil.thresholds";

  /** Metadata key: calibration baked into the graph, JSON object. */
  public static final String KEY_CALIBRATION = "vigil.calibration";

  /** Metadata key: training data, recipe, commit, date, JSON object. */
  public static final String KEY_PROVENANCE = "vigil.provenance";

  /** Metadata key: validation metrics, JSON object. */
  public static final String KEY_METRICS = "vigil.metrics";

  /** Metadata key: export parity measurements, JSON object. */
  public static final String KEY_PARITY = "vigil.parity";

  /** Metadata key: SHA-256 over the initializers (see {@link OnnxFile#weightsSha256()}). */
  public static final String KEY_WEIGHTS_SHA256 = "vigil.weights_sha256";

  /**
   * Metadata key, optional (present in int8 models only): the quantization scheme, the fp32 model
   * it was quantized from ({@code source_model_id}, {@code source_weights_sha256}), the calibration
   * (method, windows, data) and the nodes kept in fp32, JSON object.
   */
  public static final String KEY_QUANTIZATION = "vigil.quantization";

  /** Every required metadata key of contract version 1, in documentation order. */
  public static final List<String> KEYS =
      List.of(
          KEY_CONTRACT_VERSION,
          KEY_FEATURES,
          KEY_SEGMENT,
          KEY_EXPERTS,
          KEY_GATE,
          KEY_THRESHOLDS,
          KEY_CALIBRATION,
          KEY_PROVENANCE,
          KEY_METRICS,
          KEY_PARITY,
          KEY_WEIGHTS_SHA256);

  /** Class-path resource of the bundled default model. */
  public static final String DEFAULT_MODEL_RESOURCE = "/dev/vigil/model/default.onnx";

  /** Model id: {@code "sha256:"} + the first 12 hex digits of the weights' SHA-256. */
  public static String modelId(String weightsSha256) {
    return "sha256:" + weightsSha256.substring(0, Math.min(12, weightsSha256.length()));
  }

  /** The {@value #KEY_THRESHOLDS} value of {@code t}: its points in order, then {@code default}. */
  public static String thresholdsValue(Thresholds t) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    t.points().forEach(o::put);
    return o.put("default", t.defaultPoint()).toString();
  }

  /** The inputs a model with this metadata must have, name to shape (-1 = the batch dimension). */
  public static Map<String, long[]> expectedInputs(ModelMetadata meta) {
    Map<String, long[]> out = new LinkedHashMap<>();
    for (FeatureSpec f : meta.features()) {
      out.put(f.name(), new long[] {-1, 1, f.bins(), f.frames()});
    }
    if (meta.needsWaveform()) {
      out.put(INPUT_WAVEFORM, new long[] {-1, meta.segment().windowSamples()});
    }
    return out;
  }

  /**
   * Checks the graph's inputs against the metadata: the same names, float tensors, the shapes [N,
   * 1, F, T] per front end and [N, W] for {@code waveform}, which is present iff the gate is {@code
   * classic}. A fixed batch dimension is refused (N must be dynamic).
   *
   * @param meta the parsed metadata
   * @param inputs the graph's inputs (not initializers)
   * @param model how the model is named in messages
   * @throws ModelException with {@link ModelException.Check#INPUTS}
   */
  public static void checkInputs(ModelMetadata meta, List<OnnxFile.ValueInfo> inputs, String model)
      throws ModelException {
    Map<String, long[]> expected = expectedInputs(meta);
    TreeSet<String> actualNames = new TreeSet<>();
    for (OnnxFile.ValueInfo vi : inputs) {
      actualNames.add(vi.name());
    }
    if (!actualNames.equals(new TreeSet<>(expected.keySet()))) {
      String why = "";
      if (actualNames.contains(INPUT_WAVEFORM) && !meta.needsWaveform()) {
        why = " (waveform is an input only when vigil.gate type is classic)";
      } else if (!actualNames.contains(INPUT_WAVEFORM) && meta.needsWaveform()) {
        why = " (a classic gate reads the input waveform)";
      }
      throw new ModelException(
          ModelException.Check.INPUTS,
          model
              + ": graph inputs "
              + actualNames
              + " do not match the metadata, which expects "
              + new TreeSet<>(expected.keySet())
              + why);
    }
    for (OnnxFile.ValueInfo vi : inputs) {
      long[] want = expected.get(vi.name());
      long[] got = vi.shape();
      if (vi.elemType() != 1) {
        throw new ModelException(
            ModelException.Check.INPUTS,
            model
                + ": input "
                + vi.name()
                + " must be float32, has ONNX element type "
                + vi.elemType());
      }
      boolean ok = got.length == want.length && got.length > 0 && got[0] < 0;
      for (int i = 1; ok && i < want.length; i++) {
        ok = got[i] == want[i];
      }
      if (!ok) {
        throw new ModelException(
            ModelException.Check.INPUTS,
            model
                + ": input "
                + vi.name()
                + " has shape "
                + shape(got)
                + ", expected "
                + shape(want)
                + " from the metadata");
      }
    }
  }

  /**
   * Checks that {@code score} [N], {@code expert_scores} [N, E] and {@code gate_weights} [N, E] are
   * outputs (E = the number of experts when the graph states it).
   *
   * @throws ModelException with {@link ModelException.Check#OUTPUTS}
   */
  public static void checkOutputs(
      ModelMetadata meta, List<OnnxFile.ValueInfo> outputs, String model) throws ModelException {
    Map<String, long[]> byName = new LinkedHashMap<>();
    for (OnnxFile.ValueInfo vi : outputs) {
      byName.put(vi.name(), vi.shape());
    }
    List<String> missing = new ArrayList<>();
    for (String name : OUTPUTS) {
      if (!byName.containsKey(name)) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      throw new ModelException(
          ModelException.Check.OUTPUTS,
          model
              + ": missing output"
              + (missing.size() > 1 ? "s " : " ")
              + String.join(", ", missing)
              + " (graph outputs: "
              + String.join(", ", byName.keySet())
              + "; required: "
              + String.join(", ", OUTPUTS)
              + ")");
    }
    int e = meta.experts().size();
    checkOutputShape(model, OUTPUT_SCORE, byName.get(OUTPUT_SCORE), new long[] {-1});
    checkOutputShape(
        model, OUTPUT_EXPERT_SCORES, byName.get(OUTPUT_EXPERT_SCORES), new long[] {-1, e});
    checkOutputShape(
        model, OUTPUT_GATE_WEIGHTS, byName.get(OUTPUT_GATE_WEIGHTS), new long[] {-1, e});
  }

  private static void checkOutputShape(String model, String name, long[] got, long[] want)
      throws ModelException {
    if (got.length == 0) {
      return; // shape not stated in the graph: checked on the first run
    }
    boolean ok = got.length == want.length;
    for (int i = 1; ok && i < want.length; i++) {
      ok = got[i] < 0 || got[i] == want[i];
    }
    if (!ok) {
      throw new ModelException(
          ModelException.Check.OUTPUTS,
          model + ": output " + name + " has shape " + shape(got) + ", expected " + shape(want));
    }
  }

  /**
   * Checks the recomputed SHA-256 of the initializers against {@code vigil.weights_sha256}.
   *
   * @throws ModelException with {@link ModelException.Check#WEIGHTS_SHA256}
   */
  public static void checkWeights(ModelMetadata meta, String actualSha256, String model)
      throws ModelException {
    if (!meta.weightsSha256().equals(actualSha256)) {
      throw new ModelException(
          ModelException.Check.WEIGHTS_SHA256,
          model
              + ": weights SHA-256 mismatch: metadata "
              + KEY_WEIGHTS_SHA256
              + " is "
              + meta.weightsSha256()
              + " but the file's initializers hash to "
              + actualSha256
              + " (corrupted or altered model)");
    }
  }

  /**
   * Parses and checks a whole model file in the order the runtime does: contract version, metadata
   * keys, weights SHA-256, inputs, outputs.
   *
   * @param file the parsed file
   * @param model how the model is named in messages
   * @return the parsed metadata
   * @throws ModelException naming the check that failed
   */
  public static ModelMetadata check(OnnxFile file, String model) throws ModelException {
    ModelMetadata meta = ModelMetadata.parse(file.metadata(), model);
    checkWeights(meta, file.weightsSha256(), model);
    checkInputs(meta, file.inputs(), model);
    checkOutputs(meta, file.outputs(), model);
    return meta;
  }

  static String shape(long[] s) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < s.length; i++) {
      if (i > 0) {
        b.append(", ");
      }
      b.append(s[i] < 0 ? "N" : Long.toString(s[i]));
    }
    return b.append(']').toString();
  }
}
