package dev.vigil.trainer.vocode;

import java.util.Arrays;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The STFT of {@link GriffinLim}, as {@code torch.stft}/{@code istft} with {@code center=True}:
 * periodic Hann window of 512 samples, n_fft 512, hop 128, reflect padding of 256 samples on both
 * sides, so n samples give 1 + n div 128 frames. The inverse is weighted overlap-add divided by the
 * window's summed squares. Spectra are flat arrays indexed {@code frame * BINS + bin}. Holds its
 * buffers: not thread-safe.
 */
final class Stft {
  static final int N_FFT = 512;
  static final int HOP = 128;
  static final int BINS = N_FFT / 2 + 1;
  private static final int PAD = N_FFT / 2;

  private final DoubleFFT_1D fft = new DoubleFFT_1D(N_FFT);
  private final double[] window = new double[N_FFT];
  private final double[] frame = new double[N_FFT];
  private double[] padded = new double[0];
  private double[] wss = new double[0];

  Stft() {
    for (int i = 0; i < N_FFT; i++) {
      window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / N_FFT);
    }
  }

  /** Frames of a signal of {@code length} samples. */
  static int frames(int length) {
    return 1 + length / HOP;
  }

  /**
   * Analyses x[0 .. length) into {@code re}/{@code im} (at least {@code frames(length) * BINS}).
   *
   * @throws IllegalArgumentException when length is not above 256 (reflect padding needs it)
   */
  void forward(double[] x, int length, double[] re, double[] im) {
    if (length <= PAD) {
      throw new IllegalArgumentException("STFT input of " + length + " samples; needs > " + PAD);
    }
    int total = length + 2 * PAD;
    padded = grow(padded, total);
    for (int i = 0; i < total; i++) {
      int j = i - PAD;
      if (j < 0) {
        j = -j;
      } else if (j >= length) {
        j = 2 * (length - 1) - j;
      }
      padded[i] = x[j];
    }
    int nf = frames(length);
    for (int f = 0; f < nf; f++) {
      int s = f * HOP;
      for (int i = 0; i < N_FFT; i++) {
        frame[i] = padded[s + i] * window[i];
      }
      fft.realForward(frame);
      int o = f * BINS;
      re[o] = frame[0];
      im[o] = 0;
      re[o + BINS - 1] = frame[1];
      im[o + BINS - 1] = 0;
      for (int k = 1; k < BINS - 1; k++) {
        re[o + k] = frame[2 * k];
        im[o + k] = frame[2 * k + 1];
      }
    }
  }

  /** Synthesises {@code length} samples into {@code out} from {@code frames(length)} spectra. */
  void inverse(double[] re, double[] im, int length, double[] out) {
    int total = length + 2 * PAD;
    padded = grow(padded, total);
    wss = grow(wss, total);
    Arrays.fill(padded, 0, total, 0.0);
    Arrays.fill(wss, 0, total, 0.0);
    int nf = frames(length);
    for (int f = 0; f < nf; f++) {
      int o = f * BINS;
      frame[0] = re[o];
      frame[1] = re[o + BINS - 1];
      for (int k = 1; k < BINS - 1; k++) {
        frame[2 * k] = re[o + k];
        frame[2 * k + 1] = im[o + k];
      }
      fft.realInverse(frame, true);
      int s = f * HOP;
      for (int i = 0; i < N_FFT; i++) {
        padded[s + i] += frame[i] * window[i];
        wss[s + i] += window[i] * window[i];
      }
    }
    for (int i = 0; i < length; i++) {
      out[i] = padded[PAD + i] / wss[PAD + i];
    }
  }

  static double[] grow(double[] a, int n) {
    return a.length >= n ? a : new double[Math.max(n, a.length + a.length / 2)];
  }
}
