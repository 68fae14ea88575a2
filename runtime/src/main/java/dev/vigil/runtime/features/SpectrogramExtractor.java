package dev.vigil.runtime.features;

import java.util.Objects;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The one implementation of {@link FeatureExtractor}: pre-emphasis, centre padding, windowed real
 * FFT in double precision, |X|^power, optional mel filters, ln(x + offset) ({@link FastLog}), then
 * per-window normalisation. Frames are computed frame-major, so each frame's bins are written
 * contiguously, and transposed to [bins][frames] as they are normalised. All buffers are allocated
 * once per instance.
 */
final class SpectrogramExtractor implements FeatureExtractor {
  private final FeatureSpec spec;
  private final SpectrogramTables tables;
  private final DoubleFFT_1D fft;
  private final int nFft;
  private final int nFreqs;
  private final int bins;
  private final int frames;
  private final int pad;
  private double[] padded;
  private double[] previous;
  private boolean previousValid;
  private final double[] frame;
  private final double[] spectrum;

  /** The log spectra, frame-major: frame t's bins at [t · bins, (t + 1) · bins). */
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
    this.fft = new DoubleFFT_1D(nFft);
    this.padded = new double[spec.windowSamples() + 2 * pad];
    this.previous = new double[padded.length];
    this.frame = new double[nFft];
    this.spectrum = new double[nFreqs];
    this.work = new double[bins * frames];
    this.bandShift = new double[bins];
    boolean minMax = "minmax".equals(spec.normalization());
    this.frameMin = minMax ? new double[frames] : null;
    this.frameMax = minMax ? new double[frames] : null;
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
    System.arraycopy(work, (first + d) * bins, work, first * bins, count * bins);
    if (frameMin != null) {
      System.arraycopy(frameMin, first + d, frameMin, first, count);
      System.arraycopy(frameMax, first + d, frameMax, first, count);
    }
    computeFrames(0, first);
    computeFrames(last + 1, frames);
    normalize(out, outOffset);
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
    double offset = spec.logOffset();
    MelFilterbank mel = tables.mel;
    for (int t = from; t < to; t++) {
      spectrumOfFrame(t);
      int row = t * bins;
      if (mel != null) {
        for (int m = 0; m < bins; m++) {
          work[row + m] = FastLog.log(mel.apply(m, spectrum) + offset);
        }
      } else {
        for (int k = 0; k < bins; k++) {
          work[row + k] = FastLog.log(spectrum[k] + offset);
        }
      }
      if (frameMin != null) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int b = 0; b < bins; b++) {
          double v = work[row + b];
          lo = v < lo ? v : lo;
          hi = v > hi ? v : hi;
        }
        frameMin[t] = lo;
        frameMax[t] = hi;
      }
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

  /** |X[k]|^power of frame t into {@link #spectrum}. */
  private void spectrumOfFrame(int t) {
    double[] w = tables.window;
    int base = t * spec.hopLength();
    int start = tables.windowStart;
    int end = tables.windowEnd;
    for (int i = 0; i < start; i++) {
      frame[i] = 0;
    }
    for (int i = start; i < end; i++) {
      frame[i] = padded[base + i] * w[i];
    }
    for (int i = end; i < nFft; i++) {
      frame[i] = 0;
    }
    fft.realForward(frame);
    double p = spec.power();
    double re0 = frame[0];
    double reNyq = frame[1];
    spectrum[0] = re0 * re0;
    spectrum[nFreqs - 1] = reNyq * reNyq;
    for (int k = 1; k < nFreqs - 1; k++) {
      double re = frame[2 * k];
      double im = frame[2 * k + 1];
      spectrum[k] = re * re + im * im;
    }
    if (p == 1.0) {
      for (int k = 0; k < nFreqs; k++) {
        spectrum[k] = Math.sqrt(spectrum[k]);
      }
    } else if (p != 2.0) {
      for (int k = 0; k < nFreqs; k++) {
        spectrum[k] = Math.pow(spectrum[k], p / 2.0);
      }
    }
  }

  /** Subtracts each band's mean over the window's frames. */
  private void meanSubtract(float[] out, int outOffset) {
    java.util.Arrays.fill(bandShift, 0);
    for (int t = 0; t < frames; t++) {
      int row = t * bins;
      for (int b = 0; b < bins; b++) {
        bandShift[b] += work[row + b];
      }
    }
    for (int b = 0; b < bins; b++) {
      bandShift[b] /= frames;
    }
    transpose(out, outOffset, 1.0, 0.0);
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
    transpose(out, outOffset, 2.0 / range, 1.0);
  }

  /**
   * Writes the frame-major work to {@code out} as [bins][frames]: (v − bandShift[b]) · scale − bias
   * (scale 1 and bias 0 leave the difference exact).
   */
  private void transpose(float[] out, int outOffset, double scale, double bias) {
    for (int t = 0; t < frames; t++) {
      int row = t * bins;
      for (int b = 0; b < bins; b++) {
        out[outOffset + b * frames + t] = (float) ((work[row + b] - bandShift[b]) * scale - bias);
      }
    }
  }
}
