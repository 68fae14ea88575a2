package dev.vigil.trainer.augment;

import java.util.Random;

/**
 * Applies the online augmentations of an {@link AugmentConfig}. One instance per worker thread
 * (holds scratch buffers; not thread-safe); the counters are shared.
 */
public final class Augmenter {
  private static final double RATE = 16000;
  private final AugmentConfig cfg;
  private final NoiseBank noise;
  private final AugmentCounts counts;
  private float[] scratch = new float[0];
  private final double[] fir = new double[65];

  /**
   * @param cfg probabilities and ranges
   * @param noise noise clips, or null (noise mixing then never runs)
   * @param counts shared counters of what ran
   */
  public Augmenter(AugmentConfig cfg, NoiseBank noise, AugmentCounts counts) {
    this.cfg = cfg;
    this.noise = noise;
    this.counts = counts;
  }

  /** Applies the waveform effects, each with its probability, to {@code x[off .. off+len)}. */
  public void waveform(float[] x, int off, int len, Random rnd) {
    if (hit(cfg.convolutive(), rnd, "convolutive")) {
      convolve(x, off, len, randomFir(rnd));
    }
    if (hit(cfg.bandLimit(), rnd, "band_limit")) {
      boolean hp = rnd.nextInt(3) == 0;
      double fc = hp ? 50 + 250 * rnd.nextDouble() : 3000 + 4500 * rnd.nextDouble();
      Biquad.apply(x, off, len, hp, fc, RATE);
    }
    if (hit(cfg.impulsive(), rnd, "impulsive")) {
      impulsive(x, off, len, rnd);
    }
    if (hit(cfg.coloured(), rnd, "coloured")) {
      coloured(x, off, len, rnd);
    }
    if (noise != null && hit(cfg.noise(), rnd, "noise")) {
      mixNoise(x, off, len, rnd);
    }
    if (hit(cfg.gain(), rnd, "gain")) {
      double db = cfg.gainMinDb() + (cfg.gainMaxDb() - cfg.gainMinDb()) * rnd.nextDouble();
      float g = (float) Math.pow(10, db / 20);
      for (int i = off; i < off + len; i++) {
        x[i] *= g;
      }
    }
    if (hit(cfg.companding(), rnd, "companding")) {
      if (rnd.nextBoolean()) {
        Companding.muLaw(x, off, len);
      } else {
        Companding.aLaw(x, off, len);
      }
    }
  }

  /**
   * SpecAugment on one feature map {@code f[off ..]} of {@code bins × frames}, row-major: one
   * frequency mask and one time mask, filled with 0 (the features are normalised around 0).
   */
  public void spectrogram(float[] f, int off, int bins, int frames, Random rnd) {
    if (!hit(cfg.specAugment(), rnd, "spec_augment")) {
      return;
    }
    int fw = rnd.nextInt(Math.min(cfg.freqMaskBins(), bins) + 1);
    int f0 = rnd.nextInt(bins - fw + 1);
    for (int b = f0; b < f0 + fw; b++) {
      java.util.Arrays.fill(f, off + b * frames, off + (b + 1) * frames, 0f);
    }
    int tw = rnd.nextInt(Math.min(cfg.timeMaskFrames(), frames) + 1);
    int t0 = rnd.nextInt(frames - tw + 1);
    for (int b = 0; b < bins; b++) {
      java.util.Arrays.fill(f, off + b * frames + t0, off + b * frames + t0 + tw, 0f);
    }
  }

  private boolean hit(double p, Random rnd, String name) {
    if (p <= 0 || rnd.nextDouble() >= p) {
      return false;
    }
    counts.hit(name);
    return true;
  }

  /** A random FIR: a sum of 1–3 windowed-sinc band-passes with random gains (RawBoost-like). */
  private double[] randomFir(Random rnd) {
    java.util.Arrays.fill(fir, 0);
    int m = fir.length - 1;
    int bands = 1 + rnd.nextInt(3);
    for (int k = 0; k < bands; k++) {
      double lo = 20 + 3000 * rnd.nextDouble();
      double hi = Math.min(7900, lo + 500 + 5000 * rnd.nextDouble());
      double gain = 0.3 + rnd.nextDouble();
      for (int i = 0; i <= m; i++) {
        double t = i - m / 2.0;
        double w = 0.54 - 0.46 * Math.cos(2 * Math.PI * i / m);
        fir[i] += gain * w * (sinc(2 * hi / RATE, t) - sinc(2 * lo / RATE, t));
      }
    }
    double norm = 0;
    for (double v : fir) {
      norm += Math.abs(v);
    }
    for (int i = 0; i <= m; i++) {
      fir[i] /= Math.max(norm, 1e-9);
    }
    fir[m / 2] += 0.5;
    return fir;
  }

  private static double sinc(double fc, double t) {
    return t == 0 ? fc : Math.sin(Math.PI * fc * t) / (Math.PI * t);
  }

  private void convolve(float[] x, int off, int len, double[] h) {
    float[] s = scratch(len);
    System.arraycopy(x, off, s, 0, len);
    int half = h.length / 2;
    for (int i = 0; i < len; i++) {
      double acc = 0;
      for (int k = 0; k < h.length; k++) {
        int j = i + half - k;
        if (j >= 0 && j < len) {
          acc += h[k] * s[j];
        }
      }
      x[off + i] = (float) acc;
    }
  }

  private void impulsive(float[] x, int off, int len, Random rnd) {
    double peak = 1e-4;
    for (int i = off; i < off + len; i++) {
      peak = Math.max(peak, Math.abs(x[i]));
    }
    int n = (int) (len * (0.001 + 0.01 * rnd.nextDouble()));
    for (int k = 0; k < n; k++) {
      int i = off + rnd.nextInt(len);
      x[i] += (float) ((rnd.nextDouble() * 2 - 1) * peak * 0.5);
    }
  }

  private void coloured(float[] x, int off, int len, Random rnd) {
    float[] s = scratch(len);
    for (int i = 0; i < len; i++) {
      s[i] = (float) rnd.nextGaussian();
    }
    boolean hp = rnd.nextBoolean();
    Biquad.apply(
        s, 0, len, hp, hp ? 2000 + 4000 * rnd.nextDouble() : 200 + 2000 * rnd.nextDouble(), RATE);
    addAtSnr(x, off, len, s, 0, 10 + 30 * rnd.nextDouble());
  }

  private void mixNoise(float[] x, int off, int len, Random rnd) {
    float[] n = noise.get(rnd.nextInt(noise.size()));
    float[] s = scratch(len);
    int start = n.length > len ? rnd.nextInt(n.length - len + 1) : 0;
    for (int i = 0; i < len; i++) {
      s[i] = n[(start + i) % n.length];
    }
    double snr = cfg.snrMinDb() + (cfg.snrMaxDb() - cfg.snrMinDb()) * rnd.nextDouble();
    addAtSnr(x, off, len, s, 0, snr);
  }

  private static void addAtSnr(float[] x, int off, int len, float[] n, int nOff, double snrDb) {
    double ps = 0;
    double pn = 0;
    for (int i = 0; i < len; i++) {
      ps += (double) x[off + i] * x[off + i];
      pn += (double) n[nOff + i] * n[nOff + i];
    }
    if (pn <= 0) {
      return;
    }
    double target = Math.max(ps, 1e-10 * len) / Math.pow(10, snrDb / 10);
    float g = (float) Math.sqrt(target / pn);
    for (int i = 0; i < len; i++) {
      x[off + i] += g * n[nOff + i];
    }
  }

  private float[] scratch(int len) {
    if (scratch.length < len) {
      scratch = new float[len];
    }
    return scratch;
  }
}
