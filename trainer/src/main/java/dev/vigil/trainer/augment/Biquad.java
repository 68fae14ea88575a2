package dev.vigil.trainer.augment;

/** A second-order IIR section (RBJ cookbook low-/high-pass), applied in place. */
final class Biquad {
  private Biquad() {}

  /**
   * Filters {@code x[off .. off+len)} in place.
   *
   * @param highPass high-pass when true, else low-pass
   * @param cutoffHz cut-off frequency
   * @param rate sample rate
   */
  static void apply(float[] x, int off, int len, boolean highPass, double cutoffHz, double rate) {
    double w0 = 2 * Math.PI * cutoffHz / rate;
    double cos = Math.cos(w0);
    double alpha = Math.sin(w0) / (2 * Math.sqrt(0.5));
    double b0 = highPass ? (1 + cos) / 2 : (1 - cos) / 2;
    double b1 = highPass ? -(1 + cos) : 1 - cos;
    double b2 = b0;
    double a0 = 1 + alpha;
    double a1 = -2 * cos;
    double a2 = 1 - alpha;
    b0 /= a0;
    b1 /= a0;
    b2 /= a0;
    a1 /= a0;
    a2 /= a0;
    double x1 = 0;
    double x2 = 0;
    double y1 = 0;
    double y2 = 0;
    for (int i = off; i < off + len; i++) {
      double in = x[i];
      double y = b0 * in + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
      x2 = x1;
      x1 = in;
      y2 = y1;
      y1 = y;
      x[i] = (float) y;
    }
  }
}
