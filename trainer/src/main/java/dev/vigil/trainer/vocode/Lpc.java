package dev.vigil.trainer.vocode;

import java.util.Arrays;

/**
 * Linear prediction by the autocorrelation method: autocorrelation, lag window, Levinson-Durbin.
 * Coefficients follow A(z) = 1 + Σ a[k]·z^-k, with a[0] = 1.
 */
final class Lpc {
  private Lpc() {}

  /** r[k] = Σ x[i]·x[i+k] over x[0 .. n), for k = 0 .. order. */
  static void autocorrelation(double[] x, int n, double[] r, int order) {
    for (int k = 0; k <= order; k++) {
      double acc = 0;
      for (int i = 0; i + k < n; i++) {
        acc += x[i] * x[i + k];
      }
      r[k] = acc;
    }
  }

  /** The Gaussian lag window exp(-(2π·bandwidth·k/rate)²/2), k = 0 .. order. */
  static double[] lagWindow(int order, double bandwidthHz, double rate) {
    double[] w = new double[order + 1];
    for (int k = 0; k <= order; k++) {
      double v = 2 * Math.PI * bandwidthHz * k / rate;
      w[k] = Math.exp(-0.5 * v * v);
    }
    return w;
  }

  /**
   * Levinson-Durbin recursion.
   *
   * @param r autocorrelation r[0 .. order]
   * @param a receives a[0 .. order]
   * @param tmp scratch of order + 1
   * @return the prediction error energy, or -1 when r[0] is not positive or a reflection
   *     coefficient reaches |k| ≥ 1 (a is then undefined)
   */
  static double levinson(double[] r, int order, double[] a, double[] tmp) {
    double err = r[0];
    if (!(err > 0)) {
      return -1;
    }
    Arrays.fill(a, 0, order + 1, 0.0);
    a[0] = 1;
    for (int i = 1; i <= order; i++) {
      double acc = r[i];
      for (int j = 1; j < i; j++) {
        acc += a[j] * r[i - j];
      }
      double k = -acc / err;
      if (!(Math.abs(k) < 1)) {
        return -1;
      }
      System.arraycopy(a, 0, tmp, 0, i);
      for (int j = 1; j < i; j++) {
        a[j] = tmp[j] + k * tmp[i - j];
      }
      a[i] = k;
      err *= 1 - k * k;
    }
    return err;
  }

  /** The prediction error energy Σ_j Σ_l a[j]·a[l]·r[|j − l|] of coefficients a on r. */
  static double errorEnergy(double[] r, double[] a, int order) {
    double e = 0;
    for (int j = 0; j <= order; j++) {
      for (int l = 0; l <= order; l++) {
        e += a[j] * a[l] * r[Math.abs(j - l)];
      }
    }
    return Math.max(0.0, e);
  }
}
