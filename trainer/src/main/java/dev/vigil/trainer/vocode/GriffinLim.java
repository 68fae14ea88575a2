package dev.vigil.trainer.vocode;

import dev.vigil.runtime.features.MelFilterbank;
import java.util.Arrays;
import java.util.Random;

/**
 * Griffin-Lim inversion of a log-mel spectrogram, as ESPnet's Griffin-Lim TTS systems vocode:
 * {@link Stft} power spectrum, 80 HTK mel bands from 0 to 8000 Hz (the runtime's {@link
 * MelFilterbank}), log(mel + 1e-6); back to mel power, to linear power by non-negative least
 * squares (50 multiplicative updates S ← S·(MᵀP)/(MᵀM·S + ε) from MᵀP), magnitude √S, then fast
 * Griffin-Lim (Perraudin et al. 2013, momentum 0.99) from a seeded random phase. Holds its buffers:
 * not thread-safe.
 */
public final class GriffinLim implements Vocoder {
  /** Mel bands. */
  public static final int MELS = 80;

  /** Griffin-Lim iterations by default. */
  public static final int DEFAULT_ITERATIONS = 32;

  static final double LOG_OFFSET = 1e-6;
  static final double MOMENTUM = 0.99;
  static final int NNLS_ITERATIONS = 50;
  private static final double NNLS_EPS = 1e-30;
  private static final double PHASE_EPS = 1e-16;
  private static final int BINS = Stft.BINS;

  private final int iterations;
  private final Stft stft = new Stft();
  private final int[] first = new int[MELS];
  private final double[][] weights = new double[MELS][];
  private final double[] melPower = new double[MELS];
  private final double[] projected = new double[MELS];
  private final double[] target = new double[BINS];
  private final double[] denominator = new double[BINS];
  private double[] re = new double[0];
  private double[] im = new double[0];
  private double[] mag = new double[0];
  private double[] angRe = new double[0];
  private double[] angIm = new double[0];
  private double[] prevRe = new double[0];
  private double[] prevIm = new double[0];
  private double[] logMel = new double[0];
  private double[] y = new double[0];

  /** With {@link #DEFAULT_ITERATIONS}. */
  public GriffinLim() {
    this(DEFAULT_ITERATIONS);
  }

  /**
   * @param iterations Griffin-Lim iterations (at least 1)
   */
  public GriffinLim(int iterations) {
    if (iterations < 1) {
      throw new IllegalArgumentException("Griffin-Lim iterations must be >= 1, got " + iterations);
    }
    this.iterations = iterations;
    MelFilterbank fb = MelFilterbank.create(16000, Stft.N_FFT, MELS, 0.0, 8000.0);
    for (int m = 0; m < MELS; m++) {
      first[m] = fb.firstBin(m);
      weights[m] = fb.weights(m);
    }
  }

  @Override
  public float[] render(float[] samples, long seed) {
    double[] x = Levels.checked(samples);
    int n = x.length;
    if (Levels.silent(x)) {
      return new float[n];
    }
    int frames = Stft.frames(n);
    logMel = Stft.grow(logMel, frames * MELS);
    logMel(x, n, logMel);
    mag = Stft.grow(mag, frames * BINS);
    for (int f = 0; f < frames; f++) {
      magnitude(logMel, f, mag);
    }
    y = Stft.grow(y, n);
    phase(mag, n, new Random(seed), y);
    return Levels.matched(x, y, n, "griffinlim");
  }

  /** The log-mel spectrogram of samples, [frame * MELS + band], as {@link #render} analyses. */
  double[] logMel(float[] samples) {
    double[] x = Levels.checked(samples);
    double[] out = new double[Stft.frames(x.length) * MELS];
    logMel(x, x.length, out);
    return out;
  }

  private void logMel(double[] x, int n, double[] out) {
    int frames = Stft.frames(n);
    ensureSpectra(frames * BINS);
    stft.forward(x, n, re, im);
    for (int f = 0; f < frames; f++) {
      int o = f * BINS;
      for (int m = 0; m < MELS; m++) {
        double[] w = weights[m];
        int k0 = o + first[m];
        double acc = 0;
        for (int j = 0; j < w.length; j++) {
          double a = re[k0 + j];
          double b = im[k0 + j];
          acc += w[j] * (a * a + b * b);
        }
        out[f * MELS + m] = Math.log(acc + LOG_OFFSET);
      }
    }
  }

  /** Frame f's linear magnitude from its log-mel by multiplicative-update NNLS. */
  private void magnitude(double[] logMel, int f, double[] mag) {
    for (int m = 0; m < MELS; m++) {
      melPower[m] = Math.max(0.0, Math.exp(logMel[f * MELS + m]) - LOG_OFFSET);
    }
    int o = f * BINS;
    transpose(melPower, target);
    System.arraycopy(target, 0, mag, o, BINS);
    for (int it = 0; it < NNLS_ITERATIONS; it++) {
      for (int m = 0; m < MELS; m++) {
        double[] w = weights[m];
        int k0 = o + first[m];
        double acc = 0;
        for (int j = 0; j < w.length; j++) {
          acc += w[j] * mag[k0 + j];
        }
        projected[m] = acc;
      }
      transpose(projected, denominator);
      for (int k = 0; k < BINS; k++) {
        mag[o + k] *= target[k] / (denominator[k] + NNLS_EPS);
      }
    }
    for (int k = 0; k < BINS; k++) {
      mag[o + k] = Math.sqrt(mag[o + k]);
    }
  }

  /** out = Mᵀ·bands. */
  private void transpose(double[] bands, double[] out) {
    Arrays.fill(out, 0.0);
    for (int m = 0; m < MELS; m++) {
      double[] w = weights[m];
      int k0 = first[m];
      double v = bands[m];
      for (int j = 0; j < w.length; j++) {
        out[k0 + j] += w[j] * v;
      }
    }
  }

  /** Fast Griffin-Lim: n samples whose STFT magnitude approaches mag. */
  private void phase(double[] mag, int n, Random rnd, double[] out) {
    int size = Stft.frames(n) * BINS;
    ensureSpectra(size);
    for (int i = 0; i < size; i++) {
      double a = 2 * Math.PI * rnd.nextDouble();
      angRe[i] = Math.cos(a);
      angIm[i] = Math.sin(a);
      prevRe[i] = 0;
      prevIm[i] = 0;
    }
    double beta = MOMENTUM / (1 + MOMENTUM);
    for (int it = 0; it < iterations; it++) {
      for (int i = 0; i < size; i++) {
        re[i] = mag[i] * angRe[i];
        im[i] = mag[i] * angIm[i];
      }
      stft.inverse(re, im, n, out);
      stft.forward(out, n, re, im);
      for (int i = 0; i < size; i++) {
        double a = re[i] - beta * prevRe[i];
        double b = im[i] - beta * prevIm[i];
        double norm = Math.sqrt(a * a + b * b) + PHASE_EPS;
        angRe[i] = a / norm;
        angIm[i] = b / norm;
        prevRe[i] = re[i];
        prevIm[i] = im[i];
      }
    }
    for (int i = 0; i < size; i++) {
      re[i] = mag[i] * angRe[i];
      im[i] = mag[i] * angIm[i];
    }
    stft.inverse(re, im, n, out);
  }

  private void ensureSpectra(int size) {
    re = Stft.grow(re, size);
    im = Stft.grow(im, size);
    angRe = Stft.grow(angRe, size);
    angIm = Stft.grow(angIm, size);
    prevRe = Stft.grow(prevRe, size);
    prevIm = Stft.grow(prevIm, size);
  }
}
