package dev.vigil.runtime.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link FeatureExtractor#extractNext} reuses the frames overlapping windows share and still gives
 * exactly {@link FeatureExtractor#extract}'s features, whatever the advance it is told.
 */
class OverlapReuseTest {
  private static final FeatureSpec[] SPECS = {FeatureSpec.logmel(), FeatureSpec.loglinear()};

  private static float[] fresh(FeatureSpec spec, float[] x, int offset) {
    float[] out = new float[spec.featureSize()];
    FeatureExtractor.create(spec).extract(x, offset, out, 0);
    return out;
  }

  @Test
  void overlappingWindowsOfOneSignalEqualFreshExtractionBitForBit() {
    float[] x = FeatureKnownAnswerTest.noise(160000, 7, 0.2f);
    for (FeatureSpec spec : SPECS) {
      FeatureExtractor ex = FeatureExtractor.create(spec);
      float[] out = new float[spec.featureSize()];
      // the runtime's hop (1.5 s), an end-aligned last window (1.0 s), one frame, odd advances
      int[] starts = {0, 24000, 48000, 64000, 64160, 64161, 80000, 111999, 112000};
      long previous = -1;
      for (int s : starts) {
        ex.extractNext(x, s, out, 0, previous < 0 ? -1 : s - previous);
        assertArrayEquals(fresh(spec, x, s), out, spec.name() + " window at " + s);
        previous = s;
      }
    }
  }

  @Test
  void aWrongAdvanceOrAnotherSignalInBetweenOnlyCostsTheFullComputation() {
    float[] a = FeatureKnownAnswerTest.noise(96000, 1, 0.1f);
    float[] b = FeatureKnownAnswerTest.noise(96000, 2, 0.1f);
    for (FeatureSpec spec : SPECS) {
      FeatureExtractor ex = FeatureExtractor.create(spec);
      float[] out = new float[spec.featureSize()];
      ex.extractNext(a, 0, out, 0, -1);
      ex.extractNext(b, 24000, out, 0, 24000); // claims to follow a's window: it does not
      assertArrayEquals(fresh(spec, b, 24000), out, spec.name());
      ex.extractNext(a, 24000, out, 0, 24000); // a's next window, but b's came in between
      assertArrayEquals(fresh(spec, a, 24000), out, spec.name());
      ex.extractNext(a, 40000, out, 0, 24000); // the true advance is 16000
      assertArrayEquals(fresh(spec, a, 40000), out, spec.name());
      ex.extract(a, 0, out, 0);
      ex.extractNext(a, 24000, out, 0, 24000); // after a plain extract of a's window 0
      assertArrayEquals(fresh(spec, a, 24000), out, spec.name());
    }
  }

  @Test
  void reuseTransformsOnlyTheFramesTheWindowsDoNotShare() {
    float[] x = FeatureKnownAnswerTest.noise(160000, 3, 0.1f);
    for (FeatureSpec spec : SPECS) {
      SpectrogramExtractor ex = new SpectrogramExtractor(SpectrogramTables.of(spec));
      float[] out = new float[spec.featureSize()];
      ex.extract(x, 0, out, 0);
      long full = ex.framesComputed();
      ex.extractNext(x, 24000, out, 0, 24000);
      long reused = ex.framesComputed() - full;
      assertEquals(spec.frames(), full, spec.name());
      // half the window is shared at the runtime's 50 % overlap, less the frames at its edges
      assertTrue(reused > 0 && reused < 0.6 * full, spec.name() + ": " + reused + " of " + full);
      ex.extractNext(x, 24001, out, 0, 1); // an advance that is not a whole hop: no reuse
      assertEquals(full, ex.framesComputed() - full - reused, spec.name());
    }
  }
}
