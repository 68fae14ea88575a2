package dev.vigil.runtime.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link FastLog} against {@link Math#log}: within 1e-15 · max(1, |ln x|), the same specials. */
class FastLogTest {
  private static final double TOLERANCE = 1e-15;

  private static void assertClose(double x) {
    double expected = Math.log(x);
    double actual = FastLog.log(x);
    double error = Math.abs(actual - expected) / Math.max(1, Math.abs(expected));
    assertTrue(error <= TOLERANCE, "ln(" + x + "): " + actual + " instead of " + expected);
  }

  @Test
  void matchesMathLogOverTheWholeNormalRange() {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 1_000_000; i++) {
      assertClose(Math.exp(random.nextDouble(-708, 709)));
    }
  }

  @Test
  void matchesMathLogWhereTheFrontEndsEvaluateIt() {
    // offset + |X| or offset + mel energy: from the offsets up to loud full-scale spectra
    SplittableRandom random = new SplittableRandom(12);
    for (int i = 0; i < 1_000_000; i++) {
      assertClose(1e-6 + Math.exp(random.nextDouble(-30, 12)));
    }
  }

  @Test
  void matchesMathLogAtEveryTableIntervalEdgeAndAroundOne() {
    for (int e = -20; e <= 20; e++) {
      for (int j = 0; j <= 128; j++) {
        double edge = Math.scalb(1 + j / 128.0, e);
        assertClose(edge);
        assertClose(Math.nextUp(edge));
        assertClose(Math.nextDown(edge));
      }
    }
    for (int i = -1000; i <= 1000; i++) {
      assertClose(1 + i * 1e-13);
    }
  }

  @Test
  void zeroNegativeSubnormalAndNonFiniteArgumentsGiveMathLogsResult() {
    double[] specials = {
      0.0,
      -0.0,
      -1.0,
      Double.MIN_VALUE,
      Double.MIN_NORMAL / 2,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      Double.NaN
    };
    for (double x : specials) {
      assertEquals(Math.log(x), FastLog.log(x), "ln(" + x + ")");
    }
    assertClose(Double.MIN_NORMAL);
    assertClose(Double.MAX_VALUE);
  }
}
