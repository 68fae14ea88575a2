package dev.vigil.runtime.resample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Resampler#drain}: a live stream's output without the block hold-back, same samples. */
class ResamplerDrainTest {

  @ParameterizedTest
  @ValueSource(ints = {8000, 22050, 44100, 48000, 96000, 44056, 16000})
  void drainingAfterRandomPiecesGivesTheSameSamplesWithoutTheBlockLag(int inRate) {
    Random rnd = new Random(inRate);
    float[] x = new float[300_000];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextGaussian() * 0.3f;
    }
    float[] whole = ResamplerTest.resample(inRate, 16000, x);
    Resampler r = new Resampler(inRate, 16000);
    float[] out = new float[whole.length + r.maxOutput(4096) + r.maxOutput(0)];
    int n = 0;
    long worstLag = 0;
    for (int pos = 0; pos < x.length; ) {
      int len = Math.min(x.length - pos, 1 + rnd.nextInt(4096));
      n += r.process(x, pos, len, out, n);
      n += r.drain(out, n);
      pos += len;
      // outputs still owed for the input so far: a group and half the filter at most
      long due = (long) Math.floor(pos * 16000.0 / inRate);
      worstLag = Math.max(worstLag, due - n);
    }
    n += r.flush(out, n);
    assertArrayEquals(whole, Arrays.copyOf(out, n), "drained output differs at " + inRate);
    // 128-output groups (at least) plus the filter's half length (about 52 outputs at 16 kHz)
    assertTrue(worstLag <= 400, "lag of " + worstLag + " outputs at " + inRate + " Hz");
  }

  @ParameterizedTest
  @ValueSource(ints = {44100, 16000, 44056})
  void drainWritesNothingTwice(int inRate) {
    Resampler r = new Resampler(inRate, 16000);
    float[] x = new float[20_000];
    Arrays.fill(x, 0.25f);
    float[] out = new float[r.maxOutput(x.length) + r.maxOutput(0)];
    int n = r.process(x, 0, x.length, out, 0);
    n += r.drain(out, n);
    assertEquals(0, r.drain(out, n), "nothing new came in");
  }
}
