package dev.vigil.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.runtime.DetectorOptions;
import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.features.SegmentFeatures;
import dev.vigil.runtime.model.Batch;
import dev.vigil.runtime.model.Model;
import dev.vigil.runtime.model.ModelOptions;
import dev.vigil.runtime.testing.TestAudio;
import dev.vigil.runtime.testing.TestModels;
import dev.vigil.runtime.verdict.FileVerdict;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints the throughput of the batch API and of the engine on a {@link TestModels} model (the
 * numbers quoted in reports come from here): {@code ./mvnw -q -B -o -pl runtime test
 * -Dtest=ThroughputTest}. Asserts only that the work was done.
 */
class ThroughputTest {

  @Test
  void batchApi() throws Exception {
    int batchSize = 32;
    try (Model m =
        Model.load(
            TestModels.bytes(TestModels.Variant.TWO_EXPERTS_MLP),
            "two-experts",
            new ModelOptions("cpu", 2, batchSize))) {
      SegmentFeatures features = new SegmentFeatures(m.metadata().features());
      float[][] buf = features.newBuffers();
      float[] x = TestAudio.noise(3.0, 16000, 0.2, 1);
      features.compute(x, 0, buf);
      Batch batch = m.newBatch();
      while (!batch.isFull()) {
        batch.add(buf, x, 0);
      }
      for (int i = 0; i < 5; i++) {
        m.run(batch); // warm-up
      }
      int runs = 40;
      long t0 = System.nanoTime();
      for (int i = 0; i < runs; i++) {
        m.run(batch);
      }
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "batch API (TWO_EXPERTS_MLP, batch %d, 2 intra-op threads): %.2f ms per run, %.0f"
              + " segments/s%n",
          batchSize,
          s * 1000 / runs,
          runs * batchSize / s);
      assertEquals(batch.score(0), batch.score(batchSize - 1));
    }
  }

  @Test
  void engineEndToEnd(@TempDir Path dir) throws Exception {
    Path model = TestModels.write(dir, TestModels.Variant.TWO_EXPERTS_MLP);
    int files = 24;
    double seconds = 10;
    List<byte[]> inputs = new ArrayList<>();
    for (int i = 0; i < files; i++) {
      float[] x =
          TestAudio.concat(
              TestAudio.tone(200 + 10 * i, seconds / 2, 16000, 0.2),
              TestAudio.noise(seconds / 2, 16000, 0.1, i));
      inputs.add(TestAudio.wav16(16000, x));
    }
    try (DetectionEngine engine =
        DetectionEngine.open(
            DetectorOptions.defaults()
                .withModelPath(model)
                .withDevice("cpu")
                .withIntraOpThreads(1)
                .withMaxBatch(32),
            EngineOptions.defaults().withWorkers(1).withMaxWait(Duration.ofMillis(5)))) {
      // warm-up
      engine.submit(AudioSource.of(inputs.get(0), "warm")).get(60, TimeUnit.SECONDS);
      long segmentsBefore = engine.segmentsScored();
      long batchesBefore = engine.batches();
      long t0 = System.nanoTime();
      List<CompletableFuture<List<FileVerdict>>> fs = new ArrayList<>();
      for (int i = 0; i < files; i++) {
        fs.add(engine.submit(AudioSource.of(inputs.get(i), "f" + i)));
      }
      for (CompletableFuture<List<FileVerdict>> f : fs) {
        f.get(120, TimeUnit.SECONDS);
      }
      double s = (System.nanoTime() - t0) / 1e9;
      long segments = engine.segmentsScored() - segmentsBefore;
      long batches = engine.batches() - batchesBefore;
      System.out.printf(
          Locale.ROOT,
          "engine (TWO_EXPERTS_MLP, 1 worker, batch <= 32): %d files of %.0f s in %.2f s: %.1f"
              + " files/s, %.0f segments/s, %.0fx real time, mean batch %.1f%n",
          files,
          seconds,
          s,
          files / s,
          segments / s,
          files * seconds / s,
          segments / (double) batches);
      assertTrue(segments > 0);
    }
  }
}
