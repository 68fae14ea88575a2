package dev.vigil.runtime.features;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Java front ends against the independent numpy reference (fixtures), elementwise within
 * decisions.md's tolerance |Δ| ≤ 1e-4 · max(1, |reference|). Prints the maxima per signal.
 */
class FeatureParityTest {
  private static final double TOLERANCE = 1e-4;

  static java.util.List<String> signals() {
    return FeatureFixtures.SIGNALS;
  }

  @ParameterizedTest
  @MethodSource("signals")
  void logmelMatchesReference(String signal) {
    FeatureFixtures fx = FeatureFixtures.load(signal);
    compare(FeatureSpec.logmel(), signal, fx.input, fx.logmel);
  }

  @ParameterizedTest
  @MethodSource("signals")
  void loglinearMatchesReference(String signal) {
    FeatureFixtures fx = FeatureFixtures.load(signal);
    compare(FeatureSpec.loglinear(), signal, fx.input, fx.loglinear);
  }

  private static void compare(FeatureSpec spec, String signal, float[] input, float[] reference) {
    FeatureExtractor extractor = FeatureExtractor.create(spec);
    // offset inside a larger buffer, so the offsets are exercised too
    float[] samples = new float[input.length + 123];
    System.arraycopy(input, 0, samples, 123, input.length);
    float[] out = new float[reference.length + 7];
    out[6] = 42f;
    extractor.extract(samples, 123, out, 7);
    assertTrue(out[6] == 42f, "wrote before outOffset");
    double maxAbs = 0;
    double maxRel = 0;
    int worst = -1;
    for (int i = 0; i < reference.length; i++) {
      double ref = reference[i];
      double d = Math.abs(out[7 + i] - ref);
      double rel = d / Math.max(1.0, Math.abs(ref));
      maxAbs = Math.max(maxAbs, d);
      if (rel > maxRel || worst < 0) {
        maxRel = rel;
        worst = i;
      }
    }
    System.out.printf(
        "parity %-9s %-13s max|d|=%.3e max rel=%.3e%n", spec.name(), signal, maxAbs, maxRel);
    int f = worst / spec.frames();
    int t = worst % spec.frames();
    assertTrue(
        maxRel <= TOLERANCE,
        spec.name()
            + " "
            + signal
            + ": worst at [bin "
            + f
            + ", frame "
            + t
            + "] java="
            + out[7 + worst]
            + " reference="
            + reference[worst]);
  }
}
