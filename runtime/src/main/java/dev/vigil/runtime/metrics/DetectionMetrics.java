package dev.vigil.runtime.metrics;

import java.util.Arrays;

/**
 * Metrics of a detector's scores against true labels. Spoof is the positive class and a file is
 * called spoof when {@code score >= threshold} ({@code score} = P(spoof), higher = more synthetic).
 *
 * <p>Every method takes parallel arrays: {@code scores[i]} is file i's score and {@code isSpoof[i]}
 * its true label. Scores must be finite (any real number works, not only [0, 1]). Candidate
 * thresholds are the distinct score values: a threshold between two scores classifies exactly as
 * the next score up does, so nothing is lost.
 */
public final class DetectionMetrics {

  private DetectionMetrics() {}

  /**
   * The equal error rate and its threshold: among the candidate thresholds, the one where the
   * false-positive rate (bona fide called spoof) and the false-negative rate (spoof called bona
   * fide) are closest; the EER is their mean there. Ties go to the lower EER, then the lower
   * threshold.
   *
   * @throws IllegalArgumentException when the arrays differ in length, a score is not finite, or a
   *     class has no file
   */
  public static EerPoint eer(double[] scores, boolean[] isSpoof) {
    Sorted s = Sorted.of(scores, isSpoof, true);
    double bestDiff = Double.POSITIVE_INFINITY;
    double bestEer = Double.NaN;
    double bestThreshold = Double.NaN;
    double bestFpr = Double.NaN;
    double bestFnr = Double.NaN;
    long negBelow = 0;
    long posBelow = 0;
    int i = 0;
    while (i < s.n) {
      double t = s.scores[i];
      double fpr = (s.negatives - negBelow) / (double) s.negatives;
      double fnr = posBelow / (double) s.positives;
      double diff = Math.abs(fpr - fnr);
      double eer = (fpr + fnr) / 2.0;
      if (diff < bestDiff || (diff == bestDiff && eer < bestEer)) {
        bestDiff = diff;
        bestEer = eer;
        bestThreshold = t;
        bestFpr = fpr;
        bestFnr = fnr;
      }
      while (i < s.n && s.scores[i] == t) {
        if (s.spoof[i]) {
          posBelow++;
        } else {
          negBelow++;
        }
        i++;
      }
    }
    return new EerPoint(bestEer, bestThreshold, bestFpr, bestFnr);
  }

  /**
   * The area under the ROC curve: the probability that a random spoof file scores above a random
   * bona fide file, ties counting one half (the Mann-Whitney U statistic with mid-ranks).
   *
   * @throws IllegalArgumentException when the arrays differ in length, a score is not finite, or a
   *     class has no file
   */
  public static double auc(double[] scores, boolean[] isSpoof) {
    Sorted s = Sorted.of(scores, isSpoof, true);
    double positiveRankSum = 0;
    int i = 0;
    while (i < s.n) {
      int j = i;
      long posInGroup = 0;
      while (j < s.n && s.scores[j] == s.scores[i]) {
        if (s.spoof[j]) {
          posInGroup++;
        }
        j++;
      }
      // ranks i+1 .. j share the mid-rank
      double midRank = (i + 1 + j) / 2.0;
      positiveRankSum += posInGroup * midRank;
      i = j;
    }
    double p = s.positives;
    double u = positiveRankSum - p * (p + 1) / 2.0;
    return u / (p * s.negatives);
  }

  /**
   * Confusion counts at a threshold, with the rates, balanced accuracy and accuracy they give.
   * Either class may be absent.
   *
   * @throws IllegalArgumentException when the arrays differ in length or a score is not finite
   */
  public static Confusion confusion(double[] scores, boolean[] isSpoof, double threshold) {
    check(scores, isSpoof, false);
    long tp = 0;
    long fp = 0;
    long tn = 0;
    long fn = 0;
    for (int i = 0; i < scores.length; i++) {
      boolean calledSpoof = scores[i] >= threshold;
      if (isSpoof[i]) {
        if (calledSpoof) {
          tp++;
        } else {
          fn++;
        }
      } else if (calledSpoof) {
        fp++;
      } else {
        tn++;
      }
    }
    return new Confusion(tp, fp, tn, fn);
  }

  /**
   * The lowest threshold whose false-positive rate (bona fide files with {@code score >=
   * threshold}) is at most {@code targetFpr}: it flags as many spoof files as that budget of false
   * alarms allows. When even the highest score flags too many bona fide files, the result is the
   * next double above the highest score (nothing is flagged). {@code targetFpr = 0.01} is the
   * {@code fpr_1pct} operating point.
   *
   * @param targetFpr the largest acceptable false-positive rate, in [0, 1]
   * @throws IllegalArgumentException when the arrays differ in length, a score is not finite, a
   *     class has no file, or the target is outside [0, 1]
   */
  public static double thresholdAtFpr(double[] scores, boolean[] isSpoof, double targetFpr) {
    if (!(targetFpr >= 0 && targetFpr <= 1)) {
      throw new IllegalArgumentException(
          "target false-positive rate must be in [0, 1], got " + targetFpr);
    }
    Sorted s = Sorted.of(scores, isSpoof, true);
    long negBelow = 0;
    int i = 0;
    while (i < s.n) {
      double t = s.scores[i];
      double fpr = (s.negatives - negBelow) / (double) s.negatives;
      if (fpr <= targetFpr) {
        return t;
      }
      while (i < s.n && s.scores[i] == t) {
        if (!s.spoof[i]) {
          negBelow++;
        }
        i++;
      }
    }
    return Math.nextUp(s.scores[s.n - 1]);
  }

  private static void check(double[] scores, boolean[] isSpoof, boolean needBothClasses) {
    if (scores.length != isSpoof.length) {
      throw new IllegalArgumentException(
          "scores and labels differ in length: " + scores.length + " vs " + isSpoof.length);
    }
    long pos = 0;
    for (int i = 0; i < scores.length; i++) {
      if (!Double.isFinite(scores[i])) {
        throw new IllegalArgumentException("score " + i + " is not finite: " + scores[i]);
      }
      if (isSpoof[i]) {
        pos++;
      }
    }
    if (needBothClasses && (pos == 0 || pos == scores.length)) {
      throw new IllegalArgumentException(
          "needs both bonafide and spoof files, got "
              + (scores.length - pos)
              + " bonafide and "
              + pos
              + " spoof");
    }
  }

  /** Scores sorted ascending with their labels carried along. */
  private static final class Sorted {
    final int n;
    final double[] scores;
    final boolean[] spoof;
    final long positives;
    final long negatives;

    private Sorted(double[] scores, boolean[] spoof, long positives) {
      this.n = scores.length;
      this.scores = scores;
      this.spoof = spoof;
      this.positives = positives;
      this.negatives = n - positives;
    }

    static Sorted of(double[] scores, boolean[] isSpoof, boolean needBothClasses) {
      check(scores, isSpoof, needBothClasses);
      int n = scores.length;
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
      double[] s = new double[n];
      boolean[] l = new boolean[n];
      long pos = 0;
      for (int i = 0; i < n; i++) {
        s[i] = scores[order[i]];
        l[i] = isSpoof[order[i]];
        if (l[i]) {
          pos++;
        }
      }
      return new Sorted(s, l, pos);
    }
  }
}
