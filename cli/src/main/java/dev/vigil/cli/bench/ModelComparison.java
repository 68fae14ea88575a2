package dev.vigil.cli.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.cli.common.CliException;
import dev.vigil.runtime.model.Batch;
import dev.vigil.runtime.model.Model;
import dev.vigil.runtime.model.ModelException;
import dev.vigil.runtime.verdict.VerdictJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Two models side by side on the same precomputed windows, in one process: each round measures
 * both, in alternating order (A B, then B A, ...), so a busy machine's load falls on both alike.
 * Per model and round: model-only throughput (full batches, one run at a time over the session's
 * intra-op threads) and single-window latency (median of batch-of-1 runs). The medians over the
 * rounds are reported with the load average before and after, and the median over the rounds of
 * each round's ratio to the first model (both measured back to back, so less exposed to a busy
 * machine's slow minutes than the ratio of the medians).
 */
final class ModelComparison {
  private static final int LATENCY_RUNS = 15;

  private ModelComparison() {}

  static ObjectNode run(
      List<String> names,
      List<Model> models,
      int capacity,
      int segments,
      int rounds,
      List<float[][]> feats,
      List<float[]> windows)
      throws IOException {
    for (Model m : models) {
      if (!m.metadata().features().equals(models.get(0).metadata().features())) {
        throw new CliException(
            "bench --compare: the models have different front ends (" + names + ")");
      }
    }
    ObjectNode o = VerdictJson.mapper().createObjectNode();
    o.put("load_average_before", load());
    int k = models.size();
    double[][] rate = new double[k][rounds];
    double[][] latency = new double[k][rounds];
    for (Model m : models) { // warm-up: two full batches and a few single windows
      throughput(m, capacity, Math.min(2 * capacity, 2 * feats.size()), feats, windows);
      latency(m, 3, feats, windows);
    }
    for (int r = 0; r < rounds; r++) {
      for (int j = 0; j < k; j++) {
        int i = r % 2 == 0 ? j : k - 1 - j;
        rate[i][r] = segments / throughput(models.get(i), capacity, segments, feats, windows);
        latency[i][r] = latency(models.get(i), LATENCY_RUNS, feats, windows);
      }
    }
    o.put("load_average_after", load());
    o.put("batch", capacity);
    o.put("segments_per_round", segments);
    o.put("rounds", rounds);
    ArrayNode arr = o.putArray("models");
    for (int i = 0; i < k; i++) {
      ObjectNode m = arr.addObject();
      m.put("name", names.get(i));
      m.put("model_id", models.get(i).info().id());
      m.put("file_bytes", models.get(i).info().fileBytes());
      m.put("segments_per_s", median(rate[i]));
      m.put("single_window_ms", median(latency[i]));
      // the ratio within each round (both models measured back to back), then its median: a busy
      // machine's slow minutes fall on both sides of a ratio
      double[] rateRatio = new double[rounds];
      double[] latencyRatio = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        rateRatio[r] = rate[i][r] / rate[0][r];
        latencyRatio[r] = latency[i][r] / latency[0][r];
      }
      m.put("round_ratio_segments_per_s", median(rateRatio));
      m.put("round_ratio_single_window_ms", median(latencyRatio));
      ArrayNode per = m.putArray("rounds_segments_per_s");
      for (double v : rate[i]) {
        per.add(v);
      }
      ArrayNode lat = m.putArray("rounds_single_window_ms");
      for (double v : latency[i]) {
        lat.add(v);
      }
    }
    return o;
  }

  static void print(PrintWriter out, ObjectNode o) {
    out.printf(
        Locale.ROOT,
        "side by side, %d rounds in alternating order, batch %d, %d segments per round;"
            + " load average %.2f before, %.2f after%n",
        o.get("rounds").asInt(),
        o.get("batch").asInt(),
        o.get("segments_per_round").asInt(),
        o.get("load_average_before").asDouble(),
        o.get("load_average_after").asDouble());
    double base = o.get("models").get(0).get("segments_per_s").asDouble();
    double baseLat = o.get("models").get(0).get("single_window_ms").asDouble();
    for (var m : o.get("models")) {
      out.printf(
          Locale.ROOT,
          "%-28s %s %,11d bytes  model-only %8.1f segments/s (x%.2f, per round x%.2f)  single"
              + " window %7.1f ms (x%.2f, per round x%.2f)%n",
          m.get("name").asText(),
          m.get("model_id").asText(),
          m.get("file_bytes").asLong(),
          m.get("segments_per_s").asDouble(),
          m.get("segments_per_s").asDouble() / base,
          m.get("round_ratio_segments_per_s").asDouble(),
          m.get("single_window_ms").asDouble(),
          m.get("single_window_ms").asDouble() / baseLat,
          m.get("round_ratio_single_window_ms").asDouble());
    }
  }

  private static double throughput(
      Model m, int capacity, int total, List<float[][]> feats, List<float[]> windows)
      throws IOException {
    Batch b = m.newBatch(capacity);
    long t0 = System.nanoTime();
    BenchCommand.runSegments(m, b, feats, windows, total);
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double latency(Model m, int runs, List<float[][]> feats, List<float[]> windows)
      throws ModelException {
    Batch b = m.newBatch(1);
    double[] ms = new double[runs];
    for (int r = 0; r < runs; r++) {
      b.clear();
      int k = r % feats.size();
      b.add(feats.get(k), windows.get(k), 0);
      long t0 = System.nanoTime();
      m.run(b);
      ms[r] = (System.nanoTime() - t0) / 1e6;
    }
    return median(ms);
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static double median(double[] v) {
    List<Double> s = new ArrayList<>();
    for (double x : v) {
      s.add(x);
    }
    s.sort(null);
    return s.get((s.size() - 1) / 2);
  }
}
