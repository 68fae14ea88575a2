package dev.vigil.trainer.vocode;

/** Test signals and measures shared by the vocoder tests. */
final class TestSignals {
  private TestSignals() {}

  /** 150 Hz with 20 harmonics (1/h amplitudes) under a 1.5 Hz amplitude envelope. */
  static float[] harmonic(int n) {
    float[] x = new float[n];
    for (int t = 0; t < n; t++) {
      double s = t / 16000.0;
      double env = 0.6 + 0.4 * Math.sin(2 * Math.PI * 1.5 * s);
      double v = 0;
      for (int h = 1; h <= 20; h++) {
        v += Math.sin(2 * Math.PI * 150 * h * s + 0.3 * h * h) / h;
      }
      x[t] = (float) (0.1 * env * v);
    }
    return x;
  }

  /**
   * A synthetic vowel: an impulse train at f0 through two resonances (700 Hz, 80 Hz bandwidth; 1200
   * Hz, 100 Hz bandwidth), scaled to a peak of 0.5.
   */
  static float[] vowel(int n, double f0) {
    double[] y = new double[n];
    double[][] poles = {{700, 80}, {1200, 100}};
    double[] in = new double[n];
    for (double t = 0; t < n; t += 16000 / f0) {
      in[(int) t] = 1;
    }
    for (double[] p : poles) {
      double r = Math.exp(-Math.PI * p[1] / 16000);
      double c = 2 * r * Math.cos(2 * Math.PI * p[0] / 16000);
      double y1 = 0;
      double y2 = 0;
      for (int t = 0; t < n; t++) {
        double v = in[t] + c * y1 - r * r * y2;
        y2 = y1;
        y1 = v;
        y[t] = v;
      }
      in = y.clone();
    }
    double peak = 0;
    for (double v : y) {
      peak = Math.max(peak, Math.abs(v));
    }
    float[] x = new float[n];
    for (int t = 0; t < n; t++) {
      x[t] = (float) (0.5 * y[t] / peak);
    }
    return x;
  }

  /** Normalised cross-correlation at lag 0. */
  static double correlation(float[] a, float[] b) {
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < a.length; i++) {
      ab += (double) a[i] * b[i];
      aa += (double) a[i] * a[i];
      bb += (double) b[i] * b[i];
    }
    return ab / Math.sqrt(aa * bb);
  }

  static double rms(float[] x) {
    double s = 0;
    for (float v : x) {
      s += (double) v * v;
    }
    return Math.sqrt(s / x.length);
  }

  static double peak(float[] x) {
    double p = 0;
    for (float v : x) {
      p = Math.max(p, Math.abs(v));
    }
    return p;
  }

  static boolean finite(float[] x) {
    for (float v : x) {
      if (!Float.isFinite(v)) {
        return false;
      }
    }
    return true;
  }
}
