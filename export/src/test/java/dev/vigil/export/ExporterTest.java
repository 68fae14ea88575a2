package dev.vigil.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import dev.vigil.runtime.features.FeatureSpec;
import dev.vigil.runtime.model.Model;
import dev.vigil.runtime.model.ModelContract;
import dev.vigil.runtime.model.ModelOptions;
import dev.vigil.runtime.model.OnnxFile;
import dev.vigil.trainer.arch.Calibration;
import dev.vigil.trainer.arch.ExpertSpec;
import dev.vigil.trainer.arch.GateSpec;
import dev.vigil.trainer.arch.MixtureSpec;
import dev.vigil.trainer.checkpoint.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExporterTest {
  private static final ExportOptions OPTIONS = new ExportOptions(4, 4, 1e-4, 99);
  private static NDManager manager;

  @BeforeAll
  static void engine() {
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  private static ExportResult trainAndExport(Path dir, MixtureSpec spec) throws Exception {
    Path ckpt = dir.resolve("ckpt");
    TestCheckpoints.trainAndSave(ckpt, spec, 2, 4, manager);
    Path out = dir.resolve("out/model.onnx");
    ExportResult r = Exporter.export(ckpt, out, OPTIONS);
    assertTrue(Files.isRegularFile(out));
    try (var files = Files.list(out.getParent())) {
      assertEquals(List.of(out), files.toList()); // no temporary file left beside it
    }
    assertTrue(r.parity().maxAbsScore() <= 1e-4, "score " + r.parity().maxAbsScore());
    assertTrue(r.parity().maxAbsExpertScores() <= 1e-4, "experts " + r.parity());
    assertTrue(r.parity().maxAbsGateWeights() <= 1e-4, "gate " + r.parity());
    assertEquals(4, r.parity().segments());
    assertEquals(4, r.parity().randomInputs());
    checkFile(out, spec, r);
    System.out.printf(
        "EXPORT %s/%s: %,d bytes, %d ms, parity score %.2e experts %.2e gate %.2e,"
            + " ORT %.1f ms DJL %.1f ms per batch of 4%n",
        spec.experts().stream().map(ExpertSpec::name).toList(),
        spec.gate().type(),
        r.bytes(),
        r.exportMillis(),
        r.parity().maxAbsScore(),
        r.parity().maxAbsExpertScores(),
        r.parity().maxAbsGateWeights(),
        r.parity().ortMillisPerBatch(),
        r.parity().djlMillisPerBatch());
    return r;
  }

  /** Opset 17 / IR 8, dynamic batch, contract inputs, hash, runtime load, parity metadata. */
  private static void checkFile(Path out, MixtureSpec spec, ExportResult r) throws Exception {
    byte[] bytes = Files.readAllBytes(out);
    ModelProto m = ModelProto.parseFrom(bytes);
    assertEquals(8, m.getIrVersion());
    assertEquals(1, m.getOpsetImportCount());
    assertEquals(17, m.getOpsetImport(0).getVersion());
    assertEquals(
        spec.inputNames(), m.getGraph().getInputList().stream().map(v -> v.getName()).toList());
    assertEquals(
        "N", m.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam());
    assertEquals(
        List.of("score", "expert_scores", "gate_weights"),
        m.getGraph().getOutputList().stream().map(v -> v.getName()).toList());
    assertEquals(r.weightsSha256(), OnnxFile.weightsSha256(bytes));
    // an oracle apart from the wire reader: SHA-256 over each initializer's protobuf bytes
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    for (TensorProto t : m.getGraph().getInitializerList()) {
      md.update(t.toByteArray());
    }
    assertEquals(HexFormat.of().formatHex(md.digest()), r.weightsSha256());
    try (Model model = Model.load(out, ModelOptions.cpu(2))) {
      assertEquals(spec.experts().size(), model.metadata().experts().size());
      assertEquals(spec.gate().type(), model.metadata().gate().type());
      assertTrue(model.metadata().parityJson().contains("\"max_abs_score\""));
      assertEquals("0.0.1", model.metadata().modelVersion());
    }
    Set<String> ops = new HashSet<>();
    for (NodeProto n : m.getGraph().getNodeList()) {
      ops.add(n.getOpType());
    }
    assertFalse(ops.contains("Dropout"), ops.toString());
  }

  @Test
  void lcnnAloneExportsAsACompleteSingleGateModel(@TempDir Path dir) throws Exception {
    ExportResult r =
        trainAndExport(
            dir, MixtureSpec.single(ExpertSpec.lcnn("lcnn_logmel", FeatureSpec.logmel())));
    assertTrue(r.metadata().raw().get(ModelContract.KEY_EXPERTS).contains("\"parameters\":682690"));
    assertTrue(r.metadata().raw().get(ModelContract.KEY_GATE).contains("\"type\":\"single\""));
  }

  @Test
  void resnet18AtTwoWidthsExportsWithParity(@TempDir Path dir) throws Exception {
    trainAndExport(
        dir.resolve("w4"),
        MixtureSpec.single(ExpertSpec.resnet18("resnet_loglinear", FeatureSpec.loglinear(), 4)));
    trainAndExport(
        dir.resolve("w8"),
        MixtureSpec.single(ExpertSpec.resnet18("resnet_logmel", FeatureSpec.logmel(), 8)));
  }

  @Test
  void classicGateWithCalibrationExportsWithTheWaveformInput(@TempDir Path dir) throws Exception {
    MixtureSpec spec =
        new MixtureSpec(
            List.of(
                ExpertSpec.lcnn("lcnn_logmel", FeatureSpec.logmel()),
                ExpertSpec.resnet18("resnet_loglinear", FeatureSpec.loglinear(), 4)),
            GateSpec.of("classic"),
            new Calibration("platt", 0.8, -0.3));
    trainAndExport(dir, spec);
  }

  @Test
  void mlpGateExportsWithParity(@TempDir Path dir) throws Exception {
    MixtureSpec spec =
        new MixtureSpec(
            List.of(
                ExpertSpec.resnet18("resnet_logmel", FeatureSpec.logmel(), 4),
                ExpertSpec.resnet18("resnet_loglinear", FeatureSpec.loglinear(), 4),
                ExpertSpec.resnet18("resnet_logmel_b", FeatureSpec.logmel(), 4)),
            GateSpec.of("mlp"),
            Calibration.none());
    trainAndExport(dir, spec);
  }

  @Test
  void attentionGateWithCalibrationExportsWithParity(@TempDir Path dir) throws Exception {
    MixtureSpec spec =
        new MixtureSpec(
            List.of(
                ExpertSpec.resnet18("resnet_logmel", FeatureSpec.logmel(), 4),
                ExpertSpec.resnet18("resnet_loglinear", FeatureSpec.loglinear(), 4)),
            GateSpec.of("attention"),
            new Calibration("temperature", 0.6, 0));
    trainAndExport(dir, spec);
  }

  @Test
  void aCorruptedWeightFailsParityAndLeavesNoFile(@TempDir Path dir) throws Exception {
    MixtureSpec spec =
        MixtureSpec.single(ExpertSpec.resnet18("resnet_logmel", FeatureSpec.logmel(), 4));
    Path ckptDir = dir.resolve("ckpt");
    TestCheckpoints.trainAndSave(ckptDir, spec, 1, 2, manager);
    Checkpoint ckpt = Checkpoint.load(ckptDir, manager);
    Path out = dir.resolve("model.onnx");
    // the head's bias: shifts the logits, hence every score
    ExportException e =
        assertThrows(
            ExportException.class,
            () -> Exporter.export(ckpt, out, OPTIONS, manager, ExporterTest::corruptLastBias));
    assertEquals(ExportException.Reason.PARITY, e.reason());
    assertTrue(e.getMessage().startsWith("parity failed: max |Δ score|"), e.getMessage());
    try (var files = Files.list(dir)) {
      assertEquals(List.of(dir.resolve("ckpt")), files.toList()); // nothing written
    }
  }

  @Test
  void anExportWithNothingToCompareIsRefused(@TempDir Path dir) throws Exception {
    MixtureSpec spec =
        MixtureSpec.single(ExpertSpec.resnet18("resnet_logmel", FeatureSpec.logmel(), 4));
    TestCheckpoints.trainAndSave(dir.resolve("ckpt"), spec, 0, 0, manager);
    Path out = dir.resolve("model.onnx");
    ExportException e =
        assertThrows(
            ExportException.class,
            () -> Exporter.export(dir.resolve("ckpt"), out, new ExportOptions(0, 4, 1e-4, 1)));
    assertTrue(e.getMessage().startsWith("parity needs at least one input"), e.getMessage());
    assertFalse(Files.exists(out));
  }

  private static GraphProto corruptLastBias(GraphProto g) {
    int last = -1;
    for (int i = 0; i < g.getInitializerCount(); i++) {
      if (g.getInitializer(i).getName().startsWith("linear_b")) {
        last = i;
      }
    }
    TensorProto t = g.getInitializer(last);
    byte[] raw = t.getRawData().toByteArray();
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.putFloat(4, b.getFloat(4) + 1.0f); // spoof logit + 1
    return g.toBuilder()
        .setInitializer(last, t.toBuilder().setRawData(ByteString.copyFrom(raw)))
        .build();
  }
}
