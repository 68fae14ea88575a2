package dev.vigil.trainer.eval;

import dev.vigil.runtime.verdict.Aggregation;
import dev.vigil.trainer.arch.Calibration;

/**
 * Fits the calibration score = sigmoid(a·x + b) on file-level logits x (the mean log-odds of a
 * file's windows) against the true labels, by Newton's method on the mean log-loss: {@code
 * temperature} fits a alone (b = 0), {@code platt} fits a and b. A tiny ridge keeps it finite when
 * the classes separate perfectly.
 */
public final class CalibrationFit {
  private static final double RIDGE = 1e-3;

  private CalibrationFit() {}

  /**
   * Fits a calibration.
   *
   * @param method {@code temperature}, {@code platt} or {@code none}
   * @param x file-level logits
   * @param isSpoof true labels
   * @return the fitted calibration ({@code none} returns the identity)
   */
  public static Calibration fit(String method, double[] x, boolean[] isSpoof) {
    switch (method) {
      case "none":
        return Calibration.none();
      case "temperature":
      case "platt":
        break;
      default:
        throw new IllegalArgumentException(
            "calibration must be temperature, platt or none; got " + method);
    }
    boolean platt = "platt".equals(method);
    double a = 1;
    double b = 0;
    for (int it = 0; it < 100; it++) {
      double ga = RIDGE * (a - 1);
      double gb = platt ? RIDGE * b : 0;
      double haa = RIDGE;
      double hab = 0;
      double hbb = RIDGE;
      for (int i = 0; i < x.length; i++) {
        double p = Aggregation.sigmoid(a * x[i] + b);
        double r = p - (isSpoof[i] ? 1 : 0);
        double s = Math.max(p * (1 - p), 1e-12);
        ga += r * x[i] / x.length;
        gb += r / x.length;
        haa += s * x[i] * x[i] / x.length;
        hab += s * x[i] / x.length;
        hbb += s / x.length;
      }
      double da;
      double db = 0;
      if (platt) {
        double det = haa * hbb - hab * hab;
        da = (hbb * ga - hab * gb) / det;
        db = (haa * gb - hab * ga) / det;
      } else {
        da = ga / haa;
      }
      a -= da;
      b -= db;
      if (Math.abs(da) + Math.abs(db) < 1e-10) {
        break;
      }
    }
    if (!(a > 0) || !Double.isFinite(a) || !Double.isFinite(b)) {
      return Calibration.none();
    }
    return new Calibration(method, a, platt ? b : 0.0);
  }

  /** Mean log-loss of sigmoid(a·x + b). */
  public static double logLoss(double[] x, boolean[] isSpoof, double a, double b) {
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      double z = a * x[i] + b;
      sum += isSpoof[i] ? softplus(-z) : softplus(z);
    }
    return sum / x.length;
  }

  private static double softplus(double z) {
    return z > 30 ? z : Math.log1p(Math.exp(z));
  }
}
