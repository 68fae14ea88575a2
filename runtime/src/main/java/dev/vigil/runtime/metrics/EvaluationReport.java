package dev.vigil.runtime.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The evaluation of scored, labelled files at one threshold: pooled metrics and metrics per group
 * (a source, an attack, a data set), behind both {@code vigil evaluate} and {@code vigil-train
 * evaluate}. Spoof is the positive class; a file is called spoof when {@code score >= threshold}.
 * Where a set of files lacks a class, the metrics that need both are NaN.
 */
public final class EvaluationReport {

  /**
   * One scored file.
   *
   * @param file how the file is named
   * @param group the group it belongs to, or null for none
   * @param spoof its true label
   * @param score its score, P(spoof); finite
   */
  public record Row(String file, String group, boolean spoof, double score) {}

  /**
   * Metrics of one set of files; those that need both classes are NaN when one is missing.
   *
   * @param eer the equal error rate
   * @param eerThreshold the threshold at the EER
   * @param auc ROC AUC, ties counting one half
   * @param thresholdFpr1pct the lowest threshold flagging at most 1 % of the bona fide files
   * @param threshold the threshold the confusion counts are taken at
   * @param confusion the counts at {@code threshold}: files per class, false positive and negative
   *     rates, balanced accuracy, accuracy
   */
  public record Metrics(
      double eer,
      double eerThreshold,
      double auc,
      double thresholdFpr1pct,
      double threshold,
      Confusion confusion) {

    /** The metrics of scores against labels, counted at {@code threshold}. */
    public static Metrics of(double[] scores, boolean[] isSpoof, double threshold) {
      Confusion c = DetectionMetrics.confusion(scores, isSpoof, threshold);
      if (c.spoof() == 0 || c.bonafide() == 0) {
        return new Metrics(Double.NaN, Double.NaN, Double.NaN, Double.NaN, threshold, c);
      }
      EerPoint e = DetectionMetrics.eer(scores, isSpoof);
      return new Metrics(
          e.eer(),
          e.threshold(),
          DetectionMetrics.auc(scores, isSpoof),
          DetectionMetrics.thresholdAtFpr(scores, isSpoof, 0.01),
          threshold,
          c);
    }
  }

  /**
   * A group's row: its own files' metrics, and its EER the usual per-attack way.
   *
   * @param group the group
   * @param own the metrics of its files alone
   * @param eer its EER on its own files when it holds both classes, else of its files against every
   *     file of the other class; NaN when there is no such file
   * @param eerAgainst {@code itself}, {@code all spoof files} or {@code all bonafide files}; null
   *     when {@code eer} is NaN
   */
  public record GroupRow(String group, Metrics own, double eer, String eerAgainst) {}

  private final List<Row> rows;
  private final double threshold;
  private final Map<String, List<Row>> groups = new TreeMap<>();

  private EvaluationReport(List<Row> rows, double threshold) {
    this.rows = List.copyOf(rows);
    this.threshold = threshold;
    for (Row r : this.rows) {
      if (!Double.isFinite(r.score())) {
        throw new IllegalArgumentException(r.file() + ": score is not finite: " + r.score());
      }
      if (r.group() != null) {
        groups.computeIfAbsent(r.group(), g -> new ArrayList<>()).add(r);
      }
    }
  }

  /**
   * The report of these files.
   *
   * @param rows the scored files, in any order
   * @param threshold the threshold the counts and rates are taken at
   * @throws IllegalArgumentException when a score is not finite
   */
  public static EvaluationReport of(List<Row> rows, double threshold) {
    return new EvaluationReport(rows, threshold);
  }

  /** The threshold the counts and rates are taken at. */
  public double threshold() {
    return threshold;
  }

  /** All files together. */
  public Metrics pooled() {
    return metrics(r -> true);
  }

  /** The names of the groups, sorted. */
  public List<String> groups() {
    return List.copyOf(groups.keySet());
  }

  /** The files of one group alone (no files when the group is unknown). */
  public Metrics group(String group) {
    return of(groups.getOrDefault(group, List.of()));
  }

  /** A group's files of one class against every file of the other class. */
  public Metrics versusAll(String group, boolean spoof) {
    return metrics(r -> r.spoof() != spoof || group.equals(r.group()));
  }

  /** The files {@code keep} accepts. */
  public Metrics metrics(Predicate<Row> keep) {
    return of(rows.stream().filter(keep).toList());
  }

  /** A group's row (see {@link GroupRow}). */
  public GroupRow row(String group) {
    Metrics own = group(group);
    boolean mixed = own.confusion().spoof() > 0 && own.confusion().bonafide() > 0;
    double eer = mixed ? own.eer() : versusAll(group, own.confusion().spoof() > 0).eer();
    String against =
        mixed ? "itself" : own.confusion().spoof() > 0 ? "all bonafide files" : "all spoof files";
    return new GroupRow(group, own, eer, Double.isNaN(eer) ? null : against);
  }

  /** Every group's row, in group order. */
  public List<GroupRow> perGroup() {
    return groups.keySet().stream().map(this::row).toList();
  }

  /**
   * The lowest threshold flagging at most {@code targetFpr} of all bona fide files (see {@link
   * DetectionMetrics#thresholdAtFpr}).
   */
  public double thresholdAtFpr(double targetFpr) {
    return DetectionMetrics.thresholdAtFpr(scores(rows), labels(rows), targetFpr);
  }

  private Metrics of(List<Row> subset) {
    return Metrics.of(scores(subset), labels(subset), threshold);
  }

  private static double[] scores(List<Row> rows) {
    return rows.stream().mapToDouble(Row::score).toArray();
  }

  private static boolean[] labels(List<Row> rows) {
    boolean[] y = new boolean[rows.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = rows.get(i).spoof();
    }
    return y;
  }
}
