package dev.vigil.runtime.features;

import java.util.Objects;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The one implementation of {@link FeatureExtractor}: pre-emphasis, centre padding, windowed real
 * FFT in double precision, |X|^power, optional mel filters, ln(x + offset), then per-window
 * normalisation. All buffers are allocated once per instance.
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
  private final double[] padded;
  private final double[] frame;
  private final double[] spectrum;
  private final double[] work;

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
    this.frame = new double[nFft];
    this.spectrum = new double[nFreqs];
    this.work = new double[bins * frames];
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
    fillPadded(samples, offset);
    for (int t = 0; t < frames; t++) {
      spectrumOfFrame(t);
      if (tables.mel != null) {
        MelFilterbank mel = tables.mel;
        for (int m = 0; m < bins; m++) {
          work[m * frames + t] = Math.log(mel.apply(m, spectrum) + spec.logOffset());
        }
      } else {
        for (int k = 0; k < bins; k++) {
          work[k * frames + t] = Math.log(spectrum[k] + spec.logOffset());
        }
      }
    }
    if ("minmax".equals(spec.normalization())) {
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
    spectrum[0] = raise(re0 * re0, p);
    spectrum[nFreqs - 1] = raise(reNyq * reNyq, p);
    for (int k = 1; k < nFreqs - 1; k++) {
      double re = frame[2 * k];
      double im = frame[2 * k + 1];
      spectrum[k] = raise(re * re + im * im, p);
    }
  }

  /** |X|^p from |X|². */
  private static double raise(double magSquared, double p) {
    if (p == 2.0) {
      return magSquared;
    }
    if (p == 1.0) {
      return Math.sqrt(magSquared);
    }
    return Math.pow(magSquared, p / 2.0);
  }

  private void meanSubtract(float[] out, int outOffset) {
    for (int r = 0; r < bins; r++) {
      int row = r * frames;
      double sum = 0;
      for (int t = 0; t < frames; t++) {
        sum += work[row + t];
      }
      double mean = sum / frames;
      for (int t = 0; t < frames; t++) {
        out[outOffset + row + t] = (float) (work[row + t] - mean);
      }
    }
  }

  /** Scales the whole map to [−1, 1]; a constant map (max == min) becomes all zeros. */
  private void minMax(float[] out, int outOffset) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : work) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    double range = max - min;
    if (!(range > 0)) {
      java.util.Arrays.fill(out, outOffset, outOffset + work.length, 0f);
      return;
    }
    for (int i = 0; i < work.length; i++) {
      out[outOffset + i] = (float) (2.0 * ((work[i] - min) / range) - 1.0);
    }
  }
}
