package dev.vigil.trainer.vocode;

import dev.vigil.trainer.augment.Biquad;
import java.util.Arrays;

/**
 * F0 per frame by the normalised cross-correlation (as in RAPT) of 40 ms frames of the signal
 * low-passed at 1 kHz (two second-order sections), for F0 from 60 to 400 Hz: the shortest lag whose
 * correlation is a local peak within 85 % of the best, refined by a parabola. A frame is voiced
 * when that peak reaches 0.5 and its energy is within 45 dB of the loudest frame's. The track is
 * then median-smoothed over 3 frames (unvoiced = 0, so a lone voiced or unvoiced frame follows its
 * neighbours).
 */
final class PitchTracker {
  static final double MIN_F0 = 60;
  static final double MAX_F0 = 400;
  static final int WINDOW = 640;
  static final double VOICING = 0.5;
  static final double OCTAVE = 0.85;
  static final double FLOOR_DB = -45;
  private static final double CUTOFF_HZ = 1000;

  private PitchTracker() {}

  /**
   * F0 in Hz (0 = unvoiced) of frames centred at {@code centre + i·hop}.
   *
   * @param x the signal
   * @param n its length
   * @param rate the sample rate
   * @param centre the first frame's centre
   * @param hop frame step
   * @param frames frame count
   */
  static double[] track(double[] x, int n, double rate, int centre, int hop, int frames) {
    int minLag = (int) Math.floor(rate / MAX_F0);
    int maxLag = (int) Math.ceil(rate / MIN_F0);
    int pad = WINDOW;
    double[] y = new double[n + 2 * pad];
    System.arraycopy(x, 0, y, pad, n);
    Biquad.apply(y, pad, n, false, CUTOFF_HZ, rate);
    Biquad.apply(y, pad, n, false, CUTOFF_HZ, rate);
    double[] cum = new double[y.length + 1];
    for (int i = 0; i < y.length; i++) {
      cum[i + 1] = cum[i] + y[i] * y[i];
    }
    double[] energy = new double[frames];
    double loudest = 0;
    for (int f = 0; f < frames; f++) {
      int s = pad + centre + f * hop - WINDOW / 2;
      energy[f] = cum[s + WINDOW] - cum[s];
      loudest = Math.max(loudest, energy[f]);
    }
    double floor = loudest * Math.pow(10, FLOOR_DB / 10);
    double[] phi = new double[maxLag + 2];
    double[] f0 = new double[frames];
    for (int f = 0; f < frames; f++) {
      if (!(energy[f] > floor)) {
        continue;
      }
      int s = pad + centre + f * hop - WINDOW / 2;
      double best = 0;
      for (int lag = minLag - 1; lag <= maxLag + 1; lag++) {
        int len = WINDOW - lag;
        double acc = 0;
        for (int i = s; i < s + len; i++) {
          acc += y[i] * y[i + lag];
        }
        double e1 = cum[s + len] - cum[s];
        double e2 = cum[s + lag + len] - cum[s + lag];
        double d = Math.sqrt(e1 * e2);
        phi[lag] = d > 0 ? acc / d : 0;
        if (lag >= minLag && lag <= maxLag) {
          best = Math.max(best, phi[lag]);
        }
      }
      if (best < VOICING) {
        continue;
      }
      for (int lag = minLag; lag <= maxLag; lag++) {
        if (phi[lag] >= OCTAVE * best && phi[lag] >= phi[lag - 1] && phi[lag] >= phi[lag + 1]) {
          double den = phi[lag - 1] - 2 * phi[lag] + phi[lag + 1];
          double delta = den < 0 ? 0.5 * (phi[lag - 1] - phi[lag + 1]) / den : 0;
          f0[f] = rate / (lag + Math.max(-0.5, Math.min(0.5, delta)));
          break;
        }
      }
    }
    return median3(f0);
  }

  /** The 3-point running median, edges repeated. */
  static double[] median3(double[] v) {
    double[] out = new double[v.length];
    double[] w = new double[3];
    for (int i = 0; i < v.length; i++) {
      w[0] = v[Math.max(0, i - 1)];
      w[1] = v[i];
      w[2] = v[Math.min(v.length - 1, i + 1)];
      Arrays.sort(w);
      out[i] = w[1];
    }
    return out;
  }
}
