package dev.vigil.trainer.vocode;

/** Second-order Butterworth sections (RBJ cookbook, Q = 1/√2), applied in place in double. */
final class SecondOrderSection {
  private SecondOrderSection() {}

  /** Low-pass over y[off .. off+len). */
  static void lowPass(double[] y, int off, int len, double cutoffHz, double rate) {
    apply(y, off, len, false, cutoffHz, rate);
  }

  /** High-pass over y[off .. off+len). */
  static void highPass(double[] y, int off, int len, double cutoffHz, double rate) {
    apply(y, off, len, true, cutoffHz, rate);
  }

  private static void apply(
      double[] y, int off, int len, boolean highPass, double cutoffHz, double rate) {
    double w0 = 2 * Math.PI * cutoffHz / rate;
    double cos = Math.cos(w0);
    double alpha = Math.sin(w0) / Math.sqrt(2);
    double a0 = 1 + alpha;
    double b0 = (highPass ? (1 + cos) / 2 : (1 - cos) / 2) / a0;
    double b1 = (highPass ? -(1 + cos) : 1 - cos) / a0;
    double a1 = -2 * cos / a0;
    double a2 = (1 - alpha) / a0;
    double x1 = 0;
    double x2 = 0;
    double y1 = 0;
    double y2 = 0;
    for (int i = off; i < off + len; i++) {
      double in = y[i];
      double out = b0 * in + b1 * x1 + b0 * x2 - a1 * y1 - a2 * y2;
      x2 = x1;
      x1 = in;
      y2 = y1;
      y1 = out;
      y[i] = out;
    }
  }
}
