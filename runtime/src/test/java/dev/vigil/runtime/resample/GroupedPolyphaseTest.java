package dev.vigil.runtime.resample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The block form against the polyphase filter's definition, one double dot product per output. */
class GroupedPolyphaseTest {

  @ParameterizedTest
  @ValueSource(ints = {8000, 11025, 22050, 24000, 32000, 44100, 48000, 96000, 250, 1_024_000})
  void agreesWithOneDotProductPerOutput(int inRate) {
    SincKernel k = SincKernel.of(inRate, 16000);
    assertTrue(k.exact && k.grouped != null, inRate + " Hz has an exact table");
    Random rnd = new Random(inRate);
    float[] x = new float[(int) Math.min(inRate * 8L, 2_000_000)];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextGaussian() * 0.1f;
    }
    float[] y = ResamplerTest.resample(inRate, 16000, x);
    assertEquals(-Math.floorDiv(-(long) x.length * k.up, k.down), y.length);
    double signal = 0;
    double error = 0;
    double worst = 0;
    for (int n = 0; n < y.length; n++) {
      double ref = reference(k, x, n);
      signal += ref * ref;
      double d = y[n] - ref;
      error += d * d;
      worst = Math.max(worst, Math.abs(d));
    }
    double db = 10 * Math.log10(signal / error);
    System.out.printf(
        "resampler %7d -> 16000, float blocks vs double dot products: largest difference %.2g,"
            + " %.1f dB below the signal%n",
        inRate, worst, db);
    assertTrue(worst < 1e-6, inRate + " Hz: differs by " + worst);
    assertTrue(db > 120, inRate + " Hz: only " + db + " dB");
  }

  /** Output n: the table row of its phase against the input around n·M/L (zeros outside). */
  private static double reference(SincKernel k, float[] x, int n) {
    long t = (long) n * k.down;
    long center = t / k.up;
    int row = (int) (t % k.up) * k.taps;
    long first = center - k.half + 1;
    double sum = 0;
    for (int j = 0; j < k.taps; j++) {
      long i = first + j;
      if (i >= 0 && i < x.length) {
        sum += k.table[row + j] * x[(int) i];
      }
    }
    return sum;
  }
}
