package dev.vigil.export;

import ai.djl.ndarray.NDManager;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.vigil.runtime.model.Model;
import dev.vigil.runtime.model.ModelContract;
import dev.vigil.runtime.model.ModelException;
import dev.vigil.runtime.model.ModelFile;
import dev.vigil.runtime.model.ModelOptions;
import dev.vigil.runtime.model.OnnxFile;
import dev.vigil.trainer.arch.MixtureNet;
import dev.vigil.trainer.checkpoint.Checkpoint;
import dev.vigil.trainer.checkpoint.ParitySegments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Exports a checkpoint into one ONNX model file (opset 17, IR 8). The serialized graph is checked
 * and loaded by the runtime ({@link ModelFile}, {@link Model}) and compared with DJL on the stored
 * segments and random inputs; if |Δ score| exceeds the tolerance (or the runtime refuses the model)
 * nothing is written. Otherwise the parity figures are written into {@code vigil.parity}, the final
 * model is re-checked and written into place atomically.
 */
public final class Exporter {
  /** ONNX opset of the exported graphs. */
  public static final int OPSET = 17;

  /** ONNX IR version of the exported files. */
  public static final int IR_VERSION = 8;

  private Exporter() {}

  /** Loads the checkpoint folder and exports it to {@code out}. */
  public static ExportResult export(Path checkpointDir, Path out, ExportOptions options)
      throws ExportException {
    try (NDManager manager = NDManager.newBaseManager()) {
      Checkpoint ckpt;
      try {
        ckpt = Checkpoint.load(checkpointDir, manager);
      } catch (IOException e) {
        throw new ExportException(ExportException.Reason.CHECKPOINT, e.getMessage(), e);
      }
      return export(ckpt, out, options, manager);
    }
  }

  /** Exports a loaded checkpoint to {@code out}. */
  public static ExportResult export(
      Checkpoint ckpt, Path out, ExportOptions options, NDManager manager) throws ExportException {
    return export(ckpt, out, options, manager, UnaryOperator.identity());
  }

  /** As above; {@code tamper} may alter the graph before it is written (tests of the guard). */
  static ExportResult export(
      Checkpoint ckpt,
      Path out,
      ExportOptions options,
      NDManager manager,
      UnaryOperator<GraphProto> tamper)
      throws ExportException {
    long t0 = System.nanoTime();
    Path target = out.toAbsolutePath();
    Checked c = build(ckpt, target.toString(), options, manager, tamper);
    write(c.file(), target);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    return new ExportResult(target, c.file().size(), c.sha(), c.parity(), ms, c.file().metadata());
  }

  /**
   * Exports an int8 QDQ model from a checkpoint folder (its fp32 model is built and proven against
   * DJL first, in memory) or from an fp32 Vigil ONNX file, calibrated and checked as {@code q}
   * says; nothing is written when a check fails.
   */
  public static Int8ExportResult exportInt8(
      Path source, Path out, ExportOptions options, QuantizeOptions q) throws ExportException {
    return exportInt8(source, out, options, q, UnaryOperator.identity());
  }

  /** As above; {@code tamper} may alter the quantized graph (tests of the accuracy check). */
  static Int8ExportResult exportInt8(
      Path source,
      Path out,
      ExportOptions options,
      QuantizeOptions q,
      UnaryOperator<GraphProto> tamper)
      throws ExportException {
    long t0 = System.nanoTime();
    Path target = out.toAbsolutePath();
    ModelFile fp32;
    byte[] fp32Bytes;
    ParityReport parity = null;
    ParitySegments stored = ParitySegments.none();
    if (Files.isDirectory(source)) {
      try (NDManager manager = NDManager.newBaseManager()) {
        Checkpoint ckpt;
        try {
          ckpt = Checkpoint.load(source, manager);
        } catch (IOException e) {
          throw new ExportException(ExportException.Reason.CHECKPOINT, e.getMessage(), e);
        }
        Checked c = build(ckpt, source + " (fp32)", options, manager, UnaryOperator.identity());
        fp32 = c.file();
        fp32Bytes = c.bytes();
        parity = c.parity();
        stored = ckpt.parity();
      }
    } else {
      try {
        fp32Bytes = ModelFile.readBytes(source); // read once: checked and quantized from these
        fp32 = ModelFile.of(fp32Bytes, source.toString());
      } catch (IOException e) {
        throw new ExportException(ExportException.Reason.CHECKPOINT, e.getMessage(), e);
      }
    }
    Int8Export.Result r = Int8Export.run(fp32Bytes, fp32, stored, q, target.toString(), tamper);
    write(r.file(), target);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    return new Int8ExportResult(
        target,
        r.file().size(),
        fp32.modelId(),
        fp32.size(),
        parity,
        r.accuracy(),
        r.plan().quantizedNodes(),
        r.plan().folded(),
        r.plan().fp32Nodes(),
        r.calibrationWindows(),
        ms,
        r.file().metadata());
  }

  /** An fp32 model built and checked in memory: the file, its serialized bytes, its parity. */
  record Checked(ModelFile file, byte[] bytes, String sha, ParityReport parity) {}

  /**
   * Builds the fp32 model of {@code ckpt} in memory and proves parity with DJL (nothing written).
   *
   * @param name how the model is named in messages
   */
  static Checked build(
      Checkpoint ckpt,
      String name,
      ExportOptions options,
      NDManager manager,
      UnaryOperator<GraphProto> tamper)
      throws ExportException {
    if (ckpt.parity().count() + options.randomInputs() == 0) {
      throw new ExportException(
          ExportException.Reason.PARITY,
          "parity needs at least one input: the checkpoint stores no parity segments and the"
              + " number of random inputs is 0",
          null);
    }
    MixtureNet net = ckpt.net();
    GraphProto graph = tamper.apply(MixtureGraph.build(net));
    // the hash covers the weights as written, so a tampered graph still loads: parity must catch
    // it. It is the runtime's own (OnnxFile reads the initializers' bytes off the wire), so the
    // two agree.
    String sha = sha(graph);
    var pending = JsonNodeFactory.instance.objectNode().put("status", "pending");
    Map<String, String> meta = ExportMetadata.of(net, ckpt.summary(), sha, pending, version());
    byte[] bytes = model(graph, meta).toByteArray();

    ModelFile written;
    ParityReport parity;
    try {
      ModelFile checked = ModelFile.of(bytes, name);
      parity =
          ParityCheck.run(
              net,
              checked,
              ckpt.parity(),
              options.randomInputs(),
              options.batchSize(),
              options.seed(),
              manager);
      if (!(parity.maxAbsScore() <= options.tolerance())) {
        throw new ExportException(
            ExportException.Reason.PARITY,
            String.format(
                java.util.Locale.ROOT,
                "parity failed: max |Δ score| %.3g > tolerance %.3g between ONNX Runtime and DJL"
                    + " (expert_scores %.3g, gate_weights %.3g); no model file written",
                parity.maxAbsScore(),
                options.tolerance(),
                parity.maxAbsExpertScores(),
                parity.maxAbsGateWeights()),
            null);
      }
      // the contract checks run again on the final bytes (vigil.weights_sha256, written as sha,
      // against the initializers' hash among them), and ONNX Runtime loads them once more
      written = checked.withMetadata(Map.of(ModelContract.KEY_PARITY, parity.toJson().toString()));
      Model.load(written, ModelOptions.cpu(1)).close();
    } catch (ModelException e) {
      throw new ExportException(
          ExportException.Reason.OUTPUT,
          "exported graph refused by the runtime: " + e.getMessage(),
          e);
    }
    byte[] finalBytes = model(graph, written.metadata().raw()).toByteArray();
    return new Checked(written, finalBytes, sha, parity);
  }

  /** {@code vigil.weights_sha256} of a graph, as the runtime computes it. */
  static String sha(GraphProto graph) throws ExportException {
    try {
      return OnnxFile.weightsSha256(model(graph, Map.of()).toByteArray());
    } catch (IOException e) {
      throw new ExportException(
          ExportException.Reason.OUTPUT,
          "the built graph does not read back: " + e.getMessage(),
          e);
    }
  }

  /** Writes a checked model into place atomically. */
  static void write(ModelFile file, Path target) throws ExportException {
    try {
      Files.createDirectories(target.getParent());
      file.write(target);
    } catch (IOException e) {
      throw new ExportException(
          ExportException.Reason.OUTPUT, "cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  static ModelProto model(GraphProto graph, Map<String, String> metadata) {
    ModelProto.Builder m =
        ModelProto.newBuilder()
            .setIrVersion(IR_VERSION)
            .setProducerName("vigil-export")
            .setProducerVersion(version())
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
            .setGraph(graph);
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      m.addMetadataProps(
          StringStringEntryProto.newBuilder().setKey(e.getKey()).setValue(e.getValue()));
    }
    return m.build();
  }

  static String version() {
    String v = Exporter.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
