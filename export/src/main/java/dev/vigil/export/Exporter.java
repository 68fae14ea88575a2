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
    // it.
    // It is the runtime's own (OnnxFile reads the initializers' bytes off the wire), so the two
    // agree.
    String sha;
    try {
      sha = OnnxFile.weightsSha256(model(graph, Map.of()).toByteArray());
    } catch (IOException e) {
      throw new ExportException(
          ExportException.Reason.OUTPUT,
          "the built graph does not read back: " + e.getMessage(),
          e);
    }
    var pending = JsonNodeFactory.instance.objectNode().put("status", "pending");
    Map<String, String> meta = ExportMetadata.of(net, ckpt.summary(), sha, pending, version());
    byte[] bytes = model(graph, meta).toByteArray();

    Path target = out.toAbsolutePath();
    ModelFile written;
    ParityReport parity;
    try {
      ModelFile checked = ModelFile.of(bytes, target.toString());
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
    try {
      Files.createDirectories(target.getParent());
      written.write(target);
    } catch (IOException e) {
      throw new ExportException(
          ExportException.Reason.OUTPUT, "cannot write " + target + ": " + e.getMessage(), e);
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    return new ExportResult(target, written.size(), sha, parity, ms, written.metadata());
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

  private static String version() {
    String v = Exporter.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
