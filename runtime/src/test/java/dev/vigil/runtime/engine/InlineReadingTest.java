package dev.vigil.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.runtime.Detector;
import dev.vigil.runtime.DetectorOptions;
import dev.vigil.runtime.decode.AudioInputException;
import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.testing.TestAudio;
import dev.vigil.runtime.testing.TestModels;
import dev.vigil.runtime.verdict.FileVerdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workers = 0: the inference threads read the inputs themselves between their runs. */
class InlineReadingTest {
  @TempDir Path dir;

  private DetectorOptions options() throws Exception {
    Path model = TestModels.write(dir, TestModels.Variant.TWO_EXPERTS_MLP);
    return DetectorOptions.defaults().withModelPath(model).withDevice("cpu").withIntraOpThreads(1);
  }

  @Test
  void everyInputIsScoredAsOneByOneScoringDoesAndBadOnesFailAlone() throws Exception {
    DetectorOptions o = options();
    List<byte[]> inputs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      if (i % 9 == 4) {
        inputs.add(new byte[] {1, 2, 3}); // undecodable
      } else {
        inputs.add(TestAudio.wav16(16000, TestAudio.speechLike(2 + (i % 6) * 3, 16000, 40 + i)));
      }
    }
    try (Detector single = Detector.open(o.withMaxBatch(1));
        // a small queue: reading slices must yield and extra slots must not block
        DetectionEngine engine =
            DetectionEngine.open(
                o.withMaxBatch(4),
                EngineOptions.defaults()
                    .withWorkers(0)
                    .withInferenceThreads(2)
                    .withQueuedSegments(3)
                    .withMaxInFlight(6))) {
      List<CompletableFuture<List<FileVerdict>>> fs = new ArrayList<>();
      for (int i = 0; i < inputs.size(); i++) {
        fs.add(engine.submit(AudioSource.of(inputs.get(i), "in" + i)));
      }
      long segments = 0;
      for (int i = 0; i < inputs.size(); i++) {
        if (i % 9 == 4) {
          ExecutionException e =
              assertThrows(ExecutionException.class, fs.get(i)::get, "in" + i + " must fail");
          assertInstanceOf(AudioInputException.class, e.getCause());
          assertTrue(e.getCause().getMessage().startsWith("in" + i + ": "));
          continue;
        }
        FileVerdict got = fs.get(i).get(60, TimeUnit.SECONDS).get(0);
        FileVerdict want = single.detect(AudioSource.of(inputs.get(i), "in" + i)).get(0);
        assertEquals(want.segments().size(), got.segments().size(), "in" + i);
        assertEquals(want.score(), got.score(), 1e-6, "in" + i);
        segments += got.segments().size();
      }
      assertEquals(segments, engine.segmentsScored());
      assertEquals(0, engine.inFlight());
    }
  }

  @Test
  void aLongInputTakesTurnsWithShortOnes() throws Exception {
    try (DetectionEngine engine =
        DetectionEngine.open(
            options().withMaxBatch(4),
            EngineOptions.defaults().withWorkers(0).withInferenceThreads(1))) {
      DetectionEngineTest.assertALongInputTakesTurnsWithAShortOne(engine);
    }
  }

  @Test
  void closeFailsInputsStillWaitingToBeRead() throws Exception {
    byte[] longOne = TestAudio.wav16(16000, TestAudio.noise(300, 16000, 0.3, 2));
    DetectionEngine engine =
        DetectionEngine.open(
            options(), EngineOptions.defaults().withWorkers(0).withInferenceThreads(1));
    List<CompletableFuture<List<FileVerdict>>> fs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      fs.add(engine.submit(AudioSource.of(longOne, "long" + i)));
    }
    engine.close();
    for (CompletableFuture<List<FileVerdict>> f : fs) {
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
      assertInstanceOf(IllegalStateException.class, e.getCause());
    }
    assertThrows(IllegalStateException.class, () -> engine.submit(AudioSource.of(longOne, "x")));
  }

  @Test
  void refusesNegativeWorkers() {
    assertThrows(IllegalArgumentException.class, () -> EngineOptions.defaults().withWorkers(-1));
  }
}
