package dev.vigil.runtime.features;

import java.util.Objects;

/**
 * The one implementation of {@link FeatureExtractor}: pre-emphasis, centre padding, windowed real
 * FFT in double precision, |X|^power, optional mel filters, ln(x + offset) ({@link FastLog}), then
 * per-window normalisation. Frames are transformed {@link FrameBatchFft#LANES} at a time and every
 * stage after the FFT runs along frames, so the log spectra are kept band-major ([bins][frames],
 * the output's layout). All buffers are allocated once per instance.
 */
final class SpectrogramExtractor implements FeatureExtractor {
  private final FeatureSpec spec;
  private final SpectrogramTables tables;
  private final FrameBatchFft fft;
  private final int nFft;
  private final int nFreqs;
  private final int bins;
  private final int frames;
  private final int pad;
  private double[] padded;
  private double[] previous;
  private boolean previousValid;

  /** Frames transformed since creation: lets tests see what reuse saves without a clock. */
  private long framesComputed;

  /** |X[k]|^power of the current batch of frames: bin k of its c-th frame at [k][c]. */
  private final double[][] spectra;

  /** One band's mel sums over the current batch of frames. */
  private final double[] bandSums;

  /** For min-max specs: the current batch's smallest and largest log value per frame. */
  private final double[] batchMin;

  private final double[] batchMax;

  /** The log spectra, band-major: band b's frame t at b · frames + t. */
  private final double[] work;

  /**
   * What each band is shifted by before scaling: its mean over the frames, or the map's minimum.
   */
  private final double[] bandShift;

  /** For min-max specs: each frame's smallest and largest log value (null otherwise). */
  private final double[] frameMin;

  private final double[] frameMax;

  SpectrogramExtractor(SpectrogramTables tables) {
    this.tables = tables;
    this.spec = tables.spec;
    this.nFft = spec.nFft();
    this.nFreqs = nFft / 2 + 1;
    this.bins = spec.bins();
    this.frames = spec.frames();
    this.pad = spec.center() ? nFft / 2 : 0;
    this.fft = new FrameBatchFft(nFft);
    this.padded = new double[spec.windowSamples() + 2 * pad];
    this.previous = new double[padded.length];
    this.spectra = new double[nFreqs][FrameBatchFft.LANES];
    this.bandSums = new double[FrameBatchFft.LANES];
    this.work = new double[bins * frames];
    this.bandShift = new double[bins];
    boolean minMax = "minmax".equals(spec.normalization());
    this.frameMin = minMax ? new double[frames] : null;
    this.frameMax = minMax ? new double[frames] : null;
    this.batchMin = minMax ? new double[FrameBatchFft.LANES] : null;
    this.batchMax = minMax ? new double[FrameBatchFft.LANES] : null;
  }

  @Override
  public FeatureSpec spec() {
    return spec;
  }

  @Override
  public void extract(float[] samples, int offset, float[] out, int outOffset) {
    Objects.requireNonNull(samples, "samples");
    Objects.requireNonNull(out, "out");
    Objects.checkFromIndexSize(offset, spec.windowSamples(), samples.length);
    Objects.checkFromIndexSize(outOffset, work.length, out.length);
    swapPadded();
    fillPadded(samples, offset);
    computeFrames(0, frames);
    normalize(out, outOffset);
  }

  @Override
  public void extractNext(float[] samples, int offset, float[] out, int outOffset, long advance) {
    Objects.requireNonNull(samples, "samples");
    Objects.requireNonNull(out, "out");
    Objects.checkFromIndexSize(offset, spec.windowSamples(), samples.length);
    Objects.checkFromIndexSize(outOffset, work.length, out.length);
    boolean had = previousValid;
    swapPadded();
    fillPadded(samples, offset);
    int hop = spec.hopLength();
    int n = spec.windowSamples();
    if (!had || advance <= 0 || advance >= n || advance % hop != 0) {
      computeFrames(0, frames);
      normalize(out, outOffset);
      return;
    }
    int shift = (int) advance;
    int d = shift / hop;
    // Frame t reads padded[t·hop, t·hop + nFft), i.e. samples i = t·hop − pad + j. It is shared
    // with
    // the previous window's frame t + d when all its samples lie in 1 <= i <= n − 1 − shift (clear
    // of
    // the reflect padding and of the first sample's pre-emphasis in both windows) and those samples
    // are equal in both windows.
    int first = ceilDiv(pad + 1, hop);
    int last = Math.floorDiv(n - 1 - shift + pad - nFft + 1, hop);
    if (last < first || !sameSamples(shift, first * hop, last * hop + nFft)) {
      computeFrames(0, frames);
      normalize(out, outOffset);
      return;
    }
    int count = last - first + 1;
    for (int b = 0; b < bins; b++) {
      System.arraycopy(work, b * frames + first + d, work, b * frames + first, count);
    }
    if (frameMin != null) {
      System.arraycopy(frameMin, first + d, frameMin, first, count);
      System.arraycopy(frameMax, first + d, frameMax, first, count);
    }
    computeFrames(0, first);
    computeFrames(last + 1, frames);
    normalize(out, outOffset);
  }

  /** How many frames this extractor has transformed so far. */
  long framesComputed() {
    return framesComputed;
  }

  /** Whether padded[from, to) equals the previous window's padded[from + shift, to + shift). */
  private boolean sameSamples(int shift, int from, int to) {
    return java.util.Arrays.equals(padded, from, to, previous, from + shift, to + shift);
  }

  /** The padded buffer becomes the previous one and the other one is refilled. */
  private void swapPadded() {
    double[] t = previous;
    previous = padded;
    padded = t;
    previousValid = true;
  }

  private static int ceilDiv(int a, int b) {
    return -Math.floorDiv(-a, b);
  }

  /** The log spectra of frames [from, to) into {@link #work} (and their extremes, for min-max). */
  private void computeFrames(int from, int to) {
    framesComputed += Math.max(0, to - from);
    for (int t = from; t < to; t += FrameBatchFft.LANES) {
      computeBatch(t, Math.min(FrameBatchFft.LANES, to - t));
    }
  }

  /** Frames [first, first + count), count ≤ {@link FrameBatchFft#LANES}. */
  private void computeBatch(int first, int count) {
    fft.powerSpectra(padded, spec.hopLength(), first, count, tables.window, spectra);
    double p = spec.power();
    if (p == 1.0) {
      for (double[] row : spectra) {
        for (int c = 0; c < count; c++) {
          row[c] = Math.sqrt(row[c]);
        }
      }
    } else if (p != 2.0) {
      for (double[] row : spectra) {
        for (int c = 0; c < count; c++) {
          row[c] = Math.pow(row[c], p / 2.0);
        }
      }
    }
    if (frameMin != null) {
      java.util.Arrays.fill(batchMin, 0, count, Double.POSITIVE_INFINITY);
      java.util.Arrays.fill(batchMax, 0, count, Double.NEGATIVE_INFINITY);
    }
    double offset = spec.logOffset();
    MelFilterbank mel = tables.mel;
    for (int b = 0; b < bins; b++) {
      double[] source = spectra[b];
      if (mel != null) {
        mel.apply(b, spectra, bandSums, count);
        source = bandSums;
      }
      int row = b * frames + first;
      for (int c = 0; c < count; c++) {
        work[row + c] = FastLog.log(source[c] + offset);
      }
      if (frameMin != null) {
        for (int c = 0; c < count; c++) {
          double v = work[row + c];
          batchMin[c] = Math.min(batchMin[c], v);
          batchMax[c] = Math.max(batchMax[c], v);
        }
      }
    }
    if (frameMin != null) {
      System.arraycopy(batchMin, 0, frameMin, first, count);
      System.arraycopy(batchMax, 0, frameMax, first, count);
    }
  }

  private void normalize(float[] out, int outOffset) {
    if (frameMin != null) { // min-max spec
      minMax(out, outOffset);
    } else {
      meanSubtract(out, outOffset);
    }
  }

  /** Pre-emphasised window (x[−1] = x[1]) with reflect padding of {@code pad} on each side. */
  private void fillPadded(float[] x, int off) {
    int n = spec.windowSamples();
    double a = spec.preEmphasis();
    if (a == 0) {
      for (int i = 0; i < n; i++) {
        padded[pad + i] = x[off + i];
      }
    } else {
      padded[pad] = (double) x[off] - a * x[off + 1];
      for (int i = 1; i < n; i++) {
        padded[pad + i] = (double) x[off + i] - a * x[off + i - 1];
      }
    }
    for (int j = 1; j <= pad; j++) {
      padded[pad - j] = padded[pad + j];
      padded[pad + n - 1 + j] = padded[pad + n - 1 - j];
    }
  }

  /** Subtracts each band's mean over the window's frames. */
  private void meanSubtract(float[] out, int outOffset) {
    for (int b = 0; b < bins; b++) {
      double sum = 0;
      for (int t = 0, row = b * frames; t < frames; t++) {
        sum += work[row + t];
      }
      bandShift[b] = sum / frames;
    }
    write(out, outOffset, 1.0, 0.0);
  }

  /** Scales the whole map to [−1, 1]; a constant map (max == min) becomes all zeros. */
  private void minMax(float[] out, int outOffset) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int t = 0; t < frames; t++) {
      min = Math.min(min, frameMin[t]);
      max = Math.max(max, frameMax[t]);
    }
    double range = max - min;
    if (!(range > 0)) {
      java.util.Arrays.fill(out, outOffset, outOffset + work.length, 0f);
      return;
    }
    java.util.Arrays.fill(bandShift, min);
    write(out, outOffset, 2.0 / range, 1.0);
  }

  /**
   * Writes the work to {@code out} ([bins][frames], its own layout): (v − bandShift[b]) · scale −
   * bias (scale 1 and bias 0 leave the difference exact).
   */
  private void write(float[] out, int outOffset, double scale, double bias) {
    for (int b = 0; b < bins; b++) {
      double shift = bandShift[b];
      int row = b * frames;
      for (int t = 0; t < frames; t++) {
        out[outOffset + row + t] = (float) ((work[row + t] - shift) * scale - bias);
      }
    }
  }
}
