package dev.vigil.trainer.vocode;

import dev.vigil.trainer.augment.Biquad;
import java.util.Random;

/**
 * A classic LPC vocoder. Analysis: pre-emphasis 0.97; Hann-windowed frames of 25 ms (400 samples)
 * every 5 ms (80), each centred on the 5 ms it drives; order-20 autocorrelation LPC (white-noise
 * correction 1e-9, 60 Hz Gaussian lag window, Levinson-Durbin) with the prediction error power as
 * the gain; F0 by {@link PitchTracker}. Synthesis: an impulse train at the frame's F0 with its
 * phase carried across frames (plus noise 30 dB down) for voiced frames, Gaussian noise for
 * unvoiced ones, each at the frame's error power, through the all-pole filter whose coefficients
 * switch at frame boundaries (a frame whose recursion is unstable keeps the previous frame's), then
 * de-emphasis and a high-pass at 70 Hz (two second-order sections): an all-pole fit cannot follow
 * the pre-emphasised spectrum's dip near 0 Hz, so de-emphasis alone left a DC offset (up to 0.1 on
 * kit clips) and sub-70 Hz rumble 30-40 dB above the real clip's. Keeps no state between calls.
 */
public final class LpcVocoder implements Vocoder {
  static final int RATE = 16000;
  static final int ORDER = 20;
  static final int FRAME = 400;
  static final int HOP = 80;
  static final double EMPHASIS = 0.97;
  static final double WHITE_NOISE = 1e-9;
  static final double LAG_BANDWIDTH_HZ = 60;
  static final double VOICED_NOISE = 1e-3;
  static final double HIGH_PASS_HZ = 70;
  private static final double SILENT = 1e-18;

  private final double[] window = new double[FRAME];
  private final double[] lag = Lpc.lagWindow(ORDER, LAG_BANDWIDTH_HZ, RATE);
  private final double windowEnergy;

  /** The analysis of one clip, per frame i (driving samples i·80 .. i·80 + 79). */
  record Analysis(double[][] coefficients, double[] power, double[] f0) {
    int frames() {
      return f0.length;
    }
  }

  /** A vocoder. */
  public LpcVocoder() {
    double e = 0;
    for (int i = 0; i < FRAME; i++) {
      window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * (i + 0.5) / FRAME);
      e += window[i] * window[i];
    }
    windowEnergy = e;
  }

  @Override
  public float[] render(float[] samples, long seed) {
    double[] x = Levels.checked(samples);
    int n = x.length;
    if (Levels.silent(x)) {
      return new float[n];
    }
    Analysis an = analyse(x);
    double[] y = synthesise(an, n, new Random(seed));
    return Levels.matched(x, y, n, "lpc");
  }

  /** The analysis of samples, as {@link #render} makes it. */
  Analysis analyse(float[] samples) {
    return analyse(Levels.checked(samples));
  }

  private Analysis analyse(double[] x) {
    int n = x.length;
    int frames = (n + HOP - 1) / HOP;
    double[] e = new double[n];
    e[0] = x[0];
    for (int i = 1; i < n; i++) {
      e[i] = x[i] - EMPHASIS * x[i - 1];
    }
    double[][] coefficients = new double[frames][];
    double[] power = new double[frames];
    double[] frame = new double[FRAME];
    double[] r = new double[ORDER + 1];
    double[] a = new double[ORDER + 1];
    double[] tmp = new double[ORDER + 1];
    double[] previous = new double[ORDER + 1];
    previous[0] = 1;
    for (int f = 0; f < frames; f++) {
      int start = f * HOP + HOP / 2 - FRAME / 2;
      for (int i = 0; i < FRAME; i++) {
        int t = start + i;
        frame[i] = t >= 0 && t < n ? e[t] * window[i] : 0;
      }
      Lpc.autocorrelation(frame, FRAME, r, ORDER);
      if (r[0] <= SILENT) {
        coefficients[f] = previous.clone();
        continue;
      }
      r[0] *= 1 + WHITE_NOISE;
      for (int k = 1; k <= ORDER; k++) {
        r[k] *= lag[k];
      }
      double err = Lpc.levinson(r, ORDER, a, tmp);
      if (err < 0) {
        coefficients[f] = previous.clone();
        power[f] = Lpc.errorEnergy(r, previous, ORDER) / windowEnergy;
      } else {
        coefficients[f] = a.clone();
        power[f] = err / windowEnergy;
        System.arraycopy(a, 0, previous, 0, ORDER + 1);
      }
    }
    double[] f0 = PitchTracker.track(x, n, RATE, HOP / 2, HOP, frames);
    return new Analysis(coefficients, power, f0);
  }

  private static double[] synthesise(Analysis an, int n, Random rnd) {
    double[] y = new double[n];
    double[] hist = new double[ORDER];
    int h = 0;
    double phase = 1;
    double voicedNoise = Math.sqrt(VOICED_NOISE);
    double pulse = Math.sqrt(1 - VOICED_NOISE);
    double deemph = 0;
    for (int f = 0; f < an.frames(); f++) {
      double[] a = an.coefficients()[f];
      double gain = Math.sqrt(an.power()[f]);
      double f0 = an.f0()[f];
      if (f0 <= 0) {
        phase = 1;
      }
      int end = Math.min(n, (f + 1) * HOP);
      for (int t = f * HOP; t < end; t++) {
        double u;
        if (f0 > 0) {
          double imp = 0;
          phase += f0 / RATE;
          if (phase >= 1) {
            phase -= Math.floor(phase);
            imp = Math.sqrt(RATE / f0);
          }
          u = gain * (pulse * imp + voicedNoise * rnd.nextGaussian());
        } else {
          u = gain * rnd.nextGaussian();
        }
        double s = u;
        for (int k = 1; k <= ORDER; k++) {
          s -= a[k] * hist[(h - k + ORDER) % ORDER];
        }
        hist[h] = s;
        h = (h + 1) % ORDER;
        deemph = s + EMPHASIS * deemph;
        y[t] = deemph;
      }
    }
    Biquad.apply(y, 0, n, true, HIGH_PASS_HZ, RATE);
    Biquad.apply(y, 0, n, true, HIGH_PASS_HZ, RATE);
    return y;
  }
}
