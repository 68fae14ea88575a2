package dev.vigil.export;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.runtime.model.ModelContract;
import dev.vigil.runtime.model.ModelException;
import dev.vigil.runtime.model.ModelFile;
import dev.vigil.trainer.checkpoint.ParitySegments;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Quantizes a checked fp32 Vigil model into an int8 QDQ model, in memory: plans the rewrite ({@link
 * Int8Quantizer#plan}), calibrates the activation ranges on real windows ({@link Calibrator}),
 * writes the QDQ graph, copies the fp32 metadata and adds {@code vigil.quantization}, then runs the
 * accuracy check ({@link AccuracyCheck}) whose figures become {@code vigil.parity}. Above the bound
 * it throws (reason PARITY) and nothing is written.
 */
final class Int8Export {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Int8Export() {}

  /**
   * A quantized model, checked by the runtime and accurate within the bound.
   *
   * @param file the int8 model (named as the output)
   * @param accuracy the accuracy check
   * @param plan what was quantized
   * @param calibrationWindows windows that calibrated
   */
  record Result(
      ModelFile file, AccuracyReport accuracy, Int8Quantizer.Plan plan, int calibrationWindows) {}

  /**
   * Quantizes {@code fp32}.
   *
   * @param fp32Bytes the serialized fp32 model
   * @param fp32 the same, checked
   * @param stored the checkpoint's stored validation windows (may be empty)
   * @param name how the int8 model is named in messages (its output path)
   * @param tamper may alter the quantized graph before the check (tests of the guard)
   */
  static Result run(
      byte[] fp32Bytes,
      ModelFile fp32,
      ParitySegments stored,
      QuantizeOptions q,
      String name,
      UnaryOperator<GraphProto> tamper)
      throws ExportException {
    GraphProto source;
    try {
      source = ModelProto.parseFrom(fp32Bytes).getGraph();
    } catch (IOException e) {
      throw new ExportException(
          ExportException.Reason.CHECKPOINT,
          fp32.name() + ": not an ONNX model: " + e.getMessage(),
          e);
    }
    if (fp32.metadata().raw().containsKey(ModelContract.KEY_QUANTIZATION)) {
      throw new ExportException(
          ExportException.Reason.CHECKPOINT,
          fp32.name() + ": already quantized (it has " + ModelContract.KEY_QUANTIZATION + ")",
          null);
    }
    ParitySegments calib = stored;
    ParitySegments check = stored;
    int[] spoof = new int[1];
    int calibSpoof = 0;
    int checkSpoof = 0;
    if (q.calibration() != null) {
      try {
        if (q.calibrationWindows() > 0) {
          calib =
              ManifestWindows.concat(
                  stored,
                  ManifestWindows.read(
                      q.calibration(),
                      q.calibrationSplit(),
                      q.calibrationWindows(),
                      fp32.metadata(),
                      q.seed(),
                      spoof));
          calibSpoof = spoof[0];
        }
        if (q.checkWindows() > 0) {
          check =
              ManifestWindows.concat(
                  stored,
                  ManifestWindows.read(
                      q.calibration(),
                      q.checkSplit(),
                      q.checkWindows(),
                      fp32.metadata(),
                      q.seed() + 7,
                      spoof));
          checkSpoof = spoof[0];
        }
      } catch (IOException e) {
        throw new ExportException(ExportException.Reason.CHECKPOINT, e.getMessage(), e);
      }
    }
    if (calib.count() == 0 || check.count() == 0) {
      throw new ExportException(
          ExportException.Reason.CHECKPOINT,
          fp32.name()
              + ": int8 needs windows to calibrate on and check with: give --calibration"
              + " MANIFEST (the source stores no validation windows)",
          null);
    }
    Int8Quantizer.Plan plan = Int8Quantizer.plan(source);
    Calibrator.Stats stats = Calibrator.collect(plan.graph(), plan.tensors(), calib, q.seed());
    GraphProto graph =
        tamper.apply(Int8Quantizer.quantize(plan, stats.ranges(q.quantile()), q.weightMax()));
    String sha = Exporter.sha(graph);

    Map<String, String> meta = new LinkedHashMap<>(fp32.metadata().raw());
    meta.put(ModelContract.KEY_WEIGHTS_SHA256, JSON.getNodeFactory().textNode(sha).toString());
    meta.put(
        ModelContract.KEY_QUANTIZATION,
        quantization(
                fp32, plan, q, calib.count(), stored.count(), calibSpoof, check.count(), checkSpoof)
            .toString());
    meta.put(ModelContract.KEY_PROVENANCE, provenance(fp32).toString());
    meta.put(ModelContract.KEY_PARITY, "{\"status\":\"pending\"}");
    ModelFile int8;
    AccuracyReport acc;
    try {
      int8 = ModelFile.of(Exporter.model(graph, meta).toByteArray(), name);
      acc = AccuracyCheck.run(fp32, int8, check, stored.count(), q.maxMeanAbs(), q.maxFlipShare());
      if (!acc.passes()) {
        throw new ExportException(
            ExportException.Reason.PARITY,
            String.format(
                Locale.ROOT,
                "int8 accuracy check failed: mean |Δ score| %.4f (bound %.4f), max %.4f, %d of %d"
                    + " labels flipped = %.2f%% (bound %.2f%%) against %s; no model file written",
                acc.meanAbsScore(),
                acc.maxMeanAbs(),
                acc.maxAbsScore(),
                acc.flips(),
                acc.windows(),
                100 * acc.flipShare(),
                100 * acc.maxFlipShare(),
                fp32.name()),
            null);
      }
      int8 = int8.withMetadata(Map.of(ModelContract.KEY_PARITY, acc.toJson().toString()));
    } catch (ModelException e) {
      throw new ExportException(
          ExportException.Reason.OUTPUT, "int8 graph refused by the runtime: " + e.getMessage(), e);
    }
    return new Result(int8, acc, plan, calib.count());
  }

  private static ObjectNode quantization(
      ModelFile fp32,
      Int8Quantizer.Plan plan,
      QuantizeOptions q,
      int calibWindows,
      int storedWindows,
      int calibSpoof,
      int checkWindows,
      int checkSpoof) {
    ObjectNode o = JSON.createObjectNode();
    o.put("scheme", "int8_qdq");
    o.put(
        "weights",
        String.format(Locale.ROOT, "int8 symmetric per output channel, |q| <= %d", q.weightMax()));
    o.put("activations", "uint8 asymmetric per tensor");
    o.put("source_model_id", fp32.modelId());
    o.put("source_weights_sha256", fp32.weightsSha256());
    o.put("source_file_bytes", fp32.size());
    ObjectNode c = o.putObject("calibration");
    c.put("method", q.method());
    if (q.method().equals("percentile")) {
      c.put("percentile", q.percentile());
    }
    c.put("windows", calibWindows);
    c.put("stored_windows", storedWindows);
    if (q.calibration() != null) {
      c.put("manifest", q.calibration().getFileName().toString());
      c.put("split", q.calibrationSplit());
      c.put("manifest_windows", calibWindows - storedWindows);
      c.put("manifest_spoof_windows", calibSpoof);
      c.put("check_split", q.checkSplit());
      c.put("check_manifest_windows", checkWindows - storedWindows);
      c.put("check_manifest_spoof_windows", checkSpoof);
    }
    c.put("seed", q.seed());
    ObjectNode quantized = o.putObject("int8_nodes");
    plan.quantizedNodes().forEach(quantized::put);
    o.put("folded_batchnorms", plan.folded());
    ObjectNode kept = o.putObject("fp32_nodes");
    plan.fp32Nodes().forEach(kept::put);
    return o;
  }

  private static JsonNode provenance(ModelFile fp32) throws ExportException {
    ObjectNode p;
    try {
      p = (ObjectNode) JSON.readTree(fp32.metadata().raw().get(ModelContract.KEY_PROVENANCE));
    } catch (IOException | ClassCastException e) {
      throw new ExportException(
          ExportException.Reason.CHECKPOINT, fp32.name() + ": unreadable vigil.provenance", e);
    }
    ObjectNode qz = p.putObject("quantize");
    qz.put("tool", "vigil-export " + Exporter.version());
    qz.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    qz.put("from", fp32.modelId());
    return p;
  }
}
