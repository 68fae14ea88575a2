package dev.vigil.runtime.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.runtime.decode.AudioInputException;
import dev.vigil.runtime.testing.TestAudio;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SegmenterTest {
  private static final SegmentConfig CONFIG = SegmentConfig.defaults();
  private static final int W = CONFIG.windowSamples();

  private record Emitted(Window window, float[] samples) {}

  private static List<Emitted> segment(SegmentConfig config, float[] x, int[] blocks)
      throws Exception {
    List<Emitted> out = new ArrayList<>();
    Segmenter s =
        new Segmenter(
            config,
            "x.wav",
            (w, buf, off) -> out.add(new Emitted(w, Arrays.copyOfRange(buf, off, off + W))));
    int pos = 0;
    int b = 0;
    while (pos < x.length) {
      int len = Math.min(blocks[b++ % blocks.length], x.length - pos);
      s.push(x, pos, len);
      pos += len;
    }
    int n = s.finish();
    assertEquals(out.size(), n);
    assertEquals(x.length, s.samples());
    return out;
  }

  @Test
  void streamingEqualsWholeSignalSegmentationForAnyBlockSizes() throws Exception {
    SplittableRandom rnd = new SplittableRandom(3);
    for (int len : new int[] {W - 1, W, W + 1, (int) (2.3 * W), 10 * W + 123, 16000}) {
      float[] x = TestAudio.speechLike(len / 16000.0, 16000, len);
      x = Arrays.copyOf(x, len);
      for (int hop : new int[] {4800, 24000, 48000}) {
        SegmentConfig c = CONFIG.withHopSamples(hop);
        List<Long> plan = SegmentPlan.starts(len, W, hop);
        for (int[] blocks :
            new int[][] {{len}, {1 + rnd.nextInt(5000)}, {7, 4096, 100000, 1}, {W}, {2 * W + 1}}) {
          List<Emitted> got = segment(c, x, blocks);
          assertEquals(plan.size(), got.size(), "len " + len + " hop " + hop);
          for (int i = 0; i < got.size(); i++) {
            Window w = got.get(i).window();
            assertEquals(i, w.index());
            assertEquals(plan.get(i), w.startSample());
            float[] expected = new float[W];
            if (len >= W) {
              System.arraycopy(x, (int) w.startSample(), expected, 0, W);
              assertEquals(w.startSample() + W, w.endSample());
              assertFalse(w.tiled());
            } else {
              for (int k = 0; k < W; k++) {
                expected[k] = x[k % len];
              }
              assertEquals(len, w.endSample());
              assertTrue(w.tiled());
            }
            assertArrayEquals(expected, got.get(i).samples(), "window " + i);
          }
        }
      }
    }
  }

  @Test
  void windowTimesAreInSeconds() throws Exception {
    float[] x = TestAudio.speechLike(6.9, 16000, 1);
    List<Emitted> got = segment(CONFIG, x, new int[] {1000});
    assertEquals(4, got.size());
    assertEquals(0.0, got.get(0).window().startSeconds());
    assertEquals(3.0, got.get(0).window().endSeconds());
    assertEquals(1.5, got.get(1).window().startSeconds());
    assertEquals(3.9, got.get(3).window().startSeconds(), 1e-12);
    assertEquals(6.9, got.get(3).window().endSeconds(), 1e-12);
  }

  @Test
  void shortFileIsTiledAndItsEndIsTheFilesEnd() throws Exception {
    float[] x = TestAudio.speechLike(1.25, 16000, 2);
    List<Emitted> got = segment(CONFIG, x, new int[] {333});
    assertEquals(1, got.size());
    assertEquals(1.25, got.get(0).window().endSeconds(), 1e-12);
    assertEquals(x[5], got.get(0).samples()[20000 + 5]);
  }

  @Test
  void tooShortIsRefused() {
    float[] x = TestAudio.speechLike(0.5, 16000, 2);
    AudioInputException e =
        assertThrows(AudioInputException.class, () -> segment(CONFIG, x, new int[] {100}));
    assertEquals(AudioInputException.Problem.TOO_SHORT, e.problem());
    assertEquals(
        "x.wav: too short: 0.50 s of audio, the model needs at least 1.00 s", e.getMessage());
  }

  @Test
  void silentWindowsAreFlaggedAndScoredButSilenceOnlyIsRefused() throws Exception {
    float[] x =
        TestAudio.concat(
            TestAudio.speechLike(3.0, 16000, 4),
            TestAudio.silence(6.0, 16000),
            TestAudio.noise(3.0, 16000, 0.0005, 9));
    List<Emitted> got = segment(CONFIG, x, new int[] {4096});
    // starts 0, 1.5, 3, 4.5, 6, 7.5, 9 s
    assertEquals(7, got.size());
    boolean[] silent = new boolean[got.size()];
    for (int i = 0; i < silent.length; i++) {
      silent[i] = got.get(i).window().silent();
    }
    // noise at 0.0005 peak is about -70 dBFS: below the -60 dBFS floor
    assertArrayEquals(new boolean[] {false, false, true, true, true, true, true}, silent);
    assertEquals(Double.NEGATIVE_INFINITY, got.get(3).window().rmsDbfs());
    assertTrue(got.get(0).window().rmsDbfs() > -40);

    float[] quiet =
        TestAudio.concat(TestAudio.silence(2, 16000), TestAudio.noise(2, 16000, 1e-4, 1));
    AudioInputException e =
        assertThrows(AudioInputException.class, () -> segment(CONFIG, quiet, new int[] {4096}));
    assertEquals(AudioInputException.Problem.SILENCE_ONLY, e.problem());
    assertEquals(
        "x.wav: no speech: all 2 windows are below the silence floor of -60.0 dBFS",
        e.getMessage());
  }

  @Test
  void memoryStaysBoundedForALongSignal() throws Exception {
    // one hour pushed in 4096-sample blocks: the segmenter keeps 2 W floats whatever the length
    Segmenter s = new Segmenter(CONFIG, "long", (w, buf, off) -> assertEquals(2 * W, buf.length));
    float[] block = TestAudio.tone(440, 4096 / 16000.0, 16000, 0.3);
    long total = 0;
    while (total < 3600L * 16000) {
      s.push(block, 0, block.length);
      total += block.length;
    }
    assertEquals(SegmentPlan.count(total, W, 24000), s.finish());
  }

  @Test
  void hopIsValidatedAgainstTheModelsRange() {
    assertEquals(8000, CONFIG.withHopSeconds(0.5).hopSamples());
    assertEquals(CONFIG, CONFIG.withHopSeconds(null));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CONFIG.withHopSeconds(0.1));
    assertEquals("hop must be between 0.3 and 3.0 seconds for this model, got 0.1", e.getMessage());
  }

  @Test
  void sumOfSquaresCoversEverySampleAtAnyOffsetAndLength() {
    float[] x = new float[64];
    SplittableRandom rnd = new SplittableRandom(3);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (rnd.nextDouble() * 2 - 1);
    }
    for (int off = 0; off < 5; off++) {
      for (int n = 0; n <= 40; n++) {
        double naive = 0;
        for (int i = off; i < off + n; i++) {
          naive += (double) x[i] * x[i];
        }
        assertEquals(naive, Segmenter.sumOfSquares(x, off, n), 1e-12, off + "+" + n);
      }
    }
  }
}
