package dev.vigil.trainer.vocode;

/** Input checks and the output level shared by the vocoders. */
final class Levels {
  /** The shortest input accepted: 0.1 s at 16 kHz. */
  static final int MIN_SAMPLES = 1600;

  /** The highest output peak. */
  static final double PEAK = 0.99;

  private Levels() {}

  /** The input as doubles; refuses one shorter than {@link #MIN_SAMPLES}. */
  static double[] checked(float[] samples) {
    if (samples.length < MIN_SAMPLES) {
      throw new IllegalArgumentException(
          String.format(
              "input is %d samples (%.3f s); copy-synthesis needs at least %d (0.1 s at 16 kHz)",
              samples.length, samples.length / 16000.0, MIN_SAMPLES));
    }
    double[] x = new double[samples.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = samples[i];
    }
    return x;
  }

  /** Root mean square of x[0 .. n). */
  static double rms(double[] x, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += x[i] * x[i];
    }
    return n == 0 ? 0 : Math.sqrt(s / n);
  }

  /**
   * y[0 .. n) scaled to the RMS of x, then down to a peak of {@link #PEAK} if it exceeds it; zeros
   * when either is silent.
   *
   * @throws IllegalStateException when y holds a non-finite sample (a vocoder bug, never written)
   */
  static float[] matched(double[] x, double[] y, int n, String method) {
    double peak = 0;
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(y[i])) {
        throw new IllegalStateException(method + " produced a non-finite sample at " + i);
      }
      peak = Math.max(peak, Math.abs(y[i]));
    }
    float[] out = new float[n];
    double in = rms(x, n);
    double got = rms(y, n);
    if (in == 0 || got == 0) {
      return out;
    }
    double g = in / got;
    if (peak * g > PEAK) {
      g = PEAK / peak;
    }
    for (int i = 0; i < n; i++) {
      out[i] = (float) Math.max(-1.0, Math.min(1.0, y[i] * g));
    }
    return out;
  }

  /** True when every sample is zero. */
  static boolean silent(double[] x) {
    for (double v : x) {
      if (v != 0) {
        return false;
      }
    }
    return true;
  }
}
