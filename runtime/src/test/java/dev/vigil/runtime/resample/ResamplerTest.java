package dev.vigil.runtime.resample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Streaming behaviour, timing and length of {@link Resampler}. */
class ResamplerTest {
  static final int[] RATES = {8000, 11025, 22050, 24000, 32000, 44100, 48000, 96000, 44056};

  /** Resamples a whole signal with one process call and a flush. */
  static float[] resample(int inRate, int outRate, float[] x) {
    Resampler r = new Resampler(inRate, outRate);
    float[] out = new float[r.maxOutput(x.length) + r.maxOutput(0)];
    int n = r.process(x, 0, x.length, out, 0);
    n += r.flush(out, n);
    return Arrays.copyOf(out, n);
  }

  @ParameterizedTest
  @ValueSource(ints = {8000, 11025, 22050, 24000, 32000, 44100, 48000, 96000, 44056, 16000})
  void randomBlockSplitsGiveIdenticalOutput(int inRate) {
    Random rnd = new Random(inRate);
    // long enough for whole blocks of output groups while streaming, then a partial one at flush
    float[] x = new float[500_000];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextGaussian() * 0.3f;
    }
    float[] whole = resample(inRate, 16000, x);
    Resampler r = new Resampler(inRate, 16000);
    float[] out = new float[whole.length + r.maxOutput(0)];
    int pos = 0;
    int n = 0;
    while (pos < x.length) {
      int len = Math.min(x.length - pos, rnd.nextInt(4) == 0 ? rnd.nextInt(3) : rnd.nextInt(5000));
      float[] block = new float[r.maxOutput(len)];
      int w = r.process(x, pos, len, block, 0);
      assertTrue(w <= r.maxOutput(len));
      System.arraycopy(block, 0, out, n, w);
      n += w;
      pos += len;
    }
    float[] tail = new float[r.maxOutput(0)];
    int w = r.flush(tail, 0);
    System.arraycopy(tail, 0, out, n, w);
    n += w;
    assertArrayEquals(whole, Arrays.copyOf(out, n), "rate " + inRate);
  }

  @ParameterizedTest
  @ValueSource(ints = {8000, 11025, 22050, 24000, 32000, 44100, 48000, 96000, 44056, 16000})
  void lengthIsCeilOfScaledLengthWithinOneOfRound(int inRate) {
    for (int len : new int[] {0, 1, 2, 7, 441, 1000, 44100, 44101, 96007}) {
      float[] y = resample(inRate, 16000, new float[len]);
      long exact = -Math.floorDiv(-(long) len * 16000, inRate);
      assertEquals(exact, y.length, inRate + " Hz, " + len + " samples");
      assertTrue(Math.abs(y.length - Math.round(len * 16000.0 / inRate)) <= 1);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {8000, 11025, 22050, 24000, 32000, 44100, 48000, 96000})
  void impulseComesOutAtTheSameInstant(int inRate) {
    int g = SincKernel.gcd(inRate, 16000);
    int down = inRate / g;
    int up = 16000 / g;
    int k0 = down * Math.max(1, 2000 / down); // an input index that maps to an output index
    float[] x = new float[k0 * 2 + 4000];
    x[k0] = 1f;
    float[] y = resample(inRate, 16000, x);
    int expected = k0 / down * up;
    int argmax = 0;
    for (int i = 1; i < y.length; i++) {
      if (Math.abs(y[i]) > Math.abs(y[argmax])) {
        argmax = i;
      }
    }
    assertEquals(expected, argmax, inRate + " Hz");
    for (int d = 1; d < 40; d++) {
      assertEquals(y[expected - d], y[expected + d], 1e-6, "symmetric response, offset " + d);
    }
    // the same impulse at input 0 peaks at output 0
    float[] z = new float[4000];
    z[0] = 1f;
    float[] yz = resample(inRate, 16000, z);
    for (int i = 1; i < yz.length; i++) {
      assertTrue(Math.abs(yz[i]) < Math.abs(yz[0]), "output " + i + " exceeds output 0");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {8000, 11025, 44100, 96000, 44056})
  void unitGainAtDc(int inRate) {
    float[] x = new float[inRate];
    Arrays.fill(x, 0.5f);
    float[] y = resample(inRate, 16000, x);
    for (int i = 400; i < y.length - 400; i++) {
      assertEquals(0.5, y[i], 1e-5, "sample " + i);
    }
  }

  @Test
  void passThroughCopies() {
    Resampler r = new Resampler(16000, 16000);
    float[] x = {1f, -2f, 3f};
    float[] out = new float[r.maxOutput(3)];
    assertEquals(3, r.process(x, 0, 3, out, 0));
    assertArrayEquals(x, out);
    assertEquals(0, r.flush(new float[0], 0));
  }

  @Test
  void flushResetsForANewStream() {
    float[] x = new float[5000];
    new Random(5).ints(5000).forEach(v -> {});
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.sin(i * 0.01);
    }
    Resampler r = new Resampler(44100, 16000);
    float[] a = new float[r.maxOutput(x.length) + r.maxOutput(0)];
    int na = r.process(x, 0, x.length, a, 0);
    na += r.flush(a, na);
    float[] b = new float[a.length];
    int nb = r.process(x, 0, x.length, b, 0);
    nb += r.flush(b, nb);
    assertEquals(na, nb);
    assertArrayEquals(a, b);
  }

  @Test
  void rejectsBadRatesAndShortOutput() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Resampler(0, 16000));
    assertTrue(e.getMessage().contains("> 0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Resampler(2_000_000, 16000));
    assertTrue(e.getMessage().contains("factor 64"), e.getMessage());
    Resampler r = new Resampler(44100, 16000);
    assertThrows(
        IndexOutOfBoundsException.class, () -> r.process(new float[100], 0, 100, new float[1], 0));
    assertThrows(
        IndexOutOfBoundsException.class, () -> r.process(new float[100], 50, 51, new float[99], 0));
  }

  @Test
  void supportedRangeIsAFactorOf64EitherWay() {
    assertTrue(Resampler.supports(250, 16000));
    assertTrue(!Resampler.supports(249, 16000));
    assertTrue(Resampler.supports(1_024_000, 16000));
    assertTrue(!Resampler.supports(1_024_001, 16000));
    assertTrue(!Resampler.supports(-1, 16000));
    assertTrue(!Resampler.supports(Integer.MAX_VALUE, 16000));
    // both extremes build and keep unit DC gain
    for (int rate : new int[] {250, 1_024_000}) {
      float[] x = new float[rate * 2];
      Arrays.fill(x, 1f);
      float[] y = resample(rate, 16000, x);
      assertEquals(1.0, y[y.length / 2], 1e-4, rate + " Hz");
    }
  }

  @Test
  void tablesAreSharedPerRatePair() {
    assertTrue(SincKernel.of(44100, 16000) == SincKernel.of(44100, 16000));
    assertTrue(SincKernel.of(44100, 16000).exact);
    assertTrue(!SincKernel.of(44056, 16000).exact, "L = 2000 uses interpolated phases");
  }
}
