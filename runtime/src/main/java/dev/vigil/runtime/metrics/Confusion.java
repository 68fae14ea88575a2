package dev.vigil.runtime.metrics;

/**
 * Confusion counts at one threshold, spoof being the positive class: a file is called spoof when
 * {@code score >= threshold}.
 *
 * @param truePositives spoof files called spoof
 * @param falsePositives bona fide files called spoof
 * @param trueNegatives bona fide files called bona fide
 * @param falseNegatives spoof files called bona fide
 */
public record Confusion(
    long truePositives, long falsePositives, long trueNegatives, long falseNegatives) {

  /** Checks that no count is negative. */
  public Confusion {
    if (truePositives < 0 || falsePositives < 0 || trueNegatives < 0 || falseNegatives < 0) {
      throw new IllegalArgumentException("confusion counts must be >= 0");
    }
  }

  /** Spoof files (positives). */
  public long spoof() {
    return truePositives + falseNegatives;
  }

  /** Bona fide files (negatives). */
  public long bonafide() {
    return falsePositives + trueNegatives;
  }

  /** All files. */
  public long total() {
    return spoof() + bonafide();
  }

  /** Share of spoof files called spoof (recall); NaN without spoof files. */
  public double truePositiveRate() {
    return ratio(truePositives, spoof());
  }

  /** Share of spoof files called bona fide (miss rate); NaN without spoof files. */
  public double falseNegativeRate() {
    return ratio(falseNegatives, spoof());
  }

  /** Share of bona fide files called spoof (false alarm rate); NaN without bona fide files. */
  public double falsePositiveRate() {
    return ratio(falsePositives, bonafide());
  }

  /** Share of bona fide files called bona fide; NaN without bona fide files. */
  public double trueNegativeRate() {
    return ratio(trueNegatives, bonafide());
  }

  /** Mean of the true-positive and true-negative rates; NaN when a class is missing. */
  public double balancedAccuracy() {
    return (truePositiveRate() + trueNegativeRate()) / 2.0;
  }

  /** Share of all files called right; NaN when there are no files. */
  public double accuracy() {
    return ratio(truePositives + trueNegatives, total());
  }

  private static double ratio(long num, long den) {
    return den == 0 ? Double.NaN : num / (double) den;
  }
}
