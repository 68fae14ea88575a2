package dev.vigil.runtime.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Known answers that do not depend on the fixtures (decisions.md "Segments and features"). */
class FeatureKnownAnswerTest {

  @Test
  void hammingIs400PointsCentredWith56ZerosEachSide() {
    double[] w = Windows.padded("hamming", 400, 512);
    assertEquals(512, w.length);
    for (int i = 0; i < 56; i++) {
      assertEquals(0.0, w[i], "left pad " + i);
      assertEquals(0.0, w[511 - i], "right pad " + (511 - i));
    }
    // periodic Hamming: w[0] = 0.08, maximum 1.0 at n = N/2, symmetric about it
    assertEquals(0.08, w[56], 1e-15);
    assertEquals(1.0, w[56 + 200], 1e-15);
    for (int n = 1; n < 200; n++) {
      assertEquals(w[56 + 200 - n], w[56 + 200 + n], 1e-15);
    }
    assertTrue(w[56 + 399] > 0.08, "periodic: last point is not the first repeated");
  }

  @Test
  void hannIsFull512PointsPeriodic() {
    double[] w = Windows.padded("hann", 512, 512);
    assertEquals(0.0, w[0]);
    assertEquals(1.0, w[256], 1e-15);
    assertEquals(0.5 - 0.5 * Math.cos(2 * Math.PI / 512), w[511], 1e-15);
  }

  @Test
  void htkMelFilterEdgesAndPeaks() {
    MelFilterbank fb = MelFilterbank.create(16000, 512, 80, 20.0, 7600.0);
    double[] edges = fb.edgesHz();
    assertEquals(82, edges.length);
    assertEquals(20.0, edges[0], 1e-9);
    assertEquals(7600.0, edges[81], 1e-9);
    // HTK mel of 1000 Hz is 1000 mel (to 0.1 %), and the edges are equally spaced in mel
    assertEquals(1000.0, MelFilterbank.hzToMel(1000.0), 1.0);
    double step = MelFilterbank.hzToMel(edges[1]) - MelFilterbank.hzToMel(edges[0]);
    for (int i = 1; i < edges.length; i++) {
      assertEquals(
          step, MelFilterbank.hzToMel(edges[i]) - MelFilterbank.hzToMel(edges[i - 1]), 1e-9);
    }
    for (int m = 0; m < 80; m++) {
      double[] w = fb.weights(m);
      int k0 = fb.firstBin(m);
      assertTrue(w.length > 0, "filter " + m + " is empty");
      double peak = 0;
      int peakBin = -1;
      for (int j = 0; j < w.length; j++) {
        double f = (k0 + j) * 8000.0 / 256;
        // every non-zero bin lies strictly inside the triangle's edges
        assertTrue(f > edges[m] && f < edges[m + 2], "filter " + m + " bin " + (k0 + j));
        double expected =
            f <= edges[m + 1]
                ? (f - edges[m]) / (edges[m + 1] - edges[m])
                : (edges[m + 2] - f) / (edges[m + 2] - edges[m + 1]);
        assertEquals(expected, w[j], 1e-12);
        assertTrue(w[j] <= 1.0);
        if (w[j] > peak) {
          peak = w[j];
          peakBin = k0 + j;
        }
      }
      // the heaviest bin is one of the two bins around the centre frequency (no area scaling)
      double centreBin = edges[m + 1] / (8000.0 / 256);
      assertTrue(Math.abs(peakBin - centreBin) < 1.0, "filter " + m + " peak at " + peakBin);
    }
    // first filter: 20 Hz is below bin 1 (31.25 Hz), so bin 0 has no weight
    assertTrue(fb.firstBin(0) >= 1);
    // last filter ends at 7600 Hz = bin 243.2: nothing at or above bin 244
    assertTrue(fb.firstBin(79) + fb.weights(79).length <= 244);
  }

  @Test
  void pureToneLandsInItsBin() {
    FeatureSpec spec = FeatureSpec.loglinear();
    float[] x = new float[48000];
    int bin = 64; // 2000 Hz
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (0.5 * Math.sin(2 * Math.PI * bin * 16000.0 / 512 * i / 16000.0));
    }
    float[] out = new float[spec.featureSize()];
    FeatureExtractor.create(spec).extract(x, 0, out, 0);
    // frames 2..298 see only real samples (frames 0, 1, 299, 300 reach into the reflect padding)
    for (int t = 2; t <= 298; t++) {
      int best = 0;
      for (int k = 1; k < spec.bins(); k++) {
        if (out[k * 301 + t] > out[best * 301 + t]) {
          best = k;
        }
      }
      assertEquals(bin, best, "frame " + t);
    }
    // the mel band whose centre is nearest 2000 Hz carries the most energy in logmel too
    FeatureSpec mel = FeatureSpec.logmel();
    float[] lm = new float[mel.featureSize()];
    FeatureExtractor.create(mel).extract(x, 0, lm, 0);
    double[] edges = MelFilterbank.create(16000, 512, 80, 20, 7600).edgesHz();
    int nearest = 0;
    for (int m = 0; m < 80; m++) {
      if (Math.abs(edges[m + 1] - 2000) < Math.abs(edges[nearest + 1] - 2000)) {
        nearest = m;
      }
    }
    // after mean subtraction a stationary tone is ~0 everywhere: check the unnormalised power
    double[] power = new double[257];
    power[bin] = 1;
    MelFilterbank fb = MelFilterbank.create(16000, 512, 80, 20, 7600);
    int bestBand = 0;
    for (int m = 0; m < 80; m++) {
      if (fb.apply(m, power) > fb.apply(bestBand, power)) {
        bestBand = m;
      }
    }
    assertTrue(Math.abs(bestBand - nearest) <= 1, "band " + bestBand + " vs " + nearest);
  }

  @Test
  void loglinearRangeIsExactlyMinusOneToOne() {
    FeatureSpec spec = FeatureSpec.loglinear();
    float[] x = noise(48000, 7, 0.3f);
    float[] out = new float[spec.featureSize()];
    FeatureExtractor.create(spec).extract(x, 0, out, 0);
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (float v : out) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertEquals(-1.0f, min);
    assertEquals(1.0f, max);
  }

  @Test
  void constantInputGivesAllZeros() {
    float[] zeros = new float[48000];
    for (FeatureSpec spec : new FeatureSpec[] {FeatureSpec.logmel(), FeatureSpec.loglinear()}) {
      float[] out = new float[spec.featureSize()];
      java.util.Arrays.fill(out, 9f);
      FeatureExtractor.create(spec).extract(zeros, 0, out, 0);
      for (float v : out) {
        // loglinear: max == min maps to exactly 0; logmel: x − mean(x) of equal values
        assertEquals(0f, v, spec.isMel() ? 1e-12f : 0f, spec.name());
      }
    }
  }

  @Test
  void logmelRowsHaveZeroMean() {
    FeatureSpec spec = FeatureSpec.logmel();
    float[] out = new float[spec.featureSize()];
    FeatureExtractor.create(spec).extract(noise(48000, 3, 0.1f), 0, out, 0);
    for (int m = 0; m < 80; m++) {
      double s = 0;
      for (int t = 0; t < 301; t++) {
        s += out[m * 301 + t];
      }
      assertEquals(0.0, s / 301, 1e-5, "band " + m);
    }
  }

  @Test
  void windowDependsOnItsOwnSamplesOnlyAndInstancesAreReusable() {
    for (FeatureSpec spec : new FeatureSpec[] {FeatureSpec.logmel(), FeatureSpec.loglinear()}) {
      float[] a = noise(48000, 11, 0.2f);
      float[] longer = new float[100000];
      float[] other = noise(100000, 12, 0.9f);
      System.arraycopy(other, 0, longer, 0, longer.length);
      System.arraycopy(a, 0, longer, 5000, a.length);
      FeatureExtractor ex = FeatureExtractor.create(spec);
      float[] ref = new float[spec.featureSize()];
      ex.extract(a, 0, ref, 0);
      float[] scratch = new float[spec.featureSize()];
      ex.extract(other, 100, scratch, 0); // a different window in between
      float[] again = new float[spec.featureSize()];
      ex.extract(longer, 5000, again, 0);
      assertArrayEquals(ref, again, spec.name());
    }
  }

  @Test
  void rangesAreChecked() {
    FeatureExtractor ex = FeatureExtractor.create(FeatureSpec.logmel());
    float[] out = new float[80 * 301];
    assertThrows(IndexOutOfBoundsException.class, () -> ex.extract(new float[47999], 0, out, 0));
    assertThrows(
        IndexOutOfBoundsException.class, () -> ex.extract(new float[48000], 0, new float[10], 0));
    assertThrows(IndexOutOfBoundsException.class, () -> ex.extract(new float[48000], 1, out, 0));
  }

  @Test
  void createSharesTables() {
    assertTrue(
        SpectrogramTables.of(FeatureSpec.logmel()) == SpectrogramTables.of(FeatureSpec.logmel()));
  }

  static float[] noise(int n, long seed, float amp) {
    Random r = new Random(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (amp * r.nextGaussian());
    }
    return x;
  }
}
