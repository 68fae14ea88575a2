package dev.vigil.runtime.features;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.runtime.resample.Resampler;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The hot paths allocate nothing per call (HotSpot's per-thread allocation counter). */
class NoAllocationTest {

  @Test
  void extractAndResampleAllocateNothingPerCall() {
    Assumptions.assumeTrue(
        ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
        "needs com.sun.management.ThreadMXBean");
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    float[] x = FeatureKnownAnswerTest.noise(96000, 1, 0.1f);
    for (FeatureSpec spec : new FeatureSpec[] {FeatureSpec.logmel(), FeatureSpec.loglinear()}) {
      FeatureExtractor ex = FeatureExtractor.create(spec);
      float[] out = new float[spec.featureSize()];
      ex.extract(x, 0, out, 0); // first call: class loading, lazy JIT structures
      long before = mx.getThreadAllocatedBytes(id);
      for (int i = 0; i < 3; i++) {
        ex.extract(x, 8000 * i, out, 0);
        ex.extractNext(x, 8000 * i + 16000, out, 0, 16000);
      }
      long allocated = mx.getThreadAllocatedBytes(id) - before;
      assertTrue(allocated < 1024, spec.name() + " allocated " + allocated + " bytes in 6 calls");
    }
    // 44.1 kHz computes whole blocks of output groups (about 2.6 s of input each): warm up over one
    // block, then measure over two more
    float[] y = FeatureKnownAnswerTest.noise(44100 * 9, 2, 0.1f);
    Resampler r = new Resampler(44100, 16000);
    float[] out = new float[r.maxOutput(4096)];
    int pos = 0;
    for (; pos < 44100 * 3; pos += 4096) {
      r.process(y, pos, 4096, out, 0);
    }
    long before = mx.getThreadAllocatedBytes(id);
    long written = 0;
    for (; pos + 4096 <= y.length; pos += 4096) {
      written += r.process(y, pos, 4096, out, 0);
    }
    long allocated = mx.getThreadAllocatedBytes(id) - before;
    assertTrue(written >= 2 * 40960, "measured over only " + written + " outputs");
    assertTrue(allocated < 1024, "resampler allocated " + allocated + " bytes");
  }
}
