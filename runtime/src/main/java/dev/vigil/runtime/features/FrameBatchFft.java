package dev.vigil.runtime.features;

/**
 * Power spectra |X[k]|² of up to {@link #LANES} windowed frames of one signal at once, in double
 * precision. A real FFT of n points is a complex FFT of n/2 points (even samples as the real part,
 * odd as the imaginary) followed by a split into the real transform's bins. The frames are the
 * innermost index of every array ([point][frame]), so each butterfly is a short loop over frames
 * that HotSpot compiles to SIMD; a frame's result does not depend on which lane it took. Not
 * thread-safe; all buffers are allocated once.
 */
final class FrameBatchFft {
  /** Frames transformed together. */
  static final int LANES = 64;

  private final int half;

  /** The complex transform, [point][frame], points in bit-reversed order after filling. */
  private final double[][] re;

  private final double[][] im;

  /** e^(−2πi·j/half) for j < half/2. */
  private final double[] cos;

  private final double[] sin;

  /** e^(−2πi·k/nFft)/2 for k ≤ half, the split's twiddles. */
  private final double[] halfCos;

  private final double[] halfSin;

  private final int[] bitReversed;

  /**
   * @param nFft the transform length, a power of two &gt;= 2
   */
  FrameBatchFft(int nFft) {
    if (nFft < 2 || Integer.bitCount(nFft) != 1) {
      throw new IllegalArgumentException("n_fft must be a power of two >= 2, got " + nFft);
    }
    this.half = nFft / 2;
    re = new double[half][LANES];
    im = new double[half][LANES];
    cos = new double[Math.max(1, half / 2)];
    sin = new double[cos.length];
    for (int j = 0; j < half / 2; j++) {
      cos[j] = Math.cos(2 * Math.PI * j / half);
      sin[j] = -Math.sin(2 * Math.PI * j / half);
    }
    halfCos = new double[half + 1];
    halfSin = new double[half + 1];
    for (int k = 0; k <= half; k++) {
      halfCos[k] = 0.5 * Math.cos(2 * Math.PI * k / nFft);
      halfSin[k] = -0.5 * Math.sin(2 * Math.PI * k / nFft);
    }
    bitReversed = new int[half];
    int bits = Integer.numberOfTrailingZeros(half);
    for (int i = 0; i < half; i++) {
      bitReversed[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
    }
  }

  /**
   * |X[k]|² of frames {@code first … first + count − 1}: frame t is {@code signal[t·hop + i] ·
   * window[i]} for i &lt; nFft.
   *
   * @param power receives bin k of the c-th frame at {@code power[k][c]}, for k ≤ nFft/2
   */
  void powerSpectra(
      double[] signal, int hop, int first, int count, double[] window, double[][] power) {
    if (count < 1 || count > LANES) {
      throw new IllegalArgumentException("count must be in [1, " + LANES + "], got " + count);
    }
    fill(signal, hop, first, count, window);
    for (int h = 1; h < half; h <<= 1) {
      int step = half / (2 * h);
      for (int g = 0; g < half; g += 2 * h) {
        for (int j = 0; j < h; j++) {
          butterfly(re[g + j], im[g + j], re[g + j + h], im[g + j + h], j * step, count);
        }
      }
    }
    for (int k = 0; k <= half / 2; k++) {
      split(k, count, power);
    }
  }

  /** z[n] = x[2n] + i·x[2n+1] of each frame, stored at the bit-reversed index of n. */
  private void fill(double[] signal, int hop, int first, int count, double[] window) {
    for (int n = 0; n < half; n++) {
      double[] r = re[bitReversed[n]];
      double[] q = im[bitReversed[n]];
      double w0 = window[2 * n];
      double w1 = window[2 * n + 1];
      int at = first * hop + 2 * n;
      for (int c = 0; c < count; c++, at += hop) {
        r[c] = signal[at] * w0;
        q[c] = signal[at + 1] * w1;
      }
    }
  }

  /** One radix-2 butterfly with twiddle j, for every frame (a small loop, so it vectorizes). */
  private void butterfly(double[] ar, double[] ai, double[] br, double[] bi, int j, int count) {
    double c = cos[j];
    double s = sin[j];
    for (int l = 0; l < count; l++) {
      double tr = br[l] * c - bi[l] * s;
      double ti = br[l] * s + bi[l] * c;
      double xr = ar[l];
      double xi = ai[l];
      br[l] = xr - tr;
      bi[l] = xi - ti;
      ar[l] = xr + tr;
      ai[l] = xi + ti;
    }
  }

  /**
   * Bins k and half − k of the real transform from Z[k] and Z[half − k]: with E = (Z[k] + conj
   * Z[half−k])/2 and O = (Z[k] − conj Z[half−k])/(2i), X[k] = E + w_k·O and X[half−k] = conj(E +
   * conj(w_(half−k))·O), w_j = e^(−2πij/n). Both are |E + w·O|², for w = w_k and conj w_(half−k).
   */
  private void split(int k, int count, double[][] power) {
    int mirror = (half - k) & (half - 1);
    double[] zr = re[k & (half - 1)];
    double[] zi = im[k & (half - 1)];
    double[] yr = re[mirror];
    double[] yi = im[mirror];
    binPower(zr, zi, yr, yi, halfCos[k], halfSin[k], power[k], count);
    binPower(zr, zi, yr, yi, halfCos[half - k], -halfSin[half - k], power[half - k], count);
  }

  /**
   * |E + w·O|² per frame, written out from the sums and differences of Z = (zr, zi) and Y = (yr,
   * yi), with (c, s) = w/2: one short loop, no intermediate array, so it vectorizes.
   */
  private static void binPower(
      double[] zr,
      double[] zi,
      double[] yr,
      double[] yi,
      double c,
      double s,
      double[] out,
      int count) {
    for (int l = 0; l < count; l++) {
      double sumR = zr[l] + yr[l];
      double difR = zr[l] - yr[l];
      double sumI = zi[l] + yi[l];
      double difI = zi[l] - yi[l];
      double xr = 0.5 * sumR + c * sumI + s * difR;
      double xi = 0.5 * difI - c * difR + s * sumI;
      out[l] = xr * xr + xi * xi;
    }
  }
}
