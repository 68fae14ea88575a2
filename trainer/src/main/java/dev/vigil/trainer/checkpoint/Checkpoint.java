package dev.vigil.trainer.checkpoint;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.trainer.arch.Architectures;
import dev.vigil.trainer.arch.ExpertNet;
import dev.vigil.trainer.arch.ExpertSpec;
import dev.vigil.trainer.arch.MixtureNet;
import dev.vigil.trainer.arch.MixtureSpec;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checkpoint folder: {@code model.json}, {@code parameters.params}, {@code training.json}, {@code
 * parity/index.json} + one float32 little-endian file per input. A single-expert checkpoint (from
 * {@link #saveExpert}) loads as a mixture with the {@code single} gate.
 *
 * @param spec the mixture (a lone expert has gate {@code single})
 * @param net the network with its parameters loaded
 * @param summary thresholds, provenance, metrics
 * @param parity the stored parity inputs
 */
public record Checkpoint(
    MixtureSpec spec, MixtureNet net, TrainingSummary summary, ParitySegments parity) {

  /** Format version written into model.json. */
  public static final int FORMAT_VERSION = 1;

  static final String MODEL = "model.json";
  static final String PARAMS = "parameters.params";
  static final String TRAINING = "training.json";
  static final String PARITY = "parity";
  static final String PARITY_INDEX = "index.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Writes a mixture checkpoint into {@code dir} (created if needed; files replaced). */
  public static void save(
      Path dir, MixtureNet net, MixtureSpec spec, TrainingSummary summary, ParitySegments segments)
      throws IOException {
    segments.check(spec);
    Files.createDirectories(dir);
    ObjectNode model = header("mixture", spec);
    model.set("mixture", JSON.valueToTree(spec));
    writeJson(dir.resolve(MODEL), model);
    try (DataOutputStream out = data(dir.resolve(PARAMS))) {
      net.saveParameters(out);
    }
    writeJson(dir.resolve(TRAINING), JSON.valueToTree(summary));
    writeParity(dir.resolve(PARITY), spec, segments);
  }

  /** Writes a stage-one checkpoint of one expert. */
  public static void saveExpert(
      Path dir, ExpertNet net, TrainingSummary summary, ParitySegments segments)
      throws IOException {
    MixtureSpec spec = MixtureSpec.single(net.spec());
    segments.check(spec);
    Files.createDirectories(dir);
    ObjectNode model = header("expert", spec);
    model.set("expert", JSON.valueToTree(net.spec()));
    writeJson(dir.resolve(MODEL), model);
    try (DataOutputStream out = data(dir.resolve(PARAMS))) {
      net.saveParameters(out);
    }
    writeJson(dir.resolve(TRAINING), JSON.valueToTree(summary));
    writeParity(dir.resolve(PARITY), spec, segments);
  }

  /**
   * Reads a checkpoint; parameters are created on {@code manager}.
   *
   * @throws IOException naming the folder and the problem when a file is missing or malformed
   */
  public static Checkpoint load(Path dir, NDManager manager) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("checkpoint " + dir + ": not a directory");
    }
    for (String f : List.of(MODEL, PARAMS, TRAINING)) {
      if (!Files.isRegularFile(dir.resolve(f))) {
        throw new IOException("checkpoint " + dir + ": missing " + f);
      }
    }
    JsonNode model = readJson(dir.resolve(MODEL));
    int version = model.path("version").asInt(-1);
    if (!"vigil-checkpoint".equals(model.path("format").asText()) || version != FORMAT_VERSION) {
      throw new IOException(
          "checkpoint "
              + dir
              + ": model.json is not a vigil-checkpoint of version "
              + FORMAT_VERSION
              + " (format="
              + model.path("format")
              + ", version="
              + model.path("version")
              + ")");
    }
    String kind = model.path("kind").asText();
    MixtureSpec spec;
    MixtureNet net;
    try {
      switch (kind) {
        case "mixture" -> {
          spec = JSON.treeToValue(model.get("mixture"), MixtureSpec.class);
          net = Architectures.mixture(spec);
          try (DataInputStream in = input(dir.resolve(PARAMS))) {
            net.loadParameters(manager, in);
          }
        }
        case "expert" -> {
          ExpertSpec e = JSON.treeToValue(model.get("expert"), ExpertSpec.class);
          spec = MixtureSpec.single(e);
          net = Architectures.mixture(spec);
          try (DataInputStream in = input(dir.resolve(PARAMS))) {
            net.expert(0).loadParameters(manager, in);
          }
        }
        default ->
            throw new IOException(
                "checkpoint "
                    + dir
                    + ": model.json kind must be one of [mixture, expert], got "
                    + kind);
      }
      TrainingSummary summary =
          JSON.treeToValue(readJson(dir.resolve(TRAINING)), TrainingSummary.class);
      ParitySegments parity = readParity(dir.resolve(PARITY), spec);
      return new Checkpoint(spec, net, summary, parity);
    } catch (MalformedModelException | IllegalArgumentException e) {
      throw new IOException("checkpoint " + dir + ": " + e.getMessage(), e);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(
          "checkpoint " + dir + ": invalid JSON: " + e.getOriginalMessage().replace('\n', ' '), e);
    }
  }

  /**
   * Loads a stage-one expert checkpoint's parameters into {@code target} (e.g. {@code
   * mixture.expert(i)}), after checking that both have the same architecture, front end and config
   * (names may differ).
   *
   * @throws IOException naming the folder and the mismatch
   */
  public static void loadExpertInto(Path dir, ExpertNet target, NDManager manager)
      throws IOException {
    JsonNode model = readJson(dir.resolve(MODEL));
    if (!"expert".equals(model.path("kind").asText())) {
      throw new IOException(
          "checkpoint " + dir + ": not an expert checkpoint (kind " + model.path("kind") + ")");
    }
    ExpertSpec e = JSON.treeToValue(model.get("expert"), ExpertSpec.class);
    ExpertSpec t = target.spec();
    if (!e.architecture().equals(t.architecture())
        || !e.feature().equals(t.feature())
        || !e.config().equals(t.config())) {
      throw new IOException(
          "checkpoint "
              + dir
              + ": expert "
              + e.name()
              + " ("
              + e.architecture()
              + " on "
              + e.feature().name()
              + ", config "
              + e.config()
              + ") does not fit "
              + t.name()
              + " ("
              + t.architecture()
              + " on "
              + t.feature().name()
              + ", config "
              + t.config()
              + ")");
    }
    try (DataInputStream in = input(dir.resolve(PARAMS))) {
      target.loadParameters(manager, in);
    } catch (MalformedModelException ex) {
      throw new IOException("checkpoint " + dir + ": " + ex.getMessage(), ex);
    }
  }

  private static ObjectNode header(String kind, MixtureSpec spec) {
    ObjectNode model = JSON.createObjectNode();
    model.put("format", "vigil-checkpoint");
    model.put("version", FORMAT_VERSION);
    model.put("kind", kind);
    ObjectNode shapes = model.putObject("input_shapes");
    for (String name : spec.inputNames()) {
      ArrayNode a = shapes.putArray(name);
      for (long d : spec.inputShape(name)) {
        a.add(d);
      }
    }
    return model;
  }

  private static void writeParity(Path dir, MixtureSpec spec, ParitySegments segments)
      throws IOException {
    Files.createDirectories(dir);
    ObjectNode index = JSON.createObjectNode();
    index.put("count", segments.count());
    index.set("ids", JSON.valueToTree(segments.ids()));
    ArrayNode inputs = index.putArray("inputs");
    if (segments.count() > 0) {
      for (String name : spec.inputNames()) {
        String file = name + ".f32";
        ObjectNode o = inputs.addObject();
        o.put("name", name);
        ArrayNode shape = o.putArray("shape");
        shape.add(segments.count());
        for (long d : spec.inputShape(name)) {
          shape.add(d);
        }
        o.put("file", file);
        float[] data = segments.inputs().get(name);
        ByteBuffer buf = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(data);
        Files.write(dir.resolve(file), buf.array());
      }
    }
    writeJson(dir.resolve(PARITY_INDEX), index);
  }

  private static ParitySegments readParity(Path dir, MixtureSpec spec) throws IOException {
    Path indexFile = dir.resolve(PARITY_INDEX);
    if (!Files.isRegularFile(indexFile)) {
      return ParitySegments.none();
    }
    JsonNode index = readJson(indexFile);
    int count = index.path("count").asInt(-1);
    Map<String, float[]> inputs = new LinkedHashMap<>();
    for (JsonNode o : index.path("inputs")) {
      String name = o.path("name").asText();
      byte[] bytes = Files.readAllBytes(dir.resolve(o.path("file").asText()));
      if (bytes.length % 4 != 0) {
        throw new IOException(
            "parity input " + name + ": size " + bytes.length + " not a multiple of 4");
      }
      float[] data = new float[bytes.length / 4];
      ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
      inputs.put(name, data);
    }
    List<String> ids = new ArrayList<>();
    for (JsonNode id : index.path("ids")) {
      ids.add(id.asText());
    }
    ParitySegments p = new ParitySegments(Math.max(count, 0), inputs, ids);
    p.check(spec);
    return p;
  }

  private static void writeJson(Path file, JsonNode node) throws IOException {
    JSON.writeValue(file.toFile(), node);
  }

  private static JsonNode readJson(Path file) throws IOException {
    try {
      return JSON.readTree(file.toFile());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(file + ": invalid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static DataOutputStream data(Path file) throws IOException {
    OutputStream os = Files.newOutputStream(file);
    return new DataOutputStream(new BufferedOutputStream(os));
  }

  private static DataInputStream input(Path file) throws IOException {
    InputStream is = Files.newInputStream(file);
    return new DataInputStream(new BufferedInputStream(is));
  }
}
