package dev.vigil.runtime.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.jtransforms.fft.DoubleFFT_1D;
import org.junit.jupiter.api.Test;

/** {@link FrameBatchFft} against JTransforms, one frame at a time, at every power-of-two size. */
class FrameBatchFftTest {
  private static double[] noise(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = rnd.nextDouble() * 2 - 1;
    }
    return x;
  }

  /** |X[k]|² of frame t, by JTransforms' real FFT. */
  private static double[] reference(double[] x, int hop, int t, double[] window) {
    int n = window.length;
    double[] f = new double[n];
    for (int i = 0; i < n; i++) {
      f[i] = x[t * hop + i] * window[i];
    }
    new DoubleFFT_1D(n).realForward(f);
    double[] p = new double[n / 2 + 1];
    if (n == 2) {
      p[0] = f[0] * f[0];
      p[1] = f[1] * f[1];
      return p;
    }
    p[0] = f[0] * f[0];
    p[n / 2] = f[1] * f[1];
    for (int k = 1; k < n / 2; k++) {
      p[k] = f[2 * k] * f[2 * k] + f[2 * k + 1] * f[2 * k + 1];
    }
    return p;
  }

  @Test
  void everySizeAndBatchAgreesWithJTransforms() {
    for (int n = 2; n <= 2048; n *= 2) {
      double[] window = noise(n, n);
      int hop = 7;
      double[] x = noise(100 * hop + n, 31 + n);
      FrameBatchFft fft = new FrameBatchFft(n);
      double[][] power = new double[n / 2 + 1][FrameBatchFft.LANES];
      for (int count : new int[] {1, 3, FrameBatchFft.LANES}) {
        int first = 5;
        fft.powerSpectra(x, hop, first, count, window, power);
        for (int c = 0; c < count; c++) {
          double[] ref = reference(x, hop, first + c, window);
          double scale = 0;
          for (double v : ref) {
            scale = Math.max(scale, v);
          }
          for (int k = 0; k <= n / 2; k++) {
            assertEquals(
                ref[k], power[k][c], 1e-12 * scale, "n=" + n + " count=" + count + " k=" + k);
          }
        }
      }
    }
  }

  @Test
  void aFramesResultDoesNotDependOnItsLaneOrBatch() {
    int n = 512;
    double[] window = noise(n, 1);
    double[] x = noise(200 * 160 + n, 2);
    FrameBatchFft fft = new FrameBatchFft(n);
    double[][] batch = new double[n / 2 + 1][FrameBatchFft.LANES];
    double[][] alone = new double[n / 2 + 1][FrameBatchFft.LANES];
    fft.powerSpectra(x, 160, 10, FrameBatchFft.LANES, window, batch);
    for (int c : new int[] {0, 1, 17, FrameBatchFft.LANES - 1}) {
      fft.powerSpectra(x, 160, 10 + c, 1, window, alone);
      double[] a = new double[n / 2 + 1];
      double[] b = new double[n / 2 + 1];
      for (int k = 0; k <= n / 2; k++) {
        a[k] = alone[k][0];
        b[k] = batch[k][c];
      }
      assertArrayEquals(a, b, "lane " + c); // bit for bit
    }
  }

  @Test
  void badSizesAndCountsAreRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new FrameBatchFft(384));
    assertEquals("n_fft must be a power of two >= 2, got 384", e.getMessage());
    FrameBatchFft fft = new FrameBatchFft(8);
    double[][] power = new double[5][FrameBatchFft.LANES];
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> fft.powerSpectra(new double[1000], 8, 0, 0, new double[8], power));
    assertTrue(e.getMessage().startsWith("count must be in [1, "), e.getMessage());
  }
}
