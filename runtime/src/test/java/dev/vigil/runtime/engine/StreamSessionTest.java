package dev.vigil.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.runtime.Detector;
import dev.vigil.runtime.DetectorOptions;
import dev.vigil.runtime.decode.AudioInputException;
import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.decode.PcmEncoding;
import dev.vigil.runtime.decode.StreamFormat;
import dev.vigil.runtime.testing.TestAudio;
import dev.vigil.runtime.testing.TestModels;
import dev.vigil.runtime.verdict.FileVerdict;
import dev.vigil.runtime.verdict.Label;
import dev.vigil.runtime.verdict.SegmentVerdict;
import dev.vigil.runtime.verdict.WindowVerdict;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Live streams through the engine give batch detection's windows and verdict. */
class StreamSessionTest {
  @TempDir static Path dir;
  static Path model;
  static Detector batch;

  @BeforeAll
  static void load() throws Exception {
    model = TestModels.write(dir, TestModels.Variant.TWO_EXPERTS_MLP);
    batch = Detector.open(options().withMaxBatch(1));
  }

  @AfterAll
  static void close() {
    batch.close();
  }

  static DetectorOptions options() {
    return DetectorOptions.defaults().withModelPath(model).withDevice("cpu").withIntraOpThreads(1);
  }

  static DetectionEngine engine(int workers, int inferenceThreads) throws Exception {
    return DetectionEngine.open(
        options().withMaxBatch(4),
        EngineOptions.defaults().withWorkers(workers).withInferenceThreads(inferenceThreads));
  }

  /** What a listener saw, and whether each window came before the stream was closed. */
  static final class Seen implements StreamListener {
    final List<WindowVerdict> windows = Collections.synchronizedList(new ArrayList<>());
    volatile boolean closed;
    volatile int beforeClose;

    @Override
    public void onWindow(WindowVerdict w) {
      windows.add(w);
      if (!closed) {
        beforeClose++;
      }
    }

    /** Waits until {@code n} windows came. */
    void await(int n) throws InterruptedException {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (windows.size() < n && System.nanoTime() < end) {
        Thread.sleep(5);
      }
      assertTrue(windows.size() >= n, "only " + windows.size() + " of " + n + " windows came");
    }
  }

  /** Pushes {@code bytes} in pieces from one frame to about four seconds, log-uniformly. */
  static void pushInRandomPieces(StreamSession s, byte[] bytes, int frameBytes, int rate, long seed)
      throws InterruptedException {
    SplittableRandom rnd = new SplittableRandom(seed);
    double most = Math.log(4.0 * rate);
    for (int off = 0; off < bytes.length; ) {
      int frames = (int) Math.exp(rnd.nextDouble() * most);
      int n = Math.min(bytes.length - off, Math.max(1, frames) * frameBytes);
      s.push(bytes, off, n);
      off += n;
    }
  }

  /** The stream's windows and verdict equal batch detection's of the same samples. */
  static void assertSameAsBatch(FileVerdict expected, List<WindowVerdict> windows, FileVerdict v) {
    List<SegmentVerdict> segs = expected.segments();
    assertEquals(segs.size(), windows.size(), "window count");
    for (int i = 0; i < segs.size(); i++) {
      SegmentVerdict e = segs.get(i);
      WindowVerdict w = windows.get(i);
      SegmentVerdict a = w.segment();
      assertEquals(i, a.index(), "windows in time order");
      assertEquals(e.startSeconds(), a.startSeconds(), "start of " + i);
      assertEquals(e.endSeconds(), a.endSeconds(), "end of " + i);
      assertEquals(e.score(), a.score(), 1e-6, "score of " + i);
      assertEquals(e.silent(), a.silent(), "silent " + i);
      for (int k = 0; k < e.expertScores().size(); k++) {
        assertEquals(e.expertScores().get(k), a.expertScores().get(k), 1e-6);
        assertEquals(e.gateWeights().get(k), a.gateWeights().get(k), 1e-6);
      }
      assertEquals(Label.of(a.score(), expected.threshold()), w.label());
      assertEquals(expected.threshold(), w.threshold());
      assertEquals(-1, w.channel());
    }
    assertEquals(segs.size(), v.segments().size());
    assertEquals(expected.score(), v.score(), 1e-6);
    assertEquals(expected.maxSegmentScore(), v.maxSegmentScore(), 1e-6);
    assertEquals(expected.label(), v.label());
    assertEquals(expected.warnings(), v.warnings());
    assertEquals(expected.durationSeconds(), v.durationSeconds(), 1e-9);
    for (int i = 0; i < segs.size(); i++) {
      assertEquals(windows.get(i).segment(), v.segments().get(i), "the result holds the windows");
    }
  }

  static FileVerdict batch(byte[] wav, String name) throws Exception {
    return batch.detect(AudioSource.of(wav, name)).get(0);
  }

  @ParameterizedTest(name = "workers {0}, inference threads {1}")
  @CsvSource({"1, 1", "0, 1", "2, 2", "0, 2"})
  void aFileStreamedInRandomBlocksGivesBatchDetectionsWindows(int workers, int threads)
      throws Exception {
    float[] x =
        TestAudio.concat(
            TestAudio.speechLike(6.2, 16000, 1),
            TestAudio.silence(4.0, 16000),
            TestAudio.speechLike(5.3, 16000, 2));
    byte[] wav = TestAudio.wav16(16000, x);
    FileVerdict expected = batch(wav, "live");
    try (DetectionEngine engine = engine(workers, threads)) {
      for (long seed = 1; seed <= 3; seed++) {
        Seen seen = new Seen();
        StreamSession s =
            engine.openStream("live", StreamFormat.raw(PcmEncoding.PCM_S16LE, 16000, 1), seen);
        pushInRandomPieces(s, TestAudio.data(wav), 2, 16000, seed);
        seen.closed = true;
        s.close();
        FileVerdict v = s.result().get(60, TimeUnit.SECONDS).get(0);
        assertSameAsBatch(expected, seen.windows, v);
        assertEquals("live", v.source());
        assertEquals("raw", v.audio().container());
        assertTrue(v.segments().stream().anyMatch(SegmentVerdict::silent), "silent windows");
      }
      // the count drops in the result's own completion stage, which may run after get() returns
      waitUntil(() -> engine.openStreams() == 0 && engine.inFlight() == 0);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"pcm_s16le", "pcm_f32le"})
  void resampledStereoInputGivesBatchDetectionsWindows(String encoding) throws Exception {
    float[] left = TestAudio.speechLike(7.3, 44100, 5);
    float[] right = TestAudio.speechLike(7.3, 44100, 6);
    PcmEncoding enc = PcmEncoding.of(encoding);
    byte[] wav =
        enc == PcmEncoding.PCM_S16LE
            ? TestAudio.wav16(44100, left, right)
            : TestAudio.wavFloat(44100, left, right);
    FileVerdict expected = batch(wav, "cd");
    try (DetectionEngine engine = engine(1, 1)) {
      Seen seen = new Seen();
      StreamSession s = engine.openStream("cd", StreamFormat.raw(enc, 44100, 2), seen);
      pushInRandomPieces(s, TestAudio.data(wav), 2 * enc.bytesPerSample(), 44100, 7);
      s.close();
      FileVerdict v = s.result().get(60, TimeUnit.SECONDS).get(0);
      assertSameAsBatch(expected, seen.windows, v);
      assertEquals(44100, v.audio().sampleRate());
      assertEquals(2, v.audio().channels());
    }
  }

  @Test
  void aWavStreamReadsItsFormatFromItsHeader() throws Exception {
    byte[] wav = TestAudio.wav16(22050, TestAudio.speechLike(5.5, 22050, 8));
    FileVerdict expected = batch(wav, "w");
    try (DetectionEngine engine = engine(1, 1)) {
      Seen seen = new Seen();
      StreamSession s = engine.openStream("w", StreamFormat.wav(), seen);
      pushInRandomPieces(s, wav, 1, 22050, 9);
      s.close();
      FileVerdict v = s.result().get(60, TimeUnit.SECONDS).get(0);
      assertSameAsBatch(expected, seen.windows, v);
      assertEquals("wav", v.audio().container());
    }
  }

  @Test
  void regularWindowsComeWhileTheStreamIsOpenTheEndAlignedOneAfterTheClose() throws Exception {
    // 8 s: regular windows at 0, 1.5, 3 and 4.5 s, then the end-aligned one at 5 s
    byte[] bytes = TestAudio.data(TestAudio.wav16(16000, TestAudio.speechLike(8.0, 16000, 3)));
    try (DetectionEngine engine = engine(1, 1)) {
      Seen seen = new Seen();
      StreamSession s =
          engine.openStream("live", StreamFormat.raw(PcmEncoding.PCM_S16LE, 16000, 1), seen);
      s.push(bytes, 0, 2 * 6 * 16000); // 6 s: the windows at 0, 1.5 and 3 s are complete
      seen.await(3);
      s.push(bytes, 2 * 6 * 16000, bytes.length - 2 * 6 * 16000);
      seen.await(4);
      assertEquals(4, seen.windows.size(), "the last window waits for the end");
      seen.closed = true;
      s.close();
      FileVerdict v = s.result().get(60, TimeUnit.SECONDS).get(0);
      assertEquals(5, seen.windows.size());
      assertEquals(4, seen.beforeClose);
      assertEquals(5.0, seen.windows.get(4).segment().startSeconds(), 1e-9);
      assertEquals(8.0, seen.windows.get(4).segment().endSeconds(), 1e-9);
      assertEquals(5, v.segments().size());
    }
  }

  @Test
  void aLoneStreamsWindowDoesNotWaitForMoreWindows() throws Exception {
    // a partial batch waits maxWait for more windows unless no input can bring one now: a stream
    // waiting for bytes cannot, so its window runs at once rather than after a minute
    try (DetectionEngine engine =
        DetectionEngine.open(
            options().withMaxBatch(4),
            EngineOptions.defaults().withWorkers(1).withMaxWait(Duration.ofSeconds(60)))) {
      Seen seen = new Seen();
      StreamSession s =
          engine.openStream("live", StreamFormat.raw(PcmEncoding.PCM_S16LE, 16000, 1), seen);
      byte[] bytes = TestAudio.data(TestAudio.wav16(16000, TestAudio.speechLike(3.2, 16000, 3)));
      long t0 = System.nanoTime();
      s.push(bytes, 0, bytes.length);
      long deadline = t0 + TimeUnit.SECONDS.toNanos(30);
      while (seen.windows.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertEquals(1, seen.windows.size(), "the first window came without waiting maxWait");
      WindowVerdict w = seen.windows.get(0);
      assertTrue(w.arrivedNanos() >= t0 && w.arrivedNanos() <= System.nanoTime());
      s.cancel();
    }
  }

  @Test
  void aStreamShorterThanTheMinimumEndsWithTheFilesTooShortError() throws Exception {
    byte[] wav = TestAudio.wav16(16000, TestAudio.speechLike(0.6, 16000, 4));
    AudioInputException file =
        assertThrows(AudioInputException.class, () -> batch.detect(AudioSource.of(wav, "live")));
    try (DetectionEngine engine = engine(1, 1)) {
      Seen seen = new Seen();
      StreamSession s =
          engine.openStream("live", StreamFormat.raw(PcmEncoding.PCM_S16LE, 16000, 1), seen);
      s.push(TestAudio.data(wav), 0, wav.length - 44);
      s.close();
      Throwable t = failure(s);
      AudioInputException e = assertInstanceOf(AudioInputException.class, t);
      assertEquals(AudioInputException.Problem.TOO_SHORT, e.problem());
      assertEquals(file.getMessage(), e.getMessage());
      assertEquals(0, seen.windows.size());
    }
  }

  @Test
  void silenceGivesSilentWindowsThenTheFilesSilenceOnlyError() throws Exception {
    byte[] wav = TestAudio.wav16(16000, TestAudio.silence(5.0, 16000));
    AudioInputException file =
        assertThrows(AudioInputException.class, () -> batch.detect(AudioSource.of(wav, "quiet")));
    try (DetectionEngine engine = engine(1, 1)) {
      for (boolean waitForWindows : new boolean[] {true, false}) {
        Seen seen = new Seen();
        StreamSession s =
            engine.openStream("quiet", StreamFormat.raw(PcmEncoding.PCM_S16LE, 16000, 1), seen);
        s.push(TestAudio.data(wav), 0, wav.length - 44);
        if (waitForWindows) {
          seen.await(2); // the regular windows at 0 and 1.5 s, scored while the stream is open
        }
        s.close();
        AudioInputException e = assertInstanceOf(AudioInputException.class, failure(s));
        assertEquals(AudioInputException.Problem.SILENCE_ONLY, e.problem());
        assertEquals(file.getMessage(), e.getMessage());
        // every window cut (0, 1.5 and the end-aligned 2 s) came before the error
        assertEquals(3, seen.windows.size());
        assertTrue(seen.windows.stream().allMatch(w -> w.segment().silent()));
        assertEquals(2.0, seen.windows.get(2).segment().startSeconds(), 1e-9);
      }
    }
  }

  static Throwable failure(StreamSession s) {
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> s.result().get(60, TimeUnit.SECONDS));
    return e.getCause();
  }

  @Test
  void manyConcurrentStreamsShareBatchesWithFiles() throws Exception {
    int streams = 6;
    int files = 4;
    List<byte[]> wavs = new ArrayList<>();
    List<FileVerdict> expected = new ArrayList<>();
    for (int i = 0; i < streams + files; i++) {
      // 6.5 s: four windows each, so a batch of eight holds windows of several inputs
      byte[] wav = TestAudio.wav16(16000, TestAudio.speechLike(6.5, 16000, 20 + i));
      wavs.add(wav);
      expected.add(batch(wav, "in" + i));
    }
    ExecutorService feeders = Executors.newFixedThreadPool(streams);
    try (DetectionEngine engine =
        DetectionEngine.open(
            options().withMaxBatch(8),
            EngineOptions.defaults()
                .withWorkers(2)
                .withMaxWait(Duration.ofMillis(300))
                .withFullWait(true))) {
      List<Seen> seen = new ArrayList<>();
      List<StreamSession> sessions = new ArrayList<>();
      List<Future<?>> fed = new ArrayList<>();
      for (int i = 0; i < streams; i++) {
        Seen l = new Seen();
        StreamSession s =
            engine.openStream("in" + i, StreamFormat.raw(PcmEncoding.PCM_S16LE, 16000, 1), l);
        seen.add(l);
        sessions.add(s);
      }
      // counted before any feeder starts: a fast feeder may close its stream at once
      assertEquals(streams, engine.openStreams());
      for (int i = 0; i < streams; i++) {
        StreamSession s = sessions.get(i);
        byte[] bytes = TestAudio.data(wavs.get(i));
        long seed = i;
        fed.add(
            feeders.submit(
                () -> {
                  pushInRandomPieces(s, bytes, 2, 16000, seed);
                  s.close();
                  return null;
                }));
      }
      List<java.util.concurrent.CompletableFuture<List<FileVerdict>>> fileResults =
          new ArrayList<>();
      for (int i = streams; i < streams + files; i++) {
        fileResults.add(engine.submit(AudioSource.of(wavs.get(i), "in" + i)));
      }
      for (Future<?> f : fed) {
        f.get(60, TimeUnit.SECONDS);
      }
      for (int i = 0; i < streams; i++) {
        FileVerdict v = sessions.get(i).result().get(60, TimeUnit.SECONDS).get(0);
        assertSameAsBatch(expected.get(i), seen.get(i).windows, v);
      }
      for (int i = 0; i < files; i++) {
        FileVerdict v = fileResults.get(i).get(60, TimeUnit.SECONDS).get(0);
        assertEquals(expected.get(streams + i).score(), v.score(), 1e-6);
      }
      assertEquals(8, engine.largestBatch(), "batches of eight hold windows of several inputs");
      assertEquals(4 * (streams + files), engine.segmentsScored());
      waitUntil(() -> engine.openStreams() == 0);
    } finally {
      feeders.shutdownNow();
    }
  }

  @Test
  void aSubmittedFilesWindowsComeInOrderBeforeItsVerdict() throws Exception {
    byte[] wav = TestAudio.wav16(16000, TestAudio.speechLike(12.3, 16000, 12));
    FileVerdict expected = batch(wav, "f.wav");
    try (DetectionEngine engine = engine(2, 2)) {
      // two inference threads deliver a file's windows at once: the verdict must wait for the
      // windows the other thread records while this one hands out (a race once seen 1 run in 300)
      for (int run = 0; run < 50; run++) {
        Seen seen = new Seen();
        var f = engine.submit(AudioSource.of(wav, "f.wav"), seen);
        FileVerdict v = f.get(60, TimeUnit.SECONDS).get(0);
        assertSameAsBatch(expected, seen.windows, v);
      }
    }
  }

  @Test
  void closedStreamsRefuseBytesAndCancelledOnesFail() throws Exception {
    try (DetectionEngine engine = engine(1, 1)) {
      StreamFormat f = StreamFormat.raw(PcmEncoding.PCM_S16LE, 16000, 1);
      StreamSession s = engine.openStream("a", f, w -> {});
      s.close();
      s.close();
      assertTrue(s.isClosed());
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> s.offer(new byte[2], 0, 2));
      assertEquals("a: stream is closed", e.getMessage());
      assertInstanceOf(AudioInputException.class, failure(s)); // too short: no audio at all

      StreamSession c = engine.openStream("b", f, w -> {});
      assertTrue(c.offer(new byte[32000], 0, 32000));
      c.cancel();
      assertThrows(
          java.util.concurrent.CancellationException.class,
          () -> c.result().get(60, TimeUnit.SECONDS));
      // what the future holds (get() on JDK 23+ throws a new "get" exception with it as the cause)
      Throwable t = c.result().handle((v, x) -> x).get(60, TimeUnit.SECONDS);
      assertInstanceOf(java.util.concurrent.CancellationException.class, t);
      assertEquals("b: cancelled", t.getMessage());
      assertTrue(c.result().isCancelled());
      assertThrows(IllegalStateException.class, () -> c.push(new byte[2], 0, 2));

      AudioInputException bad =
          assertThrows(
              AudioInputException.class,
              () ->
                  engine.openStream("c", StreamFormat.raw(PcmEncoding.PCM_S16LE, 100, 1), w -> {}));
      assertEquals(AudioInputException.Problem.INVALID_FORMAT, bad.problem());
      assertTrue(bad.getMessage().startsWith("c: unsupported sample rate 100 Hz"));
      waitUntil(() -> engine.openStreams() == 0);
    }
  }

  @Test
  void aBadStreamFailsMidwayAndLaterBytesAreDropped() throws Exception {
    try (DetectionEngine engine = engine(1, 1)) {
      StreamSession s =
          engine.openStream("nan", StreamFormat.raw(PcmEncoding.PCM_F32LE, 16000, 1), w -> {});
      byte[] bytes = new byte[4 * 16000];
      java.nio.ByteBuffer.wrap(bytes)
          .order(java.nio.ByteOrder.LITTLE_ENDIAN)
          .putFloat(4 * 1234, Float.NaN);
      s.push(bytes, 0, bytes.length);
      AudioInputException e = assertInstanceOf(AudioInputException.class, failure(s));
      assertEquals("nan: NaN sample at frame 1234, channel 0", e.getMessage());
      assertTrue(s.offer(bytes, 0, bytes.length), "dropped: the result told why");
      s.push(bytes, 0, bytes.length);
      s.close();
    }
  }

  @Test
  void aListenerThatThrowsFailsItsStream() throws Exception {
    try (DetectionEngine engine = engine(1, 1)) {
      StreamSession s =
          engine.openStream(
              "l",
              StreamFormat.raw(PcmEncoding.PCM_S16LE, 16000, 1),
              w -> {
                throw new IllegalStateException("socket gone");
              });
      byte[] bytes = TestAudio.data(TestAudio.wav16(16000, TestAudio.speechLike(4, 16000, 1)));
      s.push(bytes, 0, bytes.length);
      Throwable t = failure(s);
      assertInstanceOf(java.io.IOException.class, t);
      assertTrue(
          t.getMessage().startsWith("l: the window listener failed: java.lang.Ill"),
          t.getMessage());
    }
  }

  @Test
  void closingTheEngineFailsItsOpenStreams() throws Exception {
    DetectionEngine engine = engine(1, 1);
    StreamSession s =
        engine.openStream("open", StreamFormat.raw(PcmEncoding.PCM_S16LE, 16000, 1), w -> {});
    s.offer(new byte[3200], 0, 3200);
    engine.close();
    Throwable t = failure(s);
    assertInstanceOf(IllegalStateException.class, t);
    assertEquals("detection engine closed before open was scored", t.getMessage());
    assertThrows(
        IllegalStateException.class, () -> engine.openStream("late", StreamFormat.wav(), w -> {}));
  }

  static void waitUntil(java.util.function.BooleanSupplier c) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!c.getAsBoolean() && System.nanoTime() < end) {
      Thread.sleep(5);
    }
    assertTrue(c.getAsBoolean());
  }
}
