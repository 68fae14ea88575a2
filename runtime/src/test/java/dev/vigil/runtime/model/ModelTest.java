package dev.vigil.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import dev.vigil.runtime.features.FeatureSpec;
import dev.vigil.runtime.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ModelTest {

  @ParameterizedTest
  @EnumSource(TestModels.Variant.class)
  void loadsEveryVariantAndReportsItsIdentity(TestModels.Variant v, @TempDir Path dir)
      throws Exception {
    Path file = TestModels.write(dir, v);
    String sha = OnnxFile.parse(Files.readAllBytes(file)).weightsSha256();
    try (Model m = Model.load(file, ModelOptions.cpu(4))) {
      ModelInfo info = m.info();
      assertEquals("sha256:" + sha.substring(0, 12), info.id());
      assertEquals("0.0.1-test", info.version());
      assertEquals(file.toString(), info.source());
      assertEquals("cpu", info.executionProvider());
      assertNull(info.fallbackReason());
      assertEquals(TestModels.spec(v).experts().size(), m.metadata().experts().size());
      assertEquals(0.5, m.metadata().thresholds().defaultThreshold());
      assertEquals(v == TestModels.Variant.CLASSIC_WAVEFORM, m.metadata().needsWaveform());
    }
  }

  @ParameterizedTest
  @EnumSource(TestModels.Variant.class)
  void batchOutputsEqualThePlainJavaReference(TestModels.Variant v) throws Exception {
    TestModels.Spec spec = TestModels.spec(v);
    SplittableRandom rnd = new SplittableRandom(7);
    try (Model m = Model.load(TestModels.bytes(v), "test", ModelOptions.cpu(5))) {
      Batch batch = m.newBatch();
      List<float[][]> feats = new ArrayList<>();
      List<float[]> windows = new ArrayList<>();
      for (int s = 0; s < 5; s++) {
        float[][] f = new float[spec.features().size()][];
        for (int i = 0; i < f.length; i++) {
          FeatureSpec fs = spec.features().get(i);
          f[i] = new float[fs.bins() * fs.frames()];
          double scale = 0.5 + s; // different statistics per segment
          for (int k = 0; k < f[i].length; k++) {
            f[i][k] = (float) (scale * (rnd.nextDouble() * 2 - 1) + 0.1 * s);
          }
        }
        float[] w = new float[48000];
        for (int k = 0; k < w.length; k++) {
          w[k] = (float) (0.05 * (s + 1) * (rnd.nextDouble() * 2 - 1));
        }
        feats.add(f);
        windows.add(w);
        assertEquals(s, batch.add(f, w, 0));
      }
      assertTrue(batch.isFull());
      m.run(batch);
      assertTrue(batch.lastRunNanos() > 0);
      double minScore = 1;
      double maxScore = 0;
      for (int s = 0; s < 5; s++) {
        TestModels.Outputs ref = spec.reference(feats.get(s), windows.get(s), 0);
        assertEquals(ref.score(), batch.score(s), 2e-5, "score " + s);
        double sum = 0;
        for (int e = 0; e < ref.expertScores().length; e++) {
          assertEquals(ref.expertScores()[e], batch.expertScore(s, e), 2e-5, "expert " + e);
          assertEquals(ref.gateWeights()[e], batch.gateWeight(s, e), 2e-5, "gate " + e);
          sum += batch.gateWeight(s, e);
        }
        assertEquals(1.0, sum, 1e-5);
        minScore = Math.min(minScore, ref.score());
        maxScore = Math.max(maxScore, ref.score());
      }
      assertTrue(maxScore - minScore > 0.01, "scores must depend on the input");
      // a second, smaller run reuses the same buffers
      batch.clear();
      batch.add(feats.get(3), windows.get(3), 0);
      m.run(batch);
      assertEquals(spec.reference(feats.get(3), windows.get(3), 0).score(), batch.score(0), 2e-5);
      assertThrows(IndexOutOfBoundsException.class, () -> batch.score(1));
      // removing rows before a run: the last row moves into the hole, features and waveform alike
      batch.clear();
      for (int s = 0; s < 5; s++) {
        batch.add(feats.get(s), windows.get(s), 0);
      }
      batch.removeSwappingLast(1); // rows 0 4 2 3
      batch.removeSwappingLast(0); // rows 3 4 2
      batch.removeSwappingLast(2); // rows 3 4
      assertEquals(2, batch.size());
      m.run(batch);
      int[] rows = {3, 4};
      for (int i = 0; i < rows.length; i++) {
        TestModels.Outputs ref = spec.reference(feats.get(rows[i]), windows.get(rows[i]), 0);
        assertEquals(ref.score(), batch.score(i), 2e-5, "row " + i + " after removals");
      }
      assertThrows(IndexOutOfBoundsException.class, () -> batch.removeSwappingLast(2));
    }
  }

  @Test
  void batchRefusesMoreThanItsCapacityAndRunsAfterCloseFail() throws Exception {
    Model m =
        Model.load(TestModels.bytes(TestModels.Variant.SINGLE_LOGMEL), "t", ModelOptions.cpu(1));
    Batch b = m.newBatch();
    float[][] f = {new float[80 * 301]};
    b.add(f, null, 0);
    assertThrows(IllegalStateException.class, () -> b.add(f, null, 0));
    m.close();
    m.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.run(b));
    assertEquals("model t is closed", e.getMessage());
    assertThrows(IllegalStateException.class, m::newBatch);
  }

  /**
   * {@code auto}: with the CPU build of ONNX Runtime (no CUDA provider) the model runs on CPU and
   * nothing is logged; with the CUDA build on a machine without CUDA, one line says why it fell
   * back.
   */
  @Test
  void autoRunsOnCpuAndLogsOnlyARealFallback() throws Exception {
    Logger jul = Logger.getLogger("dev.vigil.runtime.model");
    List<LogRecord> records = new ArrayList<>();
    Handler h =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            records.add(r);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    jul.addHandler(h);
    boolean cudaBuild = OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
    try (Model m =
        Model.load(
            TestModels.bytes(TestModels.Variant.SINGLE_LOGMEL),
            "fallback-test",
            new ModelOptions("auto", 1, 2))) {
      assertEquals("cpu", m.info().executionProvider());
      List<String> lines =
          records.stream().map(LogRecord::getMessage).filter(s -> s.contains("CUDA")).toList();
      if (!cudaBuild) {
        assertEquals(List.of(), lines, "the CPU build has nothing to fall back from");
        assertNull(m.info().fallbackReason());
        return;
      }
      assertNotNull(m.info().fallbackReason());
      assertEquals(1, lines.size(), lines.toString());
      String line = lines.get(0);
      assertTrue(line.startsWith("CUDA not available ("), line);
      assertTrue(line.endsWith("); running fallback-test on CPU"), line);
      assertTrue(line.contains(m.info().fallbackReason()), line);
    } finally {
      jul.removeHandler(h);
    }
  }

  @Test
  void forcedCudaFailsWithTheCause() {
    for (String device : List.of("cuda", "cuda:1")) {
      ModelException e =
          assertThrows(
              ModelException.class,
              () ->
                  Model.load(
                      TestModels.bytes(TestModels.Variant.SINGLE_LOGMEL),
                      "m.onnx",
                      new ModelOptions(device, 0, 2)));
      assertEquals(ModelException.Check.EXECUTION_PROVIDER, e.check());
      assertTrue(
          e.getMessage()
              .startsWith("m.onnx: device " + device + " requested but CUDA cannot be used: "),
          e.getMessage());
      assertTrue(e.getMessage().endsWith("(use --device auto or cpu)"), e.getMessage());
      assertTrue(!e.getMessage().contains("\n"));
    }
  }

  @Test
  void unknownDeviceNamesTheValidOnes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ModelOptions("gpu", 0, 1));
    assertEquals(
        "unknown device 'gpu' (valid: auto, cpu, cuda, cuda:N with N >= 0)", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ModelOptions("cuda:-1", 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new ModelOptions("cuda:x", 0, 1));
    assertEquals("cuda:3", new ModelOptions(" CUDA:3 ", 0, 1).device());
  }

  @Test
  void missingDefaultModelSaysToPassAFile() {
    ModelException e =
        assertThrows(ModelException.class, () -> Model.loadDefault(ModelOptions.cpu(1)));
    assertEquals(ModelException.Check.NO_DEFAULT_MODEL, e.check());
    assertEquals(
        "no bundled default model on the class path (/dev/vigil/model/default.onnx): pass a model"
            + " file (--model FILE, or DetectorOptions.modelPath)",
        e.getMessage());
  }

  @Test
  void missingFileIsAOneLineError(@TempDir Path dir) {
    Path p = dir.resolve("nope.onnx");
    ModelException e = assertThrows(ModelException.class, () -> Model.load(p, ModelOptions.cpu(1)));
    assertEquals(ModelException.Check.UNREADABLE, e.check());
    assertEquals(p + ": model file not found", e.getMessage());
  }
}
