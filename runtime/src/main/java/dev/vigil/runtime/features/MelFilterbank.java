package dev.vigil.runtime.features;

/**
 * Triangular HTK mel filters without area normalisation, with torchaudio {@code melscale_fbanks}
 * semantics: the {@code nMels + 2} edge frequencies are equally spaced on the HTK mel scale between
 * {@code fMin} and {@code fMax}, and filter m's weight at FFT bin k (frequency k·(sr div 2)/(nFreqs
 * − 1)) is max(0, min((f − lo)/(c − lo), (hi − f)/(hi − c))) for edges lo, c, hi. Each filter
 * stores only its own non-zero bins, so applying it costs its width, not the full spectrum. Public
 * (with {@link #create}, {@link #bands}, {@link #firstBin} and {@link #weights}) so the trainer's
 * copy-synthesis inverts the same filters; immutable and thread-safe.
 */
public final class MelFilterbank {
  private final double[] edgesHz;
  private final int[] firstBin;
  private final double[][] weights;

  private MelFilterbank(double[] edgesHz, int[] firstBin, double[][] weights) {
    this.edgesHz = edgesHz;
    this.firstBin = firstBin;
    this.weights = weights;
  }

  /** HTK mel of a frequency in Hz: 2595·log10(1 + f/700). */
  static double hzToMel(double hz) {
    return 2595.0 * Math.log10(1.0 + hz / 700.0);
  }

  /** Inverse of {@link #hzToMel(double)}. */
  static double melToHz(double mel) {
    return 700.0 * (Math.pow(10.0, mel / 2595.0) - 1.0);
  }

  /** Frequency in Hz of FFT bin k, as torchaudio spaces them: linspace(0, sr div 2, nFreqs). */
  static double binHz(int k, int sampleRate, int nFreqs) {
    return k * (double) (sampleRate / 2) / (nFreqs - 1);
  }

  /**
   * Builds the filters.
   *
   * @param sampleRate the sample rate in Hz
   * @param nFft the FFT size; the spectrum has nFft/2 + 1 bins
   * @param nMels the number of filters
   * @param fMin the lowest edge in Hz
   * @param fMax the highest edge in Hz
   * @return the filterbank
   */
  public static MelFilterbank create(
      int sampleRate, int nFft, int nMels, double fMin, double fMax) {
    int nFreqs = nFft / 2 + 1;
    double melMin = hzToMel(fMin);
    double melMax = hzToMel(fMax);
    double[] edges = new double[nMels + 2];
    for (int i = 0; i < edges.length; i++) {
      edges[i] = melToHz(melMin + (melMax - melMin) * i / (nMels + 1));
    }
    int[] first = new int[nMels];
    double[][] w = new double[nMels][];
    double[] row = new double[nFreqs];
    for (int m = 0; m < nMels; m++) {
      double lo = edges[m];
      double c = edges[m + 1];
      double hi = edges[m + 2];
      int start = -1;
      int end = -1;
      for (int k = 0; k < nFreqs; k++) {
        double f = binHz(k, sampleRate, nFreqs);
        double up = (f - lo) / (c - lo);
        double down = (hi - f) / (hi - c);
        double v = Math.max(0.0, Math.min(up, down));
        row[k] = v;
        if (v > 0) {
          if (start < 0) {
            start = k;
          }
          end = k + 1;
        }
      }
      if (start < 0) {
        first[m] = 0;
        w[m] = new double[0];
      } else {
        first[m] = start;
        w[m] = java.util.Arrays.copyOfRange(row, start, end);
      }
    }
    return new MelFilterbank(edges, first, w);
  }

  /** The number of filters (nMels). */
  public int bands() {
    return weights.length;
  }

  /**
   * The nMels + 2 edge frequencies in Hz: filter m rises from edge m, peaks at m+1, ends at m+2.
   */
  double[] edgesHz() {
    return edgesHz.clone();
  }

  /** First FFT bin with a non-zero weight in filter m (0 when the filter is empty). */
  public int firstBin(int m) {
    return firstBin[m];
  }

  /** The non-zero run of filter m's weights, starting at {@link #firstBin(int)}. */
  public double[] weights(int m) {
    return weights[m].clone();
  }

  /** Σ_k w[m][k]·spectrum[k] over filter m's own bins only. */
  double apply(int m, double[] spectrum) {
    double[] w = weights[m];
    int k0 = firstBin[m];
    double acc = 0;
    for (int j = 0; j < w.length; j++) {
      acc += w[j] * spectrum[k0 + j];
    }
    return acc;
  }

  /**
   * {@link #apply(int, double[])} for {@code count} frames at once: {@code out[c]} = Σ_k
   * w[m][k]·spectra[k][c], summed in the same order, so each frame's value is the same.
   */
  void apply(int m, double[][] spectra, double[] out, int count) {
    java.util.Arrays.fill(out, 0, count, 0.0);
    double[] w = weights[m];
    int k0 = firstBin[m];
    for (int j = 0; j < w.length; j++) {
      double wj = w[j];
      double[] row = spectra[k0 + j];
      for (int c = 0; c < count; c++) {
        out[c] += wj * row[c];
      }
    }
  }
}
