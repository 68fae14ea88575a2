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
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.runtime.Detector;
import dev.vigil.runtime.DetectorOptions;
import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.features.FeatureSpec;
import dev.vigil.runtime.model.Model;
import dev.vigil.runtime.model.ModelContract;
import dev.vigil.runtime.model.ModelFile;
import dev.vigil.runtime.model.ModelOptions;
import dev.vigil.runtime.verdict.SegmentVerdict;
import dev.vigil.trainer.arch.Calibration;
import dev.vigil.trainer.arch.ExpertSpec;
import dev.vigil.trainer.arch.GateSpec;
import dev.vigil.trainer.arch.MixtureSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --quantize int8} on the small test models: every architecture and gate type exports, the
 * file is int8 (weights stored as INT8, QDQ nodes, ONNX Runtime runs QLinearConv), its metadata
 * names the fp32 source, a corrupted scale fails the accuracy check, and the runtime scores audio
 * with it within the documented bound of the fp32 model.
 */
class Int8ExportTest {
  private static final ExportOptions OPTIONS = new ExportOptions(2, 4, 1e-4, 99);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static NDManager manager;

  @BeforeAll
  static void engine() {
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  /** Stored windows only (no manifest), the default bounds. */
  private static QuantizeOptions storedOnly() {
    return QuantizeOptions.defaults(null);
  }

  private static Int8ExportResult quantize(Path dir, MixtureSpec spec) throws Exception {
    Path ckpt = dir.resolve("ckpt");
    TestCheckpoints.trainAndSave(ckpt, spec, 2, 8, manager);
    Path out = dir.resolve("out/model-int8.onnx");
    Int8ExportResult r = Exporter.exportInt8(ckpt, out, OPTIONS, storedOnly());
    assertTrue(Files.isRegularFile(out));
    checkInt8(out, r);
    System.out.printf(
        "INT8 %s/%s: %,d bytes (fp32 %,d), int8 nodes %s, mean |Δ| %.2e max %.2e flips %d/%d%n",
        spec.experts().stream().map(ExpertSpec::name).toList(),
        spec.gate().type(),
        r.bytes(),
        r.sourceBytes(),
        r.quantizedNodes(),
        r.accuracy().meanAbsScore(),
        r.accuracy().maxAbsScore(),
        r.accuracy().flips(),
        r.accuracy().windows());
    return r;
  }

  /** INT8 weights and QDQ nodes in the file; metadata; ONNX Runtime fuses the convolutions. */
  private static void checkInt8(Path out, Int8ExportResult r) throws Exception {
    byte[] bytes = Files.readAllBytes(out);
    GraphProto g = ModelProto.parseFrom(bytes).getGraph();
    long int8 =
        g.getInitializerList().stream()
            .filter(t -> t.getDataType() == TensorProto.DataType.INT8_VALUE)
            .count();
    long convs = g.getNodeList().stream().filter(n -> n.getOpType().equals("Conv")).count();
    assertTrue(int8 >= convs && convs > 0, int8 + " int8 initializers for " + convs + " Convs");
    assertTrue(g.getNodeList().stream().anyMatch(n -> n.getOpType().equals("QuantizeLinear")));
    for (NodeProto n : g.getNodeList()) {
      if (n.getOpType().equals("Conv")) {
        assertTrue(n.getInput(1).endsWith("_dq"), "Conv weight not dequantized: " + n.getName());
      }
    }
    // the score, the gate's softmax and the calibration stay fp32
    assertTrue(g.getNodeList().stream().anyMatch(n -> n.getOpType().equals("Softmax")));
    assertTrue(r.bytes() < r.sourceBytes(), r.bytes() + " of " + r.sourceBytes());

    ModelFile f = ModelFile.read(out);
    JsonNode q = JSON.readTree(f.metadata().raw().get(ModelContract.KEY_QUANTIZATION));
    assertEquals("int8_qdq", q.get("scheme").asText());
    assertEquals(r.sourceModelId(), q.get("source_model_id").asText());
    assertEquals("minmax", q.get("calibration").get("method").asText());
    assertTrue(q.get("fp32_nodes").has("Softmax") || q.get("fp32_nodes").has("ConstantOfShape"));
    JsonNode parity = JSON.readTree(f.metadata().parityJson());
    assertEquals("int8_vs_fp32", parity.get("kind").asText());
    assertEquals(r.accuracy().meanAbsScore(), parity.get("mean_abs_score").asDouble(), 1e-12);
    assertTrue(f.describeText().contains("int8 from " + r.sourceModelId()), f.describeText());
    for (String key : ModelContract.KEYS) {
      assertTrue(f.metadata().raw().containsKey(key), key);
    }
    assertTrue(r.accuracy().passes());

    Map<String, Integer> ops =
        KernelReport.optimizedOps(bytes, out.resolveSibling("optimized.onnx"));
    assertEquals(
        (int) convs,
        ops.getOrDefault("com.microsoft:QLinearConv", 0) + ops.getOrDefault("QLinearConv", 0),
        ops.toString());
    assertFalse(
        ops.keySet().stream().anyMatch(op -> op.equals("Conv") || op.endsWith(":Conv")),
        "a float Conv is left: " + ops);
  }

  @Test
  void lcnnSingle(@TempDir Path dir) throws Exception {
    Int8ExportResult r =
        quantize(dir, MixtureSpec.single(ExpertSpec.lcnn("lcnn_logmel", FeatureSpec.logmel())));
    // every MFM after a Conv runs on uint8 values
    assertEquals(9, r.quantizedNodes().get("Conv"));
    assertEquals(9, r.quantizedNodes().get("Max"));
    // the weights are most of an LCNN: the file is within the 35 % (tiny ResNets are not:
    // per-channel scales and the graph weigh more there)
    assertTrue(r.bytes() <= 0.35 * r.sourceBytes(), r.bytes() + " of " + r.sourceBytes());
  }

  @Test
  void resnetSingle(@TempDir Path dir) throws Exception {
    Int8ExportResult r =
        quantize(
            dir,
            MixtureSpec.single(
                ExpertSpec.resnet18("resnet_loglinear", FeatureSpec.loglinear(), 4)));
    assertTrue(r.foldedBatchNorms() > 0);
    assertTrue(r.quantizedNodes().get("Add") > 0, r.quantizedNodes().toString());
  }

  @Test
  void mlpGate(@TempDir Path dir) throws Exception {
    quantize(
        dir,
        new MixtureSpec(
            List.of(
                ExpertSpec.resnet18("resnet_logmel", FeatureSpec.logmel(), 4),
                ExpertSpec.resnet18("resnet_loglinear", FeatureSpec.loglinear(), 4)),
            GateSpec.of("mlp"),
            Calibration.none()));
  }

  @Test
  void attentionGateWithCalibration(@TempDir Path dir) throws Exception {
    quantize(
        dir,
        new MixtureSpec(
            List.of(
                ExpertSpec.resnet18("resnet_logmel", FeatureSpec.logmel(), 4),
                ExpertSpec.resnet18("resnet_loglinear", FeatureSpec.loglinear(), 4)),
            GateSpec.of("attention"),
            new Calibration("temperature", 0.6, 0)));
  }

  @Test
  void corruptedScaleFailsTheAccuracyCheck(@TempDir Path dir) throws Exception {
    MixtureSpec spec =
        MixtureSpec.single(ExpertSpec.resnet18("resnet_logmel", FeatureSpec.logmel(), 4));
    Path ckpt = dir.resolve("ckpt");
    TestCheckpoints.trainAndSave(ckpt, spec, 2, 8, manager);
    Path clean = dir.resolve("clean-int8.onnx");
    Int8ExportResult r = Exporter.exportInt8(ckpt, clean, OPTIONS, storedOnly());
    // a bound this model meets with margin (a test model's scores barely move around 0.5)
    double bound = 5 * r.accuracy().meanAbsScore() + 1e-4;
    QuantizeOptions tight =
        new QuantizeOptions("minmax", 0.9999, 7, null, "train", 0, "dev", 0, bound, 0.02, 1234);
    Path out = dir.resolve("model-int8.onnx");
    ExportException e =
        assertThrows(
            ExportException.class,
            () -> Exporter.exportInt8(ckpt, out, OPTIONS, tight, Int8ExportTest::corruptScale));
    assertEquals(ExportException.Reason.PARITY, e.reason());
    assertTrue(
        e.getMessage().startsWith("int8 accuracy check failed: mean |Δ score|"), e.getMessage());
    assertFalse(Files.exists(out));
    // the same export without the corruption passes that bound
    Exporter.exportInt8(ckpt, out, OPTIONS, tight);
    assertTrue(Files.isRegularFile(out));
  }

  /** The per-channel weight scale of the first convolution, times 1000. */
  private static GraphProto corruptScale(GraphProto g) {
    GraphProto.Builder b = g.toBuilder();
    for (int i = 0; i < b.getInitializerCount(); i++) {
      TensorProto t = b.getInitializer(i);
      if (t.getName().endsWith("_q_scale") && t.getDimsCount() == 1) {
        float[] s = Int8Quantizer.floats(t);
        for (int c = 0; c < s.length; c++) {
          s[c] *= 1000;
        }
        b.setInitializer(i, Int8Quantizer.floatTensor(t.getName(), s, t.getDimsList()));
        return b.build();
      }
    }
    throw new AssertionError("no weight scale in the graph");
  }

  @Test
  void fromAnFp32FileWithAManifestAndScoredByTheRuntime(@TempDir Path dir) throws Exception {
    MixtureSpec spec =
        new MixtureSpec(
            List.of(
                ExpertSpec.lcnn("lcnn_logmel", FeatureSpec.logmel()),
                ExpertSpec.resnet18("resnet_loglinear", FeatureSpec.loglinear(), 4)),
            GateSpec.of("classic"),
            Calibration.none());
    Path ckpt = dir.resolve("ckpt");
    TestCheckpoints.trainAndSave(ckpt, spec, 2, 2, manager);
    Path fp32 = dir.resolve("model.onnx");
    Exporter.export(ckpt, fp32, OPTIONS);

    // an fp32 file stores no windows: without a manifest there is nothing to calibrate on
    ExportException none =
        assertThrows(
            ExportException.class,
            () -> Exporter.exportInt8(fp32, dir.resolve("x.onnx"), OPTIONS, storedOnly()));
    assertTrue(none.getMessage().contains("give --calibration MANIFEST"), none.getMessage());

    Path audio = Files.createDirectories(dir.resolve("corpus/audio"));
    List<String> rows = new ArrayList<>(List.of("path,label,split"));
    for (int i = 0; i < 6; i++) {
      Path wav = audio.resolve("clip" + i + ".wav");
      Files.write(
          wav, RuntimeAgreementTest.wav16(16000, RuntimeAgreementTest.signal(2 + i, 16000, i)));
      rows.add(
          "audio/clip"
              + i
              + ".wav,"
              + (i % 2 == 0 ? "bonafide" : "spoof")
              + ","
              + (i < 4 ? "train" : "dev"));
    }
    Path manifest = dir.resolve("corpus/manifest.csv");
    Files.write(manifest, rows);
    Path int8 = dir.resolve("model-int8.onnx");
    QuantizeOptions q =
        new QuantizeOptions("minmax", 0.9999, 7, manifest, "train", 10, "dev", 10, 0.02, 1.0, 3);
    Int8ExportResult r = Exporter.exportInt8(fp32, int8, OPTIONS, q);
    assertEquals(4, r.calibrationWindows()); // 4 train clips, no stored windows
    assertEquals(2, r.accuracy().windows());
    JsonNode calib =
        JSON.readTree(r.metadata().raw().get(ModelContract.KEY_QUANTIZATION)).get("calibration");
    assertEquals(4, calib.get("manifest_windows").asInt());
    assertEquals("train", calib.get("split").asText());
    assertEquals(ModelFile.read(fp32).modelId(), r.sourceModelId());

    // the runtime scores audio with the int8 file like any model, within the bound of fp32
    byte[] wav = RuntimeAgreementTest.wav16(16000, RuntimeAgreementTest.signal(5.3, 16000, 42));
    List<SegmentVerdict> a = segments(fp32, wav);
    List<SegmentVerdict> b = segments(int8, wav);
    assertEquals(a.size(), b.size());
    double sum = 0;
    for (int i = 0; i < a.size(); i++) {
      sum += Math.abs(a.get(i).score() - b.get(i).score());
    }
    double mean = sum / a.size();
    System.out.printf("INT8 runtime on audio: %d segments, mean |Δ score| %.2e%n", a.size(), mean);
    assertTrue(mean <= QuantizeOptions.MAX_MEAN_ABS, "mean |Δ score| " + mean);
  }

  private static List<SegmentVerdict> segments(Path model, byte[] wav) throws Exception {
    try (Model m = Model.load(model, ModelOptions.cpu(4));
        Detector d = Detector.create(m, DetectorOptions.defaults())) {
      return d.detect(AudioSource.of(wav, "speech.wav")).get(0).segments();
    }
  }
}
