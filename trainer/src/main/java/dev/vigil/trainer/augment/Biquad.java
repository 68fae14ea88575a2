package dev.vigil.trainer.augment;

/**
 * A second-order Butterworth section (RBJ cookbook low-/high-pass, Q = 1/√2), applied in place in
 * double precision: the augmenter's band limits and the copy-synthesis vocoders' filters.
 */
public final class Biquad {
  private Biquad() {}

  /**
   * Filters {@code x[off .. off+len)} in place.
   *
   * @param highPass high-pass when true, else low-pass
   * @param cutoffHz cut-off frequency
   * @param rate sample rate
   */
  public static void apply(
      float[] x, int off, int len, boolean highPass, double cutoffHz, double rate) {
    double[] c = coefficients(highPass, cutoffHz, rate);
    double x1 = 0;
    double x2 = 0;
    double y1 = 0;
    double y2 = 0;
    for (int i = off; i < off + len; i++) {
      double in = x[i];
      double y = c[0] * in + c[1] * x1 + c[2] * x2 - c[3] * y1 - c[4] * y2;
      x2 = x1;
      x1 = in;
      y2 = y1;
      y1 = y;
      x[i] = (float) y;
    }
  }

  /** The same over doubles. */
  public static void apply(
      double[] x, int off, int len, boolean highPass, double cutoffHz, double rate) {
    double[] c = coefficients(highPass, cutoffHz, rate);
    double x1 = 0;
    double x2 = 0;
    double y1 = 0;
    double y2 = 0;
    for (int i = off; i < off + len; i++) {
      double in = x[i];
      double y = c[0] * in + c[1] * x1 + c[2] * x2 - c[3] * y1 - c[4] * y2;
      x2 = x1;
      x1 = in;
      y2 = y1;
      y1 = y;
      x[i] = y;
    }
  }

  /** b0, b1, b2, a1, a2, normalised by a0. */
  private static double[] coefficients(boolean highPass, double cutoffHz, double rate) {
    double w0 = 2 * Math.PI * cutoffHz / rate;
    double cos = Math.cos(w0);
    double alpha = Math.sin(w0) / (2 * Math.sqrt(0.5));
    double a0 = 1 + alpha;
    double b0 = (highPass ? (1 + cos) / 2 : (1 - cos) / 2) / a0;
    double b1 = (highPass ? -(1 + cos) : 1 - cos) / a0;
    return new double[] {b0, b1, b0, -2 * cos / a0, (1 - alpha) / a0};
  }
}
