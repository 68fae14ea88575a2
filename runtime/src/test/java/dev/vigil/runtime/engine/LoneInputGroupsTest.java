package dev.vigil.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.runtime.Detector;
import dev.vigil.runtime.DetectorOptions;
import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.testing.TestAudio;
import dev.vigil.runtime.testing.TestModels;
import dev.vigil.runtime.verdict.FileVerdict;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lone input's windows are held back and queued in groups, one per inference thread: none is held
 * past the end of its input, and holding them never keeps the slots the next window needs.
 */
class LoneInputGroupsTest {
  @TempDir Path dir;

  /** Single-threaded runs of the small test model. */
  private DetectorOptions detectorOptions() throws java.io.IOException {
    Path model = TestModels.write(dir, TestModels.Variant.TWO_EXPERTS_MLP);
    return DetectorOptions.defaults().withModelPath(model).withDevice("cpu").withIntraOpThreads(1);
  }

  /** Grouping on: helpers, two inference threads; a window held until the 20 s wait ends fails. */
  private static EngineOptions grouped() {
    return EngineOptions.defaults()
        .withWorkers(1)
        .withInferenceThreads(2)
        .withParallelFrontEnds(true)
        .withMaxWait(Duration.ofSeconds(20));
  }

  @Test
  void everyWindowOfALoneInputIsScoredWithoutWaitingForAGroupThatNeverFills() throws Exception {
    DetectorOptions o = detectorOptions();
    try (Detector single = Detector.open(o);
        DetectionEngine engine = DetectionEngine.open(o, grouped())) {
      // 1, 2, 3 and 19 windows: odd counts leave a last window alone in its group
      for (double seconds : new double[] {3, 4, 6, 30}) {
        byte[] wav = TestAudio.wav16(16000, TestAudio.speechLike(seconds, 16000, 11));
        long t0 = System.nanoTime();
        FileVerdict got =
            engine.submit(AudioSource.of(wav, "lone")).get(60, TimeUnit.SECONDS).get(0);
        assertTrue(
            System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10),
            seconds + " s: a held-back window waited for the 20 s max-wait");
        FileVerdict want = single.detect(AudioSource.of(wav, "lone")).get(0);
        assertEquals(want.segments().size(), got.segments().size(), seconds + " s");
        for (int k = 0; k < want.segments().size(); k++) {
          assertEquals(want.segments().get(k).score(), got.segments().get(k).score(), 1e-6);
        }
      }
    }
  }

  @Test
  void aHeldBackWindowDoesNotKeepTheOnlySlotFromTheNextWindow() throws Exception {
    byte[] wav = TestAudio.wav16(16000, TestAudio.speechLike(12, 16000, 13));
    try (DetectionEngine engine =
        DetectionEngine.open(detectorOptions(), grouped().withQueuedSegments(1))) {
      // the first window is held for its group; the second needs the one slot there is
      FileVerdict v = engine.submit(AudioSource.of(wav, "lone")).get(30, TimeUnit.SECONDS).get(0);
      assertEquals(7, v.segments().size());
    }
  }
}
