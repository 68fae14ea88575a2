package dev.vigil.runtime.features;

/**
 * The natural logarithm for the front ends' log spectra, cheaper than {@link Math#log} (the front
 * end's CPU per window is what {@code vigil bench} prints): a 128-entry table of ln(c) around the
 * mantissa and a degree-6 polynomial of ln(1 + r) for |r| &lt; 1/256. Within 1e-15 · max(1, |ln x|)
 * of {@link Math#log} over the doubles' normal range ({@code FastLogTest}), far inside the
 * features' parity tolerance of 1e-4. Zero, negative, subnormal and non-finite arguments go to
 * {@link Math#log}.
 */
final class FastLog {
  private static final int TABLE_BITS = 7;
  private static final int MANTISSA_BITS = 52;
  private static final long MANTISSA_MASK = (1L << MANTISSA_BITS) - 1;
  private static final long ONE_EXPONENT = 0x3FFL << MANTISSA_BITS;
  private static final double LN2 = Math.log(2);

  /** ln 2 with its low 32 bits cleared, so that k · LN2_HI is exact for every exponent k. */
  private static final double LN2_HI =
      Double.longBitsToDouble(Double.doubleToRawLongBits(LN2) & 0xFFFFFFFF00000000L);

  private static final double LN2_LO = LN2 - LN2_HI;

  /** 1 / c_j for the centre c_j = 1 + (j + 1/2) / 128 of the mantissa's j-th interval. */
  private static final double[] INVERSE = new double[1 << TABLE_BITS];

  /** −ln(INVERSE[j]), of the rounded inverse, so that ln m = LOG_CENTRE[j] + ln(m · INVERSE[j]). */
  private static final double[] LOG_CENTRE = new double[1 << TABLE_BITS];

  static {
    for (int j = 0; j < INVERSE.length; j++) {
      INVERSE[j] = 1.0 / (1.0 + (j + 0.5) / INVERSE.length);
      LOG_CENTRE[j] = -Math.log(INVERSE[j]);
    }
  }

  private FastLog() {}

  /**
   * ln(x), as {@link Math#log} gives it to within 1e-15 · max(1, |ln x|); exactly for non-normal x.
   */
  static double log(double x) {
    long bits = Double.doubleToRawLongBits(x);
    long exponent = bits >>> MANTISSA_BITS;
    if (exponent == 0 || exponent >= 0x7FF) { // zero, subnormal, negative, infinite or NaN
      return Math.log(x);
    }
    int j = (int) (bits >>> (MANTISSA_BITS - TABLE_BITS)) & (INVERSE.length - 1);
    double m = Double.longBitsToDouble((bits & MANTISSA_MASK) | ONE_EXPONENT);
    double r = m * INVERSE[j] - 1.0; // not Math.fma: without FMA hardware it is very slow
    // ln(1 + r) = r − r²/2 + r³/3 − r⁴/4 + r⁵/5 − r⁶/6 + O(r⁷), |r| < 1/256
    double tail = r * r * (-0.5 + r * (1.0 / 3 + r * (-0.25 + r * (0.2 + r * (-1.0 / 6)))));
    double k = exponent - 1023;
    return k * LN2_HI + (LOG_CENTRE[j] + (r + (tail + k * LN2_LO)));
  }
}
