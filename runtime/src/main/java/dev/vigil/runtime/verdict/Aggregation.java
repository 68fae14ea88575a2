package dev.vigil.runtime.verdict;

import dev.vigil.runtime.decode.AudioInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * How segment scores become a file verdict (decisions.md): file score = sigmoid(mean over the
 * non-silent segments of logit(score)), scores clamped to [{@value #EPS}, 1 − {@value #EPS}] first;
 * the maximum non-silent segment score beside it; expert scores and gate weights averaged over the
 * non-silent segments; {@code spoof} when score ≥ threshold; the warning {@code
 * partial_spoof_suspected} when max ≥ threshold &gt; score.
 */
public final class Aggregation {
  private Aggregation() {}

  /** Scores are clamped to [EPS, 1 − EPS] before the logit. */
  public static final double EPS = 1e-7;

  /** log(p / (1 − p)) of p clamped to [EPS, 1 − EPS]. */
  public static double logit(double p) {
    double q = Math.min(1 - EPS, Math.max(EPS, p));
    return Math.log(q / (1 - q));
  }

  /** 1 / (1 + e^−x), computed without overflow. */
  public static double sigmoid(double x) {
    if (x >= 0) {
      return 1 / (1 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1 + e);
  }

  /** sigmoid(mean logit) of the non-silent segments' scores; NaN when there are none. */
  public static double fileScore(List<SegmentVerdict> segments) {
    double sum = 0;
    int n = 0;
    for (SegmentVerdict s : segments) {
      if (!s.silent()) {
        sum += logit(s.score());
        n++;
      }
    }
    return n == 0 ? Double.NaN : sigmoid(sum / n);
  }

  /** The warnings for a file score and maximum segment score at a threshold. */
  public static List<String> warnings(double score, double maxSegmentScore, double threshold) {
    List<String> w = new ArrayList<>(1);
    if (maxSegmentScore >= threshold && score < threshold) {
      w.add(FileVerdict.PARTIAL_SPOOF_SUSPECTED);
    }
    return w;
  }

  /**
   * Aggregates a file's segments into its verdict.
   *
   * @param source the input's name
   * @param channel the channel when scored apart, else -1
   * @param audio the source format
   * @param durationSeconds decoded duration at the model's rate
   * @param expertNames the model's experts, in output order
   * @param segments every window in time order, silent ones included
   * @param threshold the threshold to label at
   * @param timings where the time went
   * @throws IllegalArgumentException when every segment is silent (callers report that as {@code
   *     SILENCE_ONLY} before aggregating)
   */
  public static FileVerdict aggregate(
      String source,
      int channel,
      AudioInfo audio,
      double durationSeconds,
      List<String> expertNames,
      List<SegmentVerdict> segments,
      double threshold,
      FileVerdict.Timings timings) {
    int e = expertNames.size();
    double[] experts = new double[e];
    double[] gates = new double[e];
    double sum = 0;
    double max = Double.NEGATIVE_INFINITY;
    int n = 0;
    for (SegmentVerdict s : segments) {
      if (s.silent()) {
        continue;
      }
      n++;
      sum += logit(s.score());
      max = Math.max(max, s.score());
      for (int i = 0; i < e; i++) {
        experts[i] += s.expertScores().get(i);
        gates[i] += s.gateWeights().get(i);
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException(source + ": no non-silent segment to aggregate");
    }
    double score = sigmoid(sum / n);
    List<Double> expertMeans = new ArrayList<>(e);
    List<Double> gateMeans = new ArrayList<>(e);
    for (int i = 0; i < e; i++) {
      expertMeans.add(experts[i] / n);
      gateMeans.add(gates[i] / n);
    }
    return new FileVerdict(
        source,
        channel,
        Label.of(score, threshold),
        score,
        threshold,
        max,
        durationSeconds,
        audio,
        expertNames,
        expertMeans,
        gateMeans,
        segments,
        warnings(score, max, threshold),
        timings);
  }

  /**
   * The same verdict labelled at another threshold (per-request thresholds): label, threshold and
   * warnings change, scores do not.
   *
   * @throws IllegalArgumentException when the threshold is outside [0, 1]
   */
  public static FileVerdict relabel(FileVerdict v, double threshold) {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
    }
    List<String> warnings = new ArrayList<>();
    for (String w : v.warnings()) {
      if (!w.equals(FileVerdict.PARTIAL_SPOOF_SUSPECTED)) {
        warnings.add(w);
      }
    }
    warnings.addAll(warnings(v.score(), v.maxSegmentScore(), threshold));
    return new FileVerdict(
        v.source(),
        v.channel(),
        Label.of(v.score(), threshold),
        v.score(),
        threshold,
        v.maxSegmentScore(),
        v.durationSeconds(),
        v.audio(),
        v.expertNames(),
        v.expertScores(),
        v.gateWeights(),
        v.segments(),
        warnings,
        v.timings());
  }
}
