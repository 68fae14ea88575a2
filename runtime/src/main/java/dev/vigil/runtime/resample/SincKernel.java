package dev.vigil.runtime.resample;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The polyphase table of one rate pair: a Kaiser-windowed sinc low-pass evaluated at every phase an
 * output instant can fall on. Immutable and shared by every {@link Resampler} of that pair.
 *
 * <p>Design, with r = min(inRate, outRate): passband edge 0.4375·r, stop-band edge 0.5·r (the lower
 * Nyquist frequency), cut-off halfway (0.46875·r), Kaiser β for {@value #DESIGN_DB} dB and the
 * length Kaiser's formula gives for that transition width.
 */
final class SincKernel {
  /** Attenuation the Kaiser window is designed for, in dB. */
  static final double DESIGN_DB = 100.0;

  /** Passband edge as a fraction of min(inRate, outRate). */
  static final double PASS_EDGE = 0.4375;

  /** Stop-band edge as a fraction of min(inRate, outRate): the lower Nyquist frequency. */
  static final double STOP_EDGE = 0.5;

  /** Phases stored when the exact phase count L is too large; coefficients interpolate between. */
  private static final int INTERPOLATED_PHASES = 1024;

  private static final int MAX_EXACT_PHASES = 1024;
  private static final long MAX_TABLE = 1L << 22;
  private static final int CACHE_LIMIT = 32;
  private static final Map<Long, SincKernel> CACHE = new ConcurrentHashMap<>();

  /** L and M of outRate/inRate = L/M in lowest terms. */
  final int up;

  final int down;

  /** Taps reach from input index i − half + 1 to i + half around the output instant i + frac. */
  final int half;

  final int taps;

  /** True when {@link #table} has one row per phase p/L; false when rows are interpolated. */
  final boolean exact;

  /** Rows of the table: L when exact, else the interpolation grid size (plus one guard row). */
  final int phases;

  /** Row-major [rows][taps]; row r holds g(frac + half − 1 − j) for frac = r / phases. */
  final double[] table;

  /** The block-at-a-time form of an exact table; null when rows are interpolated. */
  final GroupedPolyphase grouped;

  private SincKernel(int inRate, int outRate) {
    int g = gcd(inRate, outRate);
    up = outRate / g;
    down = inRate / g;
    double low = Math.min(inRate, outRate);
    double cutoff = (PASS_EDGE + STOP_EDGE) / 2 * low; // Hz
    double c = 2.0 * cutoff / inRate; // cut-off relative to the input Nyquist frequency
    double transition = 2.0 * Math.PI * (STOP_EDGE - PASS_EDGE) * low / inRate; // rad/sample
    double order = (DESIGN_DB - 7.95) / (2.285 * transition);
    double h = order / 2.0; // half-width in input samples
    double beta = 0.1102 * (DESIGN_DB - 8.7);
    half = (int) Math.ceil(h);
    taps = 2 * half;
    long exactSize = (long) up * taps;
    exact = up <= MAX_EXACT_PHASES && exactSize <= MAX_TABLE;
    int rows;
    if (exact) {
      phases = up;
      rows = up;
    } else {
      phases = (int) Math.max(64, Math.min(INTERPOLATED_PHASES, MAX_TABLE / taps));
      rows = phases + 1;
    }
    table = new double[rows * taps];
    double i0Beta = besselI0(beta);
    for (int r = 0; r < rows; r++) {
      double frac = (double) r / phases;
      for (int j = 0; j < taps; j++) {
        double tau = frac + half - 1 - j;
        table[r * taps + j] = kernel(tau, c, h, beta, i0Beta);
      }
    }
    grouped = exact ? new GroupedPolyphase(up, down, taps, table) : null;
  }

  static SincKernel of(int inRate, int outRate) {
    Long key = ((long) inRate << 32) | outRate;
    SincKernel k = CACHE.get(key);
    if (k != null) {
      return k;
    }
    k = new SincKernel(inRate, outRate);
    if (CACHE.size() < CACHE_LIMIT) {
      SincKernel raced = CACHE.putIfAbsent(key, k);
      return raced != null ? raced : k;
    }
    return k;
  }

  /** c·sinc(c·τ)·kaiser(τ/h): unit DC gain for c ≤ 1, zero outside |τ| < h. */
  private static double kernel(double tau, double c, double h, double beta, double i0Beta) {
    double u = tau / h;
    if (Math.abs(u) >= 1.0) {
      return 0.0;
    }
    double x = Math.PI * c * tau;
    double sinc = x == 0 ? 1.0 : Math.sin(x) / x;
    return c * sinc * besselI0(beta * Math.sqrt(1.0 - u * u)) / i0Beta;
  }

  /** Modified Bessel function of the first kind, order 0, by its power series. */
  static double besselI0(double x) {
    double sum = 1.0;
    double term = 1.0;
    double q = x * x / 4.0;
    for (int k = 1; k < 500; k++) {
      term *= q / ((double) k * k);
      sum += term;
      if (term < sum * 1e-17) {
        break;
      }
    }
    return sum;
  }

  static int gcd(int a, int b) {
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}
