package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.runtime.decode.AudioInputException;
import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.features.FeatureExtractor;
import dev.vigil.runtime.features.FeatureSpec;
import dev.vigil.runtime.model.ModelException;
import dev.vigil.runtime.segment.SegmentPlan;
import dev.vigil.runtime.testing.TestAudio;
import dev.vigil.runtime.testing.TestModels;
import dev.vigil.runtime.verdict.FileVerdict;
import dev.vigil.runtime.verdict.Label;
import dev.vigil.runtime.verdict.SegmentVerdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DetectorTest {
  @TempDir static Path dir;
  static Path twoExperts;
  static Detector detector;

  @BeforeAll
  static void load() throws Exception {
    twoExperts = TestModels.write(dir, TestModels.Variant.TWO_EXPERTS_MLP);
    detector = Detector.open(options(twoExperts).withMaxBatch(3));
  }

  @AfterAll
  static void close() {
    detector.close();
  }

  static DetectorOptions options(Path model) {
    return DetectorOptions.defaults().withModelPath(model).withDevice("cpu").withIntraOpThreads(1);
  }

  /** Scores computed without the runtime's pipeline: plan, features, plain-Java graph. */
  static double[] expectedSegmentScores(TestModels.Spec spec, float[] x, int hop) {
    List<Long> starts = SegmentPlan.starts(x.length, 48000, hop);
    double[] out = new double[starts.size()];
    float[][] feats = new float[spec.features().size()][];
    for (int i = 0; i < starts.size(); i++) {
      float[] window = new float[48000];
      for (int k = 0; k < 48000; k++) {
        long idx = starts.get(i) + k;
        window[k] = x.length >= 48000 ? x[(int) idx] : x[k % x.length];
      }
      for (int f = 0; f < feats.length; f++) {
        FeatureSpec fs = spec.features().get(f);
        feats[f] = new float[fs.bins() * fs.frames()];
        FeatureExtractor.create(fs).extract(window, 0, feats[f], 0);
      }
      out[i] = spec.reference(feats, window, 0).score();
    }
    return out;
  }

  static double meanLogit(double[] scores) {
    double sum = 0;
    for (double s : scores) {
      sum += Math.log(s / (1 - s));
    }
    double m = sum / scores.length;
    return 1 / (1 + Math.exp(-m));
  }

  @ParameterizedTest
  @EnumSource(TestModels.Variant.class)
  void endToEndScoresEqualAnIndependentComputation(TestModels.Variant v) throws Exception {
    TestModels.Spec spec = TestModels.spec(v);
    float[] x = TestAudio.speechLike(7.3, 16000, 11);
    byte[] wav = TestAudio.wavFloat(16000, x);
    try (Detector d = Detector.open(options(TestModels.write(dir, v)).withMaxBatch(2))) {
      List<FileVerdict> verdicts = d.detect(AudioSource.of(wav, "speech.wav"));
      assertEquals(1, verdicts.size());
      FileVerdict fv = verdicts.get(0);
      double[] expected = expectedSegmentScores(spec, x, 24000);
      assertEquals(expected.length, fv.segments().size());
      double[] got = new double[expected.length];
      for (int i = 0; i < got.length; i++) {
        SegmentVerdict s = fv.segments().get(i);
        got[i] = s.score();
        assertEquals(i, s.index());
        assertEquals(false, s.silent());
      }
      assertArrayEquals(expected, got, 5e-5);
      assertEquals(meanLogit(expected), fv.score(), 5e-5);
      assertEquals(0.0, fv.segments().get(0).startSeconds());
      assertEquals(7.3, fv.segments().get(got.length - 1).endSeconds(), 1e-9);
      assertEquals(7.3, fv.durationSeconds(), 1e-9);
      assertEquals("speech.wav", fv.source());
      assertEquals(-1, fv.channel());
      assertEquals(0.5, fv.threshold());
      assertEquals(Label.of(fv.score(), 0.5), fv.label());
      assertEquals(spec.experts().size(), fv.expertScores().size());
      assertEquals(16000, fv.audio().sampleRate());
      assertTrue(fv.timings().totalMillis() > 0);
      assertTrue(fv.timings().inferenceMillis() > 0);
      assertTrue(fv.timings().featuresMillis() > 0);
    }
  }

  @Test
  void differentAudioGetsDifferentScores() throws Exception {
    double speech =
        detector
            .detect(AudioSource.of(TestAudio.wav16(16000, TestAudio.speechLike(4, 16000, 1)), "a"))
            .get(0)
            .score();
    double tone =
        detector
            .detect(
                AudioSource.of(TestAudio.wav16(16000, TestAudio.tone(1000, 4, 16000, 0.5)), "b"))
            .get(0)
            .score();
    assertTrue(Math.abs(speech - tone) > 0.01, speech + " vs " + tone);
  }

  @Test
  void splitScoresEachChannelAndMixAveragesThem(@TempDir Path tmp) throws Exception {
    float[] left = TestAudio.speechLike(5, 16000, 21);
    float[] right = TestAudio.tone(300, 5, 16000, 0.3);
    float[] mono = new float[left.length];
    for (int i = 0; i < mono.length; i++) {
      mono[i] = (left[i] + right[i]) * 0.5f;
    }
    byte[] stereo = TestAudio.wavFloat(16000, left, right);
    FileVerdict mixed = detector.detect(AudioSource.of(stereo, "s.wav")).get(0);
    FileVerdict monoV =
        detector.detect(AudioSource.of(TestAudio.wavFloat(16000, mono), "m")).get(0);
    assertEquals(monoV.score(), mixed.score(), 1e-6);
    assertEquals(2, mixed.audio().channels());
    try (Detector split =
        Detector.open(options(twoExperts).withChannelMode(DetectorOptions.ChannelMode.SPLIT))) {
      List<FileVerdict> both = split.detect(AudioSource.of(stereo, "s.wav"));
      assertEquals(2, both.size());
      assertEquals(0, both.get(0).channel());
      assertEquals(1, both.get(1).channel());
      double l =
          detector.detect(AudioSource.of(TestAudio.wavFloat(16000, left), "l")).get(0).score();
      double r =
          detector.detect(AudioSource.of(TestAudio.wavFloat(16000, right), "r")).get(0).score();
      assertEquals(l, both.get(0).score(), 1e-6);
      assertEquals(r, both.get(1).score(), 1e-6);
      assertNotEquals(both.get(0).score(), both.get(1).score());
    }
  }

  @Test
  void otherRatesAreResampled() throws Exception {
    float[] x = TestAudio.speechLike(4.0, 44100, 5);
    FileVerdict v = detector.detect(AudioSource.of(TestAudio.wav16(44100, x), "cd.wav")).get(0);
    assertEquals(44100, v.audio().sampleRate());
    assertEquals(4.0, v.durationSeconds(), 0.01);
    assertEquals(
        SegmentPlan.count(Math.round(v.durationSeconds() * 16000), 48000, 24000),
        v.segments().size());
  }

  @Test
  void badInputIsAOneLineAudioInputException() {
    AudioInputException shortOne =
        assertThrows(
            AudioInputException.class,
            () ->
                detector.detect(
                    AudioSource.of(
                        TestAudio.wav16(16000, TestAudio.speechLike(0.4, 16000, 1)), "s.wav")));
    assertEquals(AudioInputException.Problem.TOO_SHORT, shortOne.problem());
    assertEquals(
        "s.wav: too short: 0.40 s of audio, the model needs at least 1.00 s",
        shortOne.getMessage());
    AudioInputException silent =
        assertThrows(
            AudioInputException.class,
            () ->
                detector.detect(
                    AudioSource.of(TestAudio.wav16(16000, TestAudio.silence(5, 16000)), "q.wav")));
    assertEquals(AudioInputException.Problem.SILENCE_ONLY, silent.problem());
    AudioInputException garbage =
        assertThrows(
            AudioInputException.class,
            () -> detector.detect(AudioSource.of("this is not audio at all".getBytes(), "g.bin")));
    assertTrue(garbage.getMessage().startsWith("g.bin: "), garbage.getMessage());
    assertTrue(!garbage.getMessage().contains("\n"));
  }

  @Test
  void tooLongIsRefusedWhenAMaximumIsSet() throws Exception {
    try (Detector d = Detector.open(options(twoExperts).withMaxDurationSeconds(2.0))) {
      AudioInputException e =
          assertThrows(
              AudioInputException.class,
              () ->
                  d.detect(
                      AudioSource.of(
                          TestAudio.wav16(16000, TestAudio.speechLike(3, 16000, 1)), "l.wav")));
      assertEquals(AudioInputException.Problem.TOO_LONG, e.problem());
      assertEquals("l.wav: too long: more than 2.0 s of audio (the limit)", e.getMessage());
    }
  }

  @Test
  void thresholdOperatingPointAndHop() throws Exception {
    byte[] wav = TestAudio.wavFloat(16000, TestAudio.speechLike(6, 16000, 3));
    FileVerdict base = detector.detect(AudioSource.of(wav, "a")).get(0);
    try (Detector fpr = Detector.open(options(twoExperts).withOperatingPoint("fpr_1pct"));
        Detector fixed = Detector.open(options(twoExperts).withThreshold(0.123));
        Detector hop = Detector.open(options(twoExperts).withHopSeconds(0.5))) {
      assertEquals(0.7, fpr.threshold());
      assertEquals(0.123, fixed.threshold());
      FileVerdict f = fixed.detect(AudioSource.of(wav, "a")).get(0);
      assertEquals(0.123, f.threshold());
      assertEquals(base.score(), f.score(), 1e-9);
      FileVerdict h = hop.detect(AudioSource.of(wav, "a")).get(0);
      assertEquals(SegmentPlan.count(96000, 48000, 8000), h.segments().size());
      assertEquals(0.5, h.segments().get(1).startSeconds());
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Detector.open(options(twoExperts).withOperatingPoint("best")));
    assertEquals("unknown operating point 'best' (this model has: eer, fpr_1pct)", e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> Detector.open(options(twoExperts).withHopSeconds(5.0)));
  }

  @Test
  void concurrentCallsGiveTheSameAnswersAsSequentialOnes() throws Exception {
    List<byte[]> inputs = new ArrayList<>();
    List<Double> sequential = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      byte[] wav = TestAudio.wav16(16000, TestAudio.speechLike(3 + i, 16000, 100 + i));
      inputs.add(wav);
      sequential.add(detector.detect(AudioSource.of(wav, "f" + i)).get(0).score());
    }
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<Double>> futures = new ArrayList<>();
      for (int i = 0; i < inputs.size(); i++) {
        byte[] wav = inputs.get(i);
        String name = "f" + i;
        futures.add(pool.submit(() -> detector.detect(AudioSource.of(wav, name)).get(0).score()));
      }
      for (int i = 0; i < futures.size(); i++) {
        assertEquals(sequential.get(i), futures.get(i).get(), 1e-9);
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void infoAndClosedState() throws Exception {
    Detector d = Detector.open(options(twoExperts));
    assertEquals("0.0.1-test", d.model().version());
    assertTrue(d.model().id().startsWith("sha256:"));
    assertEquals(List.of("lcnn_logmel", "resnet18_loglinear"), d.model().metadata().expertNames());
    d.close();
    d.close();
    assertTrue(d.loadedModel().isClosed());
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                d.detect(
                    AudioSource.of(
                        TestAudio.wav16(16000, TestAudio.speechLike(2, 16000, 1)), "x")));
    assertEquals("detector is closed", e.getMessage());
  }

  /** The "Embedding" snippet of docs/model-contract.md, with a test model and file. */
  @Test
  void embeddingSnippetRuns() throws Exception {
    Path wav =
        TestAudio.writeWav(dir.resolve("call.wav"), 16000, TestAudio.speechLike(4, 16000, 8));
    DetectorOptions options = DetectorOptions.defaults().withModelPath(twoExperts);
    try (Detector detector = Detector.open(options)) {
      FileVerdict v = detector.detect(AudioSource.of(wav)).get(0);
      System.out.printf(
          "%s %.3f (threshold %.3f, model %s)%n",
          v.label().wireName(), v.score(), v.threshold(), detector.model().id());
      for (SegmentVerdict s : v.segments()) {
        System.out.printf("  %6.1f-%6.1f s  %.3f%n", s.startSeconds(), s.endSeconds(), s.score());
      }
      assertEquals(2, v.segments().size());
    }
    try (dev.vigil.runtime.engine.DetectionEngine engine =
        dev.vigil.runtime.engine.DetectionEngine.open(
            options, dev.vigil.runtime.engine.EngineOptions.defaults())) {
      List<java.util.concurrent.CompletableFuture<List<FileVerdict>>> results = new ArrayList<>();
      for (Path p : List.of(wav, wav)) {
        results.add(engine.submit(AudioSource.of(p)));
      }
      for (java.util.concurrent.CompletableFuture<List<FileVerdict>> r : results) {
        assertEquals(2, r.join().get(0).segments().size());
      }
    }
  }

  @Test
  void brokenModelIsRefusedAtOpen() throws Exception {
    Path bad =
        TestModels.write(dir, TestModels.Variant.SINGLE_LOGMEL, TestModels.Defect.WEIGHTS_SHA256);
    ModelException e = assertThrows(ModelException.class, () -> Detector.open(options(bad)));
    assertEquals(ModelException.Check.WEIGHTS_SHA256, e.check());
    ModelException none =
        assertThrows(
            ModelException.class,
            () -> Detector.open(DetectorOptions.defaults().withDevice("cpu")));
    assertEquals(ModelException.Check.NO_DEFAULT_MODEL, none.check());
  }
}
