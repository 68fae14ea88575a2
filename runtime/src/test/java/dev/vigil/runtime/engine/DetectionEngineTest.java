package dev.vigil.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.runtime.Detector;
import dev.vigil.runtime.DetectorOptions;
import dev.vigil.runtime.decode.AudioInputException;
import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.segment.SegmentPlan;
import dev.vigil.runtime.testing.TestAudio;
import dev.vigil.runtime.testing.TestModels;
import dev.vigil.runtime.verdict.FileVerdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectionEngineTest {
  @TempDir static Path dir;
  static Path model;
  static Detector oneByOne;

  @BeforeAll
  static void load() throws Exception {
    model = TestModels.write(dir, TestModels.Variant.TWO_EXPERTS_MLP);
    oneByOne = Detector.open(options().withMaxBatch(1));
  }

  @AfterAll
  static void close() {
    oneByOne.close();
  }

  static DetectorOptions options() {
    return DetectorOptions.defaults().withModelPath(model).withDevice("cpu").withIntraOpThreads(1);
  }

  private static Throwable failure(CompletableFuture<List<FileVerdict>> f) {
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> f.get(60, TimeUnit.SECONDS));
    return e.getCause();
  }

  @Test
  void manyFilesSomeBadEachGetExactlyOneResultEqualToOneByOneScoring() throws Exception {
    Path audio = dir.resolve("many");
    List<Path> good = TestAudio.speechFolder(audio, 14, 1.2, 3.0, 4.7, 7.9);
    List<Path> bad = new ArrayList<>();
    bad.add(Files.write(audio.resolve("garbage.wav"), "RIFF....not really".getBytes()));
    bad.add(
        TestAudio.writeWav(audio.resolve("short.wav"), 16000, TestAudio.speechLike(0.3, 16000, 1)));
    bad.add(TestAudio.writeWav(audio.resolve("silent.wav"), 16000, TestAudio.silence(4, 16000)));
    bad.add(audio.resolve("missing.wav"));
    AtomicLong batchedSegments = new AtomicLong();
    AtomicInteger done = new AtomicInteger();
    AtomicInteger deepestQueue = new AtomicInteger();
    AtomicInteger mostInFlight = new AtomicInteger();
    EngineListener listener =
        new EngineListener() {
          @Override
          public void onBatch(int size, long nanos) {
            batchedSegments.addAndGet(size);
          }

          @Override
          public void onFileDone(boolean ok, long nanos) {
            done.incrementAndGet();
          }

          @Override
          public void onQueueDepth(int filesInFlight, int segmentsQueued) {
            deepestQueue.accumulateAndGet(segmentsQueued, Math::max);
            mostInFlight.accumulateAndGet(filesInFlight, Math::max);
          }
        };
    try (DetectionEngine engine =
        DetectionEngine.open(
            options().withMaxBatch(8),
            EngineOptions.defaults()
                .withWorkers(2)
                .withMaxInFlight(5)
                .withQueuedSegments(6)
                .withListener(listener))) {
      List<Path> all = new ArrayList<>();
      for (int i = 0; i < good.size(); i++) {
        all.add(good.get(i));
        if (i % 4 == 0 && i / 4 < bad.size()) {
          all.add(bad.get(i / 4));
        }
      }
      List<CompletableFuture<List<FileVerdict>>> futures = new ArrayList<>();
      for (Path p : all) {
        futures.add(engine.submit(AudioSource.of(p)));
        assertTrue(engine.inFlight() <= 5);
      }
      int ok = 0;
      int failed = 0;
      for (int i = 0; i < all.size(); i++) {
        Path p = all.get(i);
        CompletableFuture<List<FileVerdict>> f = futures.get(i);
        if (good.contains(p)) {
          List<FileVerdict> v = f.get(60, TimeUnit.SECONDS);
          assertEquals(1, v.size());
          FileVerdict expected = oneByOne.detect(AudioSource.of(p)).get(0);
          assertEquals(expected.segments().size(), v.get(0).segments().size(), p.toString());
          assertEquals(expected.score(), v.get(0).score(), 1e-6, p.toString());
          for (int s = 0; s < expected.segments().size(); s++) {
            assertEquals(
                expected.segments().get(s).score(), v.get(0).segments().get(s).score(), 1e-6);
          }
          assertEquals(p.toString(), v.get(0).source());
          ok++;
        } else {
          Throwable t = failure(f);
          assertInstanceOf(AudioInputException.class, t, t.toString());
          assertTrue(t.getMessage().startsWith(p.toString() + ": "), t.getMessage());
          failed++;
        }
      }
      assertEquals(good.size(), ok);
      assertEquals(bad.size(), failed);
      assertEquals(0, engine.inFlight());
      assertEquals(engine.segmentsScored(), batchedSegments.get());
      assertTrue(engine.largestBatch() > 1, "segments of several files share batches");
      assertEquals(all.size(), done.get());
      assertTrue(deepestQueue.get() <= 6, "queued segments " + deepestQueue.get());
      assertTrue(mostInFlight.get() <= 5, "files in flight " + mostInFlight.get());
      assertTrue(mostInFlight.get() >= 1);
    }
  }

  @Test
  void microBatchingMergesConcurrentSubmissions() throws Exception {
    List<byte[]> inputs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      inputs.add(TestAudio.wav16(16000, TestAudio.speechLike(3.0, 16000, 40 + i)));
    }
    try (DetectionEngine engine =
        DetectionEngine.open(
            options().withMaxBatch(8),
            EngineOptions.defaults().withWorkers(3).withMaxWait(Duration.ofMillis(400)))) {
      List<CompletableFuture<List<FileVerdict>>> fs = new ArrayList<>();
      for (int i = 0; i < inputs.size(); i++) {
        fs.add(engine.submit(AudioSource.of(inputs.get(i), "in" + i)));
      }
      for (CompletableFuture<List<FileVerdict>> f : fs) {
        assertEquals(1, f.get(60, TimeUnit.SECONDS).get(0).segments().size());
      }
      assertEquals(6, engine.segmentsScored());
      assertTrue(engine.largestBatch() > 1, "largest batch " + engine.largestBatch());
      assertTrue(engine.batches() < 6, "batches " + engine.batches());
    }
  }

  @Test
  void aLoneInputRunsAsSoonAsItsLastSegmentIsReadyNotAfterTheMaxWait() throws Exception {
    try (DetectionEngine engine =
        DetectionEngine.open(
            options(), EngineOptions.defaults().withMaxWait(Duration.ofSeconds(30)))) {
      long t0 = System.nanoTime();
      FileVerdict v =
          engine
              .submit(
                  AudioSource.of(TestAudio.wav16(16000, TestAudio.speechLike(4.5, 16000, 2)), "x"))
              .get(60, TimeUnit.SECONDS)
              .get(0);
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertEquals(2, v.segments().size());
      // both windows in one run: the batch waited for the second window, then not a moment longer
      assertEquals(1, engine.batches());
      assertEquals(2, engine.largestBatch());
      assertTrue(seconds < 15, "took " + seconds + " s with a 30 s maximum wait");
    }
  }

  @Test
  void withFullWaitALoneInputWaitsTheWholeMaxWait() throws Exception {
    try (DetectionEngine engine =
        DetectionEngine.open(
            options(),
            EngineOptions.defaults().withMaxWait(Duration.ofMillis(1500)).withFullWait(true))) {
      long t0 = System.nanoTime();
      engine
          .submit(AudioSource.of(TestAudio.wav16(16000, TestAudio.speechLike(2, 16000, 3)), "x"))
          .get(60, TimeUnit.SECONDS);
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertTrue(seconds >= 1.4, "took " + seconds + " s with a full 1.5 s wait");
    }
  }

  @Test
  void zeroWaitStillScoresALoneRequestPromptly() throws Exception {
    try (DetectionEngine engine =
        DetectionEngine.open(options(), EngineOptions.defaults().withMaxWait(Duration.ZERO))) {
      FileVerdict v =
          engine
              .submit(
                  AudioSource.of(TestAudio.wav16(16000, TestAudio.speechLike(2, 16000, 1)), "x"))
              .get(60, TimeUnit.SECONDS)
              .get(0);
      assertEquals(1, v.segments().size());
      assertEquals(1, engine.largestBatch());
    }
  }

  @Test
  void trySubmitRefusesWhenFullAndCancelAbandonsAnInput() throws Exception {
    byte[] longOne = TestAudio.wav16(16000, TestAudio.noise(120, 16000, 0.3, 2));
    byte[] small = TestAudio.wav16(16000, TestAudio.speechLike(2, 16000, 3));
    try (DetectionEngine engine =
        DetectionEngine.open(
            options(), EngineOptions.defaults().withWorkers(1).withMaxInFlight(1))) {
      CompletableFuture<List<FileVerdict>> f = engine.submit(AudioSource.of(longOne, "long"));
      Optional<CompletableFuture<List<FileVerdict>>> refused =
          engine.trySubmit(AudioSource.of(small, "small"));
      assertTrue(refused.isEmpty());
      assertTrue(f.cancel(true));
      assertThrows(CancellationException.class, f::join);
      // the permit is back and the engine goes on
      Optional<CompletableFuture<List<FileVerdict>>> accepted =
          engine.trySubmit(AudioSource.of(small, "small"));
      assertTrue(accepted.isPresent());
      assertEquals("small", accepted.get().get(60, TimeUnit.SECONDS).get(0).source());
    }
  }

  @Test
  void aCallerWokenByAResultFindsTheEngineCountsAlreadyUpdated() throws Exception {
    // the permit and the counts are settled before the future completes, so a caller that
    // submits its next input the moment a result arrives is never refused by its own last one
    byte[] small = TestAudio.wav16(16000, TestAudio.speechLike(2, 16000, 3));
    byte[] bad = "not audio at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    AtomicInteger done = new AtomicInteger();
    EngineListener slowListener =
        new EngineListener() {
          @Override
          public void onFileDone(boolean ok, long nanos) {
            try {
              Thread.sleep(20); // bookkeeping that takes a while: the caller must still wait for it
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            done.incrementAndGet();
          }
        };
    try (DetectionEngine engine =
        DetectionEngine.open(
            options(),
            EngineOptions.defaults()
                .withWorkers(1)
                .withMaxInFlight(1)
                .withListener(slowListener))) {
      for (int i = 0; i < 12; i++) {
        byte[] input = i % 4 == 3 ? bad : small;
        Optional<CompletableFuture<List<FileVerdict>>> f =
            engine.trySubmit(AudioSource.of(input, "in" + i));
        assertTrue(f.isPresent(), "in" + i + " refused: the last input still held its permit");
        try {
          f.get().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          assertInstanceOf(AudioInputException.class, e.getCause());
        }
        assertEquals(i + 1, done.get(), "in" + i + ": the listener heard of it first");
        assertEquals(0, engine.inFlight(), "in" + i);
      }
    }
  }

  @Test
  void aBatchOfCancelledInputsIsNotRun() throws Exception {
    // a batch waits 2 s to fill; the input is cancelled (its deadline passed) while it waits
    byte[] wav = TestAudio.wav16(16000, TestAudio.speechLike(4, 16000, 5));
    AtomicInteger reportedInFlight = new AtomicInteger(-1);
    EngineListener depth =
        new EngineListener() {
          @Override
          public void onQueueDepth(int filesInFlight, int segmentsQueued) {
            reportedInFlight.set(filesInFlight);
          }
        };
    try (DetectionEngine engine =
        DetectionEngine.open(
            options().withMaxBatch(8),
            EngineOptions.defaults()
                .withWorkers(1)
                .withMaxWait(Duration.ofSeconds(2))
                .withFullWait(true)
                .withListener(depth))) {
      CompletableFuture<List<FileVerdict>> f = engine.submit(AudioSource.of(wav, "late"));
      Thread.sleep(500); // read and taken into the waiting batch
      assertEquals(1, reportedInFlight.get());
      assertTrue(f.cancel(true));
      assertEquals(0, reportedInFlight.get(), "the cancelled input still counted in flight");
      Thread.sleep(2500); // past the batch's wait
      assertEquals(0, engine.segmentsScored(), "windows of a cancelled input were scored");
      assertEquals(0, engine.batches());
      // the engine goes on
      assertEquals(
          "next",
          engine.submit(AudioSource.of(wav, "next")).get(60, TimeUnit.SECONDS).get(0).source());
    }
  }

  @Test
  void aCancelledInputsWindowsAreDroppedFromAMixedBatchBeforeItRuns() throws Exception {
    // two inputs' windows wait 2 s in one batch; one input is cancelled while they wait
    byte[] wav = TestAudio.wav16(16000, TestAudio.speechLike(4, 16000, 5));
    int windows = SegmentPlan.count(4L * 16000, 48000, 24000);
    try (DetectionEngine engine =
        DetectionEngine.open(
            options().withMaxBatch(8),
            EngineOptions.defaults()
                .withWorkers(1)
                .withMaxWait(Duration.ofSeconds(2))
                .withFullWait(true))) {
      CompletableFuture<List<FileVerdict>> late = engine.submit(AudioSource.of(wav, "late"));
      CompletableFuture<List<FileVerdict>> kept = engine.submit(AudioSource.of(wav, "kept"));
      Thread.sleep(500); // both read and taken into the waiting batch
      assertTrue(late.cancel(true));
      FileVerdict v = kept.get(60, TimeUnit.SECONDS).get(0);
      assertEquals(windows, v.segments().size());
      assertEquals(windows, engine.segmentsScored(), "windows of the cancelled input were scored");
      assertEquals(windows, engine.segmentsDropped());
      assertEquals(1, engine.batches());
      FileVerdict alone = oneByOne.detect(AudioSource.of(wav, "kept")).get(0);
      assertEquals(alone.score(), v.score(), 1e-6, "the rows left in the batch kept their inputs");
    }
  }

  @Test
  void aLongInputTakesTurnsWithShortOnesOnASingleWorker() throws Exception {
    try (DetectionEngine engine =
        DetectionEngine.open(options(), EngineOptions.defaults().withWorkers(1))) {
      assertALongInputTakesTurnsWithAShortOne(engine);
    }
  }

  /**
   * A 15-minute input submitted first, a 2 s one 100 ms later (the one reading thread is then
   * inside the long one): the short one finishes first and the long one is scored whole.
   */
  static void assertALongInputTakesTurnsWithAShortOne(DetectionEngine engine) throws Exception {
    byte[] longOne = TestAudio.wav16(16000, TestAudio.noise(900, 16000, 0.3, 2));
    byte[] small = TestAudio.wav16(16000, TestAudio.speechLike(2, 16000, 3));
    CompletableFuture<List<FileVerdict>> slow = engine.submit(AudioSource.of(longOne, "long"));
    Thread.sleep(100); // the reading thread is inside the long input
    CompletableFuture<List<FileVerdict>> fast = engine.submit(AudioSource.of(small, "short"));
    assertEquals("short", fast.get(60, TimeUnit.SECONDS).get(0).source());
    assertTrue(!slow.isDone(), "the short input finished first");
    assertEquals(
        SegmentPlan.count(900L * 16000, 48000, 24000),
        slow.get(300, TimeUnit.SECONDS).get(0).segments().size());
  }

  @Test
  void perFileTimeoutFailsOnlyThatFile() throws Exception {
    byte[] longOne = TestAudio.wav16(16000, TestAudio.noise(600, 16000, 0.3, 2));
    byte[] small = TestAudio.wav16(16000, TestAudio.speechLike(2, 16000, 3));
    try (DetectionEngine engine =
        DetectionEngine.open(
            options(),
            EngineOptions.defaults().withWorkers(2).withFileTimeout(Duration.ofMillis(300)))) {
      CompletableFuture<List<FileVerdict>> slow = engine.submit(AudioSource.of(longOne, "slow"));
      CompletableFuture<List<FileVerdict>> fast = engine.submit(AudioSource.of(small, "fast"));
      assertEquals(1, fast.get(60, TimeUnit.SECONDS).size());
      Throwable t = failure(slow);
      AudioInputException e = assertInstanceOf(AudioInputException.class, t);
      assertEquals(AudioInputException.Problem.TIMEOUT, e.problem());
      assertEquals("slow: not scored within 0.3 s (the per-file time limit)", e.getMessage());
    }
  }

  @Test
  void closeFailsPendingInputsAndRefusesNewOnes() throws Exception {
    byte[] longOne = TestAudio.wav16(16000, TestAudio.noise(300, 16000, 0.3, 2));
    DetectionEngine engine =
        DetectionEngine.create(oneByOne, EngineOptions.defaults().withWorkers(1));
    CompletableFuture<List<FileVerdict>> f = engine.submit(AudioSource.of(longOne, "long"));
    engine.close();
    Throwable t = failure(f);
    assertInstanceOf(IllegalStateException.class, t);
    assertThrows(IllegalStateException.class, () -> engine.submit(AudioSource.of(longOne, "x")));
    assertThrows(IllegalStateException.class, () -> engine.trySubmit(AudioSource.of(longOne, "x")));
    // the detector was the caller's: still open
    assertEquals(
        1,
        oneByOne
            .detect(AudioSource.of(TestAudio.wav16(16000, TestAudio.speechLike(2, 16000, 1)), "y"))
            .size());
  }
}
