package dev.vigil.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.runtime.Detector;
import dev.vigil.runtime.DetectorOptions;
import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.features.FeatureSpec;
import dev.vigil.runtime.features.SegmentFeatures;
import dev.vigil.runtime.testing.TestAudio;
import dev.vigil.runtime.testing.TestModels;
import dev.vigil.runtime.verdict.FileVerdict;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A lone input's front ends computed at once give the same features and verdicts. */
class ParallelFrontEndsTest {
  @TempDir Path dir;

  @Test
  void helpedFeaturesEqualSequentialOnesBitForBitAlsoWhenReusingOverlap() {
    List<FeatureSpec> specs = List.of(FeatureSpec.logmel(), FeatureSpec.loglinear());
    float[] x = TestAudio.speechLike(9.3, 16000, 5);
    SegmentFeatures sequential = new SegmentFeatures(specs);
    SegmentFeatures withHelp = new SegmentFeatures(specs);
    float[][] a = sequential.newBuffers();
    float[][] b = withHelp.newBuffers();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    java.util.concurrent.atomic.AtomicInteger helped =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.Executor helper =
        r -> {
          helped.incrementAndGet();
          pool.execute(r);
        };
    try {
      long[] starts = {0, 24000, 48000, x.length - 48000, 0};
      for (long s : starts) {
        sequential.compute(x, (int) s, a, s);
        withHelp.compute(x, (int) s, b, s, helper);
        for (int i = 0; i < a.length; i++) {
          assertArrayEquals(a[i], b[i], "front end " + i + " of the window at " + s);
        }
      }
      assertEquals(starts.length, helped.get(), "log-mel went to the helper for every window");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aLoneInputThroughTheEngineScoresAsTheDetectorDoes() throws Exception {
    Path model = TestModels.write(dir, TestModels.Variant.TWO_EXPERTS_MLP);
    DetectorOptions o =
        DetectorOptions.defaults().withModelPath(model).withDevice("cpu").withIntraOpThreads(1);
    byte[] wav = TestAudio.wav16(16000, TestAudio.speechLike(7.5, 16000, 9));
    try (Detector single = Detector.open(o);
        DetectionEngine engine =
            DetectionEngine.open(o, EngineOptions.defaults().withParallelFrontEnds(true))) {
      FileVerdict want = single.detect(AudioSource.of(wav, "a")).get(0);
      for (int i = 0; i < 3; i++) {
        FileVerdict got = engine.submit(AudioSource.of(wav, "a")).get(60, TimeUnit.SECONDS).get(0);
        assertEquals(want.segments().size(), got.segments().size());
        for (int k = 0; k < want.segments().size(); k++) {
          assertEquals(want.segments().get(k).score(), got.segments().get(k).score(), 1e-6);
        }
      }
    }
  }
}
