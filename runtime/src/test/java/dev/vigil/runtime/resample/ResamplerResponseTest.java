package dev.vigil.runtime.resample;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jtransforms.fft.DoubleFFT_1D;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Frequency response of {@link Resampler} measured with an FFT of the output: passband ripple over
 * tones up to 0.4375·min(in, out), and the level of everything a tone leaves outside its own bin
 * (aliases of tones above the output Nyquist frequency when downsampling, images when upsampling).
 * Tones are bin-centred at the output rate, so a rectangular window is exact for the tone; spurious
 * energy is summed over all other bins (leakage included). Prints the figures.
 */
class ResamplerResponseTest {
  private static final int N = 8192;
  private static final double MAX_RIPPLE_DB = 0.01;
  private static final double MIN_STOP_DB = 90.0;

  @ParameterizedTest
  @CsvSource({
    "8000,16000",
    "11025,16000",
    "22050,16000",
    "24000,16000",
    "32000,16000",
    "44100,16000",
    "48000,16000",
    "96000,16000",
    "44056,16000",
    "16000,8000"
  })
  void passbandRippleAndStopBand(int inRate, int outRate) {
    double low = Math.min(inRate, outRate);
    double binHz = (double) outRate / N;
    double passEdge = SincKernel.PASS_EDGE * low;
    double ripple = 0;
    double worstSpur = -400;
    // passband: 40 tones log-spaced from 50 Hz to the passband edge
    for (int i = 0; i < 40; i++) {
      double f = 50 * Math.pow(passEdge / 50, i / 39.0);
      int k = (int) Math.floor(f / binHz);
      Measurement m = measure(inRate, outRate, k);
      ripple = Math.max(ripple, Math.abs(m.toneDb));
      if (inRate < outRate) {
        worstSpur = Math.max(worstSpur, m.spurDb); // images of an upsampled tone
      }
    }
    String stopRange = "images of the passband tones";
    if (inRate > outRate) {
      // stop band: 40 tones from just above the output Nyquist frequency to 0.98 of the input's
      int k0 = N / 2 + 1;
      int k1 = (int) Math.floor(0.98 * inRate / 2 / binHz);
      for (int i = 0; i < 40; i++) {
        int k = k0 + (int) Math.round((k1 - k0) * i / 39.0);
        Measurement m = measure(inRate, outRate, k);
        worstSpur = Math.max(worstSpur, m.spurDb);
      }
      stopRange = String.format("tones %.0f-%.0f Hz", k0 * binHz, k1 * binHz);
    }
    System.out.printf(
        "resampler %6d -> %5d: passband ripple %.5f dB (50-%.0f Hz), stop-band attenuation %.1f dB"
            + " (%s), %d taps%n",
        inRate,
        outRate,
        ripple,
        passEdge,
        -worstSpur,
        stopRange,
        SincKernel.of(inRate, outRate).taps);
    assertTrue(ripple <= MAX_RIPPLE_DB, "ripple " + ripple + " dB");
    assertTrue(-worstSpur >= MIN_STOP_DB, "stop-band only " + -worstSpur + " dB");
  }

  private record Measurement(double toneDb, double spurDb) {}

  /**
   * Resamples a unit-amplitude tone of frequency k·outRate/N and analyses N output samples away
   * from both ends. toneDb = level in bin k (when below the output Nyquist); spurDb = level of the
   * energy in every other bin, as the amplitude of an equivalent tone.
   */
  private static Measurement measure(int inRate, int outRate, int k) {
    double f = (double) k * outRate / N;
    int skip = SincKernel.of(inRate, outRate).half * outRate / inRate + 64;
    int outLen = N + 2 * skip;
    int inLen = (int) ((long) outLen * inRate / outRate) + 8;
    float[] x = new float[inLen];
    for (int n = 0; n < inLen; n++) {
      x[n] = (float) Math.sin(2 * Math.PI * f * n / inRate + 0.3);
    }
    float[] y = ResamplerTest.resample(inRate, outRate, x);
    double[] a = new double[N];
    for (int n = 0; n < N; n++) {
      a[n] = y[skip + n];
    }
    new DoubleFFT_1D(N).realForward(a);
    int toneBin = k < N / 2 ? k : -1;
    double tone = 0;
    double spurEnergy = 0;
    for (int j = 0; j <= N / 2; j++) {
      double re;
      double im;
      if (j == 0) {
        re = a[0];
        im = 0;
      } else if (j == N / 2) {
        re = a[1];
        im = 0;
      } else {
        re = a[2 * j];
        im = a[2 * j + 1];
      }
      double mag2 = re * re + im * im;
      if (j == toneBin) {
        tone = 2 * Math.sqrt(mag2) / N;
      } else {
        spurEnergy += mag2;
      }
    }
    double toneDb = toneBin >= 0 ? 20 * Math.log10(tone) : Double.NaN;
    double spur = 2 * Math.sqrt(spurEnergy) / N;
    return new Measurement(toneDb, 20 * Math.log10(Math.max(spur, 1e-20)));
  }
}
