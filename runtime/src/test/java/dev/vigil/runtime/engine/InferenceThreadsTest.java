package dev.vigil.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.runtime.Detector;
import dev.vigil.runtime.DetectorOptions;
import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.testing.TestAudio;
import dev.vigil.runtime.testing.TestModels;
import dev.vigil.runtime.verdict.FileVerdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several inference threads share one session and give the same verdicts as one. */
class InferenceThreadsTest {
  @TempDir Path dir;

  @Test
  void threeInferenceThreadsScoreEveryInputAsOneByOneScoringDoes() throws Exception {
    Path model = TestModels.write(dir, TestModels.Variant.TWO_EXPERTS_MLP);
    DetectorOptions o =
        DetectorOptions.defaults().withModelPath(model).withDevice("cpu").withIntraOpThreads(1);
    List<byte[]> inputs = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      inputs.add(TestAudio.wav16(16000, TestAudio.speechLike(3 + (i % 5) * 2.5, 16000, 70 + i)));
    }
    try (Detector single = Detector.open(o.withMaxBatch(1));
        DetectionEngine engine =
            DetectionEngine.open(
                o.withMaxBatch(4),
                EngineOptions.defaults().withWorkers(2).withInferenceThreads(3))) {
      List<CompletableFuture<List<FileVerdict>>> fs = new ArrayList<>();
      for (int i = 0; i < inputs.size(); i++) {
        fs.add(engine.submit(AudioSource.of(inputs.get(i), "in" + i)));
      }
      long segments = 0;
      for (int i = 0; i < inputs.size(); i++) {
        FileVerdict got = fs.get(i).get(60, TimeUnit.SECONDS).get(0);
        FileVerdict want = single.detect(AudioSource.of(inputs.get(i), "in" + i)).get(0);
        assertEquals(want.segments().size(), got.segments().size());
        assertEquals(want.score(), got.score(), 1e-6, "in" + i);
        segments += got.segments().size();
      }
      assertEquals(segments, engine.segmentsScored());
    }
  }

  @Test
  void aLoneInputsWindowsRunSideBySideWhenAnotherInferenceThreadIsFree() throws Exception {
    byte[] wav = TestAudio.wav16(16000, TestAudio.speechLike(4, 16000, 3)); // 2 windows
    try (DetectionEngine engine = twoSingleThreadedInferenceThreads()) {
      long t0 = System.nanoTime();
      List<FileVerdict> v = engine.submit(AudioSource.of(wav, "lone")).get(60, TimeUnit.SECONDS);
      assertEquals(2, v.get(0).segments().size());
      // the first window did not wait (20 s) for the second: each ran as soon as it was ready
      assertEquals(1, engine.largestBatch());
      assertEquals(2, engine.batches());
      assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(15));
    }
  }

  @Test
  void loneInputsOneAfterAnotherNeverPutTheirWindowsInOneRunWhileAThreadIsFree() throws Exception {
    byte[] wav = TestAudio.wav16(16000, TestAudio.speechLike(4, 16000, 5)); // 2 windows
    int inputs = 40;
    try (DetectionEngine engine = twoSingleThreadedInferenceThreads()) {
      long t0 = System.nanoTime();
      for (int i = 0; i < inputs; i++) {
        // often both windows are queued before an inference thread wakes: the one that takes the
        // first leaves the second to the other thread instead of running both in one run
        engine.submit(AudioSource.of(wav, "lone" + i)).get(60, TimeUnit.SECONDS);
      }
      assertEquals(1, engine.largestBatch());
      assertEquals(2L * inputs, engine.batches());
      // no window sat out the 20 s max-wait: when both threads take a window at the same moment,
      // each waits for company (no thread is free), and the one wake sent when reading ends
      // reaches only one of them (or an idle thread); the other must notice on its own
      assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(15));
    }
  }

  /**
   * One worker, two inference threads with single-threaded runs, and a 20 s max-wait that a window
   * waiting for company would show.
   */
  private DetectionEngine twoSingleThreadedInferenceThreads() throws java.io.IOException {
    Path model = TestModels.write(dir, TestModels.Variant.TWO_EXPERTS_MLP);
    return DetectionEngine.open(
        DetectorOptions.defaults().withModelPath(model).withDevice("cpu").withIntraOpThreads(1),
        EngineOptions.defaults()
            .withWorkers(1)
            .withInferenceThreads(2)
            .withMaxWait(java.time.Duration.ofSeconds(20)));
  }

  @Test
  void refusesZeroInferenceThreads() {
    assertThrows(
        IllegalArgumentException.class, () -> EngineOptions.defaults().withInferenceThreads(0));
  }
}
