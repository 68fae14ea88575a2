package dev.vigil.trainer.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.runtime.metrics.EvaluationReport;
import dev.vigil.runtime.verdict.VerdictJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * An evaluation report: pooled, per data set and per synthetic system (that system's spoof files
 * against the data set's bona fide files), the uniform-gate baseline and each expert alone, per
 * domain (a demo page: its own spoof against its own bona fide files, and the share of its bona
 * fide files flagged at the threshold), per group of domains when a grouping is given (the group's
 * spoof files against all bona fide files), and the mean gate weight per expert, each from a
 * runtime {@link EvaluationReport}. Written as JSON and as a readable table.
 */
public final class EvalReport {
  private EvalReport() {}

  /**
   * Builds the report.
   *
   * @param files the scored files
   * @param threshold the model's threshold (balanced accuracy is taken there)
   * @param experts expert names in output order
   * @return the report as JSON
   */
  public static ObjectNode build(List<FileScore> files, double threshold, List<String> experts) {
    return build(files, threshold, experts, Map.of());
  }

  /**
   * Builds the report with groups of domains.
   *
   * @param files the scored files
   * @param threshold the model's threshold (balanced accuracy and error rates are taken there)
   * @param experts expert names in output order
   * @param groupOfDomain a group name per domain (e.g. a demo page's category); domains not in it
   *     belong to no group
   * @return the report as JSON
   */
  public static ObjectNode build(
      List<FileScore> files,
      double threshold,
      List<String> experts,
      Map<String, String> groupOfDomain) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("files", files.size());
    root.put("threshold", threshold);
    EvaluationReport byDataset =
        report(files, f -> f.clip().dataset(), FileScore::score, threshold);
    root.set("pooled", json(byDataset.pooled()));
    if (experts.size() > 1) {
      root.set(
          "pooled_uniform_gate",
          json(report(files, f -> null, FileScore::uniformScore, threshold).pooled()));
      ObjectNode alone = root.putObject("pooled_experts");
      for (int k = 0; k < experts.size(); k++) {
        final int kk = k;
        alone.set(
            experts.get(k),
            json(report(files, f -> null, f -> f.expertFileScores()[kk], threshold).pooled()));
      }
    }
    ObjectNode ds = root.putObject("datasets");
    for (String name : byDataset.groups()) {
      List<FileScore> fs = files.stream().filter(f -> f.clip().dataset().equals(name)).toList();
      ObjectNode d = ds.putObject(name);
      d.set("metrics", json(byDataset.group(name)));
      d.set("mean_gate_weights", meanGateWeights(fs, experts));
      ObjectNode sys = d.putObject("systems");
      // each system's spoof files against the data set's bona fide files
      EvaluationReport bySystem =
          report(
              fs, f -> f.clip().isSpoof() ? f.clip().system() : null, FileScore::score, threshold);
      for (String s : bySystem.groups()) {
        sys.set(s, json(bySystem.versusAll(s, true)));
      }
    }
    ObjectNode dom = root.putObject("domains");
    Function<FileScore, String> domain =
        f -> f.clip().domain().isEmpty() ? "(no domain)" : f.clip().domain();
    EvaluationReport byDomain = report(files, domain, FileScore::score, threshold);
    EvaluationReport uniformByDomain = report(files, domain, FileScore::uniformScore, threshold);
    for (String name : byDomain.groups()) {
      List<FileScore> fs = files.stream().filter(f -> domain.apply(f).equals(name)).toList();
      EvaluationReport.Metrics m = byDomain.group(name);
      ObjectNode d = dom.putObject(name);
      d.put("bonafide", m.confusion().bonafide());
      d.put("spoof", m.confusion().spoof());
      d.set("metrics", json(m));
      if (experts.size() > 1) {
        d.set("metrics_uniform_gate", json(uniformByDomain.group(name)));
      }
      d.put("mean_score", fs.stream().mapToDouble(FileScore::score).average().orElse(Double.NaN));
      // share of files labelled correctly at the model's threshold (spoof iff score >= threshold)
      d.put("accuracy", m.confusion().accuracy());
      d.set("mean_gate_weights", meanGateWeights(fs, experts));
    }
    if (!groupOfDomain.isEmpty()) {
      ObjectNode groups = root.putObject("groups");
      EvaluationReport byGroup =
          report(files, f -> groupOfDomain.get(f.clip().domain()), FileScore::score, threshold);
      for (String g : new TreeSet<>(groupOfDomain.values())) {
        ObjectNode o = groups.putObject(g);
        // the group's spoof files against every bona fide file
        o.set("metrics", json(byGroup.versusAll(g, true)));
        // and its own bona fide files flagged at the threshold
        o.set("own_bonafide", json(byGroup.metrics(r -> !r.spoof() && g.equals(r.group()))));
      }
    }
    return root;
  }

  private static EvaluationReport report(
      List<FileScore> files,
      Function<FileScore, String> group,
      ToDoubleFunction<FileScore> score,
      double threshold) {
    List<EvaluationReport.Row> rows = new ArrayList<>();
    for (FileScore f : files) {
      String file = f.clip().path().toString();
      rows.add(
          new EvaluationReport.Row(
              file, group.apply(f), f.clip().isSpoof(), score.applyAsDouble(f)));
    }
    return EvaluationReport.of(rows, threshold);
  }

  private static ObjectNode meanGateWeights(List<FileScore> fs, List<String> experts) {
    ObjectNode gw = JsonNodeFactory.instance.objectNode();
    for (int k = 0; k < experts.size(); k++) {
      final int kk = k;
      gw.put(experts.get(k), fs.stream().mapToDouble(f -> f.gateWeights()[kk]).average().orElse(0));
    }
    return gw;
  }

  /** Metrics as JSON, NaN written as null. */
  static ObjectNode json(EvaluationReport.Metrics m) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("bonafide", m.confusion().bonafide());
    o.put("spoof", m.confusion().spoof());
    VerdictJson.putNumber(o, "eer", m.eer());
    VerdictJson.putNumber(o, "eer_threshold", m.eerThreshold());
    VerdictJson.putNumber(o, "auc", m.auc());
    VerdictJson.putNumber(o, "balanced_accuracy", m.confusion().balancedAccuracy());
    VerdictJson.putNumber(o, "threshold", m.threshold());
    VerdictJson.putNumber(o, "threshold_fpr_1pct", m.thresholdFpr1pct());
    VerdictJson.putNumber(o, "false_positive_rate", m.confusion().falsePositiveRate());
    VerdictJson.putNumber(o, "false_negative_rate", m.confusion().falseNegativeRate());
    return o;
  }

  /** The report as a fixed-width table. */
  public static String table(JsonNode report) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%-36s %8s %8s %8s %8s %8s %10s%n",
            "group",
            "bonafide",
            "spoof",
            "EER%",
            "AUC",
            "BA%",
            "thr@EER"));
    row(sb, "pooled", report.path("pooled"));
    if (report.has("pooled_uniform_gate")) {
      row(sb, "pooled (uniform gate)", report.path("pooled_uniform_gate"));
    }
    report
        .path("pooled_experts")
        .properties()
        .forEach(x -> row(sb, "pooled (" + x.getKey() + " alone)", x.getValue()));
    report
        .path("datasets")
        .properties()
        .forEach(
            d -> {
              row(sb, d.getKey(), d.getValue().path("metrics"));
              d.getValue()
                  .path("systems")
                  .properties()
                  .forEach(s -> row(sb, "  " + d.getKey() + "/" + s.getKey(), s.getValue()));
              StringBuilder gw = new StringBuilder("  gate weights:");
              d.getValue()
                  .path("mean_gate_weights")
                  .properties()
                  .forEach(
                      w ->
                          gw.append(
                              String.format(
                                  Locale.ROOT, " %s=%.3f", w.getKey(), w.getValue().asDouble())));
              sb.append(gw).append(System.lineSeparator());
            });
    if (report.has("domains")) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%n%-36s %8s %8s %8s %8s %8s %8s %8s  %s%n",
              "domain (source)",
              "bonafide",
              "spoof",
              "EER%",
              "FPR%",
              "FNR%",
              "mean",
              "acc%",
              "mean gate weights"));
      report
          .path("domains")
          .properties()
          .forEach(
              d -> {
                JsonNode v = d.getValue();
                JsonNode m = v.path("metrics");
                StringBuilder gw = new StringBuilder();
                v.path("mean_gate_weights")
                    .properties()
                    .forEach(
                        w ->
                            gw.append(
                                String.format(
                                    Locale.ROOT, " %s=%.3f", w.getKey(), w.getValue().asDouble())));
                sb.append(
                    String.format(
                        Locale.ROOT,
                        "%-36s %8d %8d %8s %8s %8s %8.4f %8.2f %s%n",
                        d.getKey(),
                        v.path("bonafide").asLong(),
                        v.path("spoof").asLong(),
                        pct(m.path("eer")),
                        pct(m.path("false_positive_rate")),
                        pct(m.path("false_negative_rate")),
                        v.path("mean_score").asDouble(),
                        100 * v.path("accuracy").asDouble(),
                        gw));
              });
    }
    if (report.has("groups")) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%n%-36s %8s %8s %8s %8s %8s %8s%n",
              "group (its spoof vs all bona fide)",
              "bonafide",
              "spoof",
              "EER%",
              "AUC",
              "FNR%",
              "ownFPR%"));
      report
          .path("groups")
          .properties()
          .forEach(
              g -> {
                JsonNode m = g.getValue().path("metrics");
                sb.append(
                    String.format(
                        Locale.ROOT,
                        "%-36s %8d %8d %8s %8s %8s %8s%n",
                        g.getKey(),
                        m.path("bonafide").asLong(),
                        m.path("spoof").asLong(),
                        pct(m.path("eer")),
                        num(m.path("auc")),
                        pct(m.path("false_negative_rate")),
                        pct(g.getValue().path("own_bonafide").path("false_positive_rate"))));
              });
    }
    return sb.toString();
  }

  private static void row(StringBuilder sb, String name, JsonNode m) {
    sb.append(
        String.format(
            Locale.ROOT,
            "%-36s %8d %8d %8s %8s %8s %10s%n",
            name,
            m.path("bonafide").asLong(),
            m.path("spoof").asLong(),
            pct(m.path("eer")),
            num(m.path("auc")),
            pct(m.path("balanced_accuracy")),
            num(m.path("eer_threshold"))));
  }

  private static String pct(JsonNode v) {
    return v.isNumber() ? String.format(Locale.ROOT, "%.2f", 100 * v.asDouble()) : "-";
  }

  private static String num(JsonNode v) {
    return v.isNumber() ? String.format(Locale.ROOT, "%.4f", v.asDouble()) : "-";
  }
}
