package dev.vigil.runtime.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.runtime.features.FeatureSpec;
import dev.vigil.runtime.segment.SegmentConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;

/**
 * One model file, read and checked as the runtime checks it at load ({@link ModelContract#check}:
 * contract version, metadata, weights SHA-256, inputs, outputs) without starting ONNX Runtime. It
 * describes itself the way {@code vigil info} prints it (text, and JSON, also {@code GET
 * /v1/model}), writes copies with metadata replaced, and is what {@link Model#load(ModelFile,
 * ModelOptions)} starts a session on. Immutable.
 */
public final class ModelFile {

  /** How the bundled default model is named in messages and {@link ModelInfo#source()}. */
  public static final String BUNDLED_NAME = "bundled default model";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "vigil.";

  private final String name;
  private final byte[] bytes;
  private final ModelMetadata meta;

  private ModelFile(byte[] bytes, String name) throws ModelException {
    OnnxFile file;
    try {
      file = OnnxFile.parse(bytes);
    } catch (IOException e) {
      throw new ModelException(
          ModelException.Check.UNREADABLE,
          name + ": not an ONNX model file (" + e.getMessage() + ")",
          e);
    }
    this.meta = ModelContract.check(file, name);
    this.name = name;
    this.bytes = bytes;
  }

  /**
   * Reads and checks a model file.
   *
   * @throws ModelException when the file cannot be read or fails a contract check (one line naming
   *     the file and the check)
   */
  public static ModelFile read(Path path) throws ModelException {
    return new ModelFile(readBytes(path), path.toString());
  }

  /**
   * A model file's bytes, not yet checked (for {@link #of} when the caller needs the bytes too).
   *
   * @throws ModelException {@code UNREADABLE}, one line naming the file, as {@link #read} says it
   */
  public static byte[] readBytes(Path path) throws ModelException {
    try {
      return Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new ModelException(ModelException.Check.UNREADABLE, path + ": model file not found", e);
    } catch (IOException e) {
      throw new ModelException(
          ModelException.Check.UNREADABLE, path + ": cannot read model file: " + e.getMessage(), e);
    }
  }

  /**
   * Checks a model from its bytes.
   *
   * @param bytes the serialized ONNX model; kept, not copied
   * @param name how the model is named in messages
   */
  public static ModelFile of(byte[] bytes, String name) throws ModelException {
    return new ModelFile(bytes, name);
  }

  /**
   * Reads and checks the bundled default model (class-path resource {@value
   * ModelContract#DEFAULT_MODEL_RESOURCE}), named {@value #BUNDLED_NAME}.
   *
   * @throws ModelException {@link ModelException.Check#NO_DEFAULT_MODEL} when it is not on the
   *     class path, or any read or check failure
   */
  public static ModelFile bundled() throws ModelException {
    InputStream in = Model.class.getResourceAsStream(ModelContract.DEFAULT_MODEL_RESOURCE);
    if (in == null) {
      throw new ModelException(
          ModelException.Check.NO_DEFAULT_MODEL,
          "no bundled default model on the class path ("
              + ModelContract.DEFAULT_MODEL_RESOURCE
              + "): pass a model file (--model FILE, or DetectorOptions.modelPath)");
    }
    byte[] bytes;
    try (in) {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new ModelException(
          ModelException.Check.UNREADABLE,
          BUNDLED_NAME
              + ": cannot read "
              + ModelContract.DEFAULT_MODEL_RESOURCE
              + ": "
              + e.getMessage(),
          e);
    }
    return new ModelFile(bytes, BUNDLED_NAME);
  }

  /** How the model is named in messages: its path, or {@value #BUNDLED_NAME}. */
  public String name() {
    return name;
  }

  /** The file's size in bytes. */
  public long size() {
    return bytes.length;
  }

  /** The parsed {@code vigil.*} metadata. */
  public ModelMetadata metadata() {
    return meta;
  }

  /** The SHA-256 of the weights, checked against {@code vigil.weights_sha256}. */
  public String weightsSha256() {
    return meta.weightsSha256();
  }

  /** The model id ({@link ModelContract#modelId}). */
  public String modelId() {
    return ModelContract.modelId(meta.weightsSha256());
  }

  /** The serialized model (not a copy: for {@link Model}). */
  byte[] bytes() {
    return bytes;
  }

  /**
   * A copy with metadata entries replaced ({@link OnnxFile#withMetadata}), checked again.
   *
   * @throws ModelException when the copy breaks the contract
   */
  public ModelFile withMetadata(Map<String, String> replace) throws ModelException {
    return copy(replace, name);
  }

  /**
   * Writes a copy whose {@code vigil.thresholds} are {@code thresholds} to {@code out} (see {@link
   * #write}); the weights and so the model id stay the same.
   *
   * @return the copy, named {@code out}
   * @throws ModelException when the copy breaks the contract (nothing is written)
   * @throws IOException when it cannot be written
   */
  public ModelFile writeCopy(Path out, Thresholds thresholds) throws IOException {
    ModelFile copy =
        copy(
            Map.of(ModelContract.KEY_THRESHOLDS, ModelContract.thresholdsValue(thresholds)),
            out.toString());
    copy.write(out);
    return copy;
  }

  /**
   * Writes the model to {@code out} through a temporary file beside it, moved into place
   * atomically: a reader never sees half a model.
   */
  public void write(Path out) throws IOException {
    Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
    try {
      Files.write(tmp, bytes);
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private ModelFile copy(Map<String, String> replace, String copyName) throws ModelException {
    byte[] copy;
    try {
      copy = OnnxFile.withMetadata(bytes, replace);
    } catch (IOException e) {
      throw new IllegalStateException(name + " was parsed once but not twice", e);
    }
    return new ModelFile(copy, copyName);
  }

  /** This file's JSON description ({@link #describe(ModelMetadata, String, long)}). */
  public ObjectNode describe() {
    return describe(meta, name, bytes.length);
  }

  /**
   * The JSON description of a model, one layout for {@code vigil info --json} and {@code GET
   * /v1/model}: a {@code model} object (id, version, source, file size, weights hash), {@code
   * contract_version}, then every other {@code vigil.*} metadata key without its prefix, its value
   * parsed as JSON (kept as text when it is not JSON).
   *
   * @param meta the parsed metadata
   * @param source how the model is named to the reader (a path, a file name, "bundled ...")
   * @param fileBytes the model file's size
   * @return a new, mutable object callers may add to
   */
  public static ObjectNode describe(ModelMetadata meta, String source, long fileBytes) {
    ObjectNode o = JSON.createObjectNode();
    ObjectNode model = o.putObject("model");
    model.put("id", ModelContract.modelId(meta.weightsSha256()));
    model.put("version", meta.modelVersion());
    model.put("source", source);
    model.put("file_bytes", fileBytes);
    model.put("weights_sha256", meta.weightsSha256());
    o.put("contract_version", meta.contractVersion());
    for (Map.Entry<String, String> e : meta.raw().entrySet()) {
      String key = e.getKey();
      if (!key.startsWith(PREFIX)
          || key.equals(ModelContract.KEY_CONTRACT_VERSION)
          || key.equals(ModelContract.KEY_WEIGHTS_SHA256)) {
        continue;
      }
      String field = key.substring(PREFIX.length());
      try {
        o.set(field, JSON.readTree(e.getValue()));
      } catch (JsonProcessingException ex) {
        o.put(field, e.getValue());
      }
    }
    return o;
  }

  /**
   * This file's description as {@code vigil info} prints it: sections Model (with its precision:
   * fp32, or int8 and the fp32 model it was quantized from), Experts, Gate, Features, Segments,
   * Operating points, Calibration, Provenance, Metrics, Export parity (for an int8 model: its
   * accuracy against fp32, then Quantization), each a title line followed by indented lines.
   */
  public String describeText() {
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text);
    ObjectNode o = describe();
    out.println("Model");
    kv(out, "id", modelId());
    kv(out, "version", meta.modelVersion());
    kv(out, "source", name);
    kv(out, "file size", bytes.length + " bytes");
    kv(out, "weights sha256", meta.weightsSha256());
    kv(out, "contract version", Integer.toString(meta.contractVersion()));
    JsonNode quantization = o.get("quantization");
    if (quantization != null) {
      kv(
          out,
          "precision",
          quantization.path("scheme").asText("?")
              + ", int8 from "
              + quantization.path("source_model_id").asText("?"));
    } else {
      kv(out, "precision", "fp32");
    }

    out.println("Experts");
    for (ModelMetadata.Expert e : meta.experts()) {
      out.printf(
          Locale.ROOT,
          "  %-24s %-10s on %-10s %,d parameters%n",
          e.name(),
          e.architecture(),
          e.feature(),
          e.parameters());
    }

    out.println("Gate");
    kv(out, "type", meta.gate().type());
    kv(out, "parameters", String.format(Locale.ROOT, "%,d", meta.gate().parameters()));
    kv(out, "config", meta.gate().configJson());

    out.println("Features");
    for (FeatureSpec f : meta.features()) {
      String mel =
          f.isMel()
              ? String.format(
                  Locale.ROOT,
                  "%s %s mel bands %s-%s Hz, ",
                  f.nMels(),
                  f.melScale(),
                  f.fMin(),
                  f.fMax())
              : "";
      out.printf(
          Locale.ROOT,
          "  %-10s %s [%d x %d], n_fft %d, %s %d, hop %d, pre-emphasis %s, %s%n",
          f.name(),
          f.kind(),
          f.bins(),
          f.frames(),
          f.nFft(),
          f.window(),
          f.winLength(),
          f.hopLength(),
          f.preEmphasis() == 0 ? "none" : Double.toString(f.preEmphasis()),
          mel + f.normalization());
    }

    out.println("Segments");
    SegmentConfig s = meta.segment();
    kv(out, "sample rate", s.sampleRate() + " Hz");
    kv(out, "window", seconds(s.windowSamples(), s) + " (" + s.windowSamples() + " samples)");
    kv(
        out,
        "hop",
        seconds(s.hopSamples(), s)
            + " (allowed "
            + seconds(s.hopMinSamples(), s)
            + " to "
            + seconds(s.hopMaxSamples(), s)
            + ")");
    kv(out, "min duration", s.minDurationSeconds() + " s");
    kv(out, "silence floor", s.silenceFloorDbfs() + " dBFS");

    out.println("Operating points");
    Thresholds t = meta.thresholds();
    for (Map.Entry<String, Double> p : t.points().entrySet()) {
      String mark = p.getKey().equals(t.defaultPoint()) ? "  (default)" : "";
      out.printf(Locale.ROOT, "  %-16s %.6f%s%n", p.getKey(), p.getValue(), mark);
    }

    out.println("Calibration");
    kv(out, "method", meta.calibration().method());
    kv(
        out,
        "mapping",
        String.format(
            Locale.ROOT,
            "score = sigmoid(%s * logit(p_mix) + %s), applied inside the graph",
            meta.calibration().a(),
            meta.calibration().b()));

    pretty(out, "Provenance", o.get("provenance"));
    pretty(out, "Metrics", o.get("metrics"));
    pretty(
        out,
        quantization != null ? "Int8 accuracy (against fp32)" : "Export parity",
        o.get("parity"));
    if (quantization != null) {
      pretty(out, "Quantization", quantization);
    }
    out.flush();
    return text.toString();
  }

  private static String seconds(int samples, SegmentConfig s) {
    return String.format(Locale.ROOT, "%.3f s", samples / (double) s.sampleRate());
  }

  private static void kv(PrintWriter out, String k, String v) {
    out.printf(Locale.ROOT, "  %-18s %s%n", k, v);
  }

  private static void pretty(PrintWriter out, String title, JsonNode n) {
    out.println(title);
    for (String line : n.toPrettyString().split("\n", -1)) {
      out.println("  " + line);
    }
  }
}
