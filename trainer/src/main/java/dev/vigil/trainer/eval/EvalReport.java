package dev.vigil.trainer.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * An evaluation report: pooled, per data set and per synthetic system (that system's spoof files
 * against the data set's bona fide files), the uniform-gate baseline and each expert alone, per
 * domain (a demo page: its own spoof against its own bona fide files, and the share of its bona
 * fide files flagged at the threshold), per group of domains when a grouping is given (the group's
 * spoof files against all bona fide files), and the mean gate weight per expert. Written as JSON
 * and as a readable table.
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
    root.set("pooled", group(files, f -> true, threshold, FileScore::score).toJson());
    if (experts.size() > 1) {
      root.set(
          "pooled_uniform_gate",
          group(files, f -> true, threshold, FileScore::uniformScore).toJson());
      ObjectNode alone = root.putObject("pooled_experts");
      for (int k = 0; k < experts.size(); k++) {
        final int kk = k;
        alone.set(
            experts.get(k),
            group(files, f -> true, threshold, f -> f.expertFileScores()[kk]).toJson());
      }
    }
    ObjectNode ds = root.putObject("datasets");
    Map<String, List<FileScore>> byDataset = new TreeMap<>();
    for (FileScore f : files) {
      byDataset.computeIfAbsent(f.clip().dataset(), k -> new ArrayList<>()).add(f);
    }
    for (Map.Entry<String, List<FileScore>> e : byDataset.entrySet()) {
      List<FileScore> fs = e.getValue();
      ObjectNode d = ds.putObject(e.getKey());
      d.set("metrics", group(fs, f -> true, threshold, FileScore::score).toJson());
      ObjectNode gw = d.putObject("mean_gate_weights");
      for (int k = 0; k < experts.size(); k++) {
        final int kk = k;
        gw.put(
            experts.get(k), fs.stream().mapToDouble(f -> f.gateWeights()[kk]).average().orElse(0));
      }
      ObjectNode sys = d.putObject("systems");
      for (String s :
          new java.util.TreeSet<>(
              fs.stream().filter(f -> f.clip().isSpoof()).map(f -> f.clip().system()).toList())) {
        sys.set(
            s,
            group(
                    fs,
                    f -> !f.clip().isSpoof() || f.clip().system().equals(s),
                    threshold,
                    FileScore::score)
                .toJson());
      }
    }
    ObjectNode dom = root.putObject("domains");
    Map<String, List<FileScore>> byDomain = new TreeMap<>();
    for (FileScore f : files) {
      String key = f.clip().domain().isEmpty() ? "(no domain)" : f.clip().domain();
      byDomain.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
    }
    for (Map.Entry<String, List<FileScore>> e : byDomain.entrySet()) {
      List<FileScore> fs = e.getValue();
      ObjectNode d = dom.putObject(e.getKey());
      d.put("bonafide", fs.stream().filter(f -> !f.clip().isSpoof()).count());
      d.put("spoof", fs.stream().filter(f -> f.clip().isSpoof()).count());
      d.set("metrics", group(fs, f -> true, threshold, FileScore::score).toJson());
      if (experts.size() > 1) {
        d.set(
            "metrics_uniform_gate",
            group(fs, f -> true, threshold, FileScore::uniformScore).toJson());
      }
      d.put("mean_score", fs.stream().mapToDouble(FileScore::score).average().orElse(Double.NaN));
      // share of files labelled correctly at the model's threshold (spoof iff score >= threshold)
      d.put(
          "accuracy",
          fs.stream().filter(f -> (f.score() >= threshold) == f.clip().isSpoof()).count()
              / (double) fs.size());
      ObjectNode gw = d.putObject("mean_gate_weights");
      for (int k = 0; k < experts.size(); k++) {
        final int kk = k;
        gw.put(
            experts.get(k), fs.stream().mapToDouble(f -> f.gateWeights()[kk]).average().orElse(0));
      }
    }
    if (!groupOfDomain.isEmpty()) {
      ObjectNode groups = root.putObject("groups");
      for (String g : new java.util.TreeSet<>(groupOfDomain.values())) {
        Predicate<FileScore> in = f -> g.equals(groupOfDomain.get(f.clip().domain()));
        ObjectNode o = groups.putObject(g);
        // the group's spoof files against every bona fide file
        o.set(
            "metrics",
            group(files, f -> !f.clip().isSpoof() || in.test(f), threshold, FileScore::score)
                .toJson());
        // and its own bona fide files flagged at the threshold
        o.set(
            "own_bonafide",
            group(files, f -> !f.clip().isSpoof() && in.test(f), threshold, FileScore::score)
                .toJson());
      }
    }
    return root;
  }

  private static Metrics group(
      List<FileScore> files,
      Predicate<FileScore> keep,
      double threshold,
      ToDoubleFunction<FileScore> score) {
    List<FileScore> g = files.stream().filter(keep).toList();
    double[] s = new double[g.size()];
    boolean[] y = new boolean[g.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = score.applyAsDouble(g.get(i));
      y[i] = g.get(i).clip().isSpoof();
    }
    return Metrics.of(s, y, threshold);
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
