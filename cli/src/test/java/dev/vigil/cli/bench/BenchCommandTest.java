package dev.vigil.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.cli.CliRun;
import dev.vigil.cli.TestData;
import dev.vigil.runtime.verdict.VerdictJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {

  @TempDir Path dir;

  @Test
  void benchReportsBothThroughputsOnGeneratedAudio() throws Exception {
    Path m = TestData.model(dir);
    CliRun.Result r =
        CliRun.run(
            "bench",
            "--model",
            m.toString(),
            "--device",
            "cpu",
            "--threads",
            "2",
            "--batch",
            "4",
            "--files",
            "3",
            "--min-seconds",
            "3",
            "--max-seconds",
            "6",
            "--rate",
            "22050",
            "--rounds",
            "3",
            "--json");
    assertEquals(0, r.exit(), r.toString());
    JsonNode o = VerdictJson.mapper().readTree(r.out());
    assertEquals(3, o.get("files").asInt());
    assertTrue(o.get("segments").asLong() >= 3);
    assertTrue(o.get("audio_seconds").asDouble() >= 9 - 1e-6);
    for (String k :
        new String[] {"model_only", "model_only_concurrent", "model_only_intra_op", "end_to_end"}) {
      assertTrue(o.get(k).get("segments_per_s").asDouble() > 0, o.toString());
      assertTrue(o.get(k).get("audio_s_per_s").asDouble() > 0, o.toString());
    }
    JsonNode fe = o.get("front_end");
    assertTrue(fe.get("cpu_seconds").asDouble() > 0, o.toString());
    // 22.05 kHz input is resampled, so both parts of the front end take time, and they add up
    double features = fe.get("features_cpu_ms_per_segment").asDouble();
    double decode = fe.get("decode_resample_cpu_ms_per_segment").asDouble();
    assertTrue(features > 0 && decode > 0, o.toString());
    assertEquals(fe.get("cpu_ms_per_segment").asDouble(), features + decode, 1e-9);
    double bound = o.get("front_end").get("ratio_bound").asDouble();
    assertTrue(bound > 0 && bound < 1, o.toString());
    // the denominator is the faster of the two model-only figures
    assertEquals(
        Math.max(
            o.get("model_only_concurrent").get("segments_per_s").asDouble(),
            o.get("model_only_intra_op").get("segments_per_s").asDouble()),
        o.get("model_only").get("segments_per_s").asDouble(),
        1e-9);
    double ratio = o.get("ratio").asDouble();
    assertEquals(
        o.get("end_to_end").get("segments_per_s").asDouble()
            / o.get("model_only").get("segments_per_s").asDouble(),
        ratio,
        1e-9);
    assertTrue(o.get("end_to_end_first_pass").get("segments_per_s").asDouble() > 0, o.toString());
    // three rounds; the reported one is the round with the median ratio
    JsonNode rounds = o.get("rounds");
    assertEquals(3, rounds.size(), o.toString());
    double[] ratios = new double[3];
    for (int i = 0; i < 3; i++) {
      JsonNode round = rounds.get(i);
      ratios[i] = round.get("ratio").asDouble();
      assertEquals(
          round.get("end_to_end").get("segments_per_s").asDouble()
              / round.get("model_only").get("segments_per_s").asDouble(),
          ratios[i],
          1e-9);
    }
    double[] sorted = ratios.clone();
    java.util.Arrays.sort(sorted);
    assertEquals(sorted[1], ratio, 1e-12);
    assertEquals(ratio, ratios[o.get("median_round").asInt() - 1], 1e-12);
  }

  @Test
  void compareMeasuresTwoModelsSideBySide() throws Exception {
    Path m = TestData.model(dir);
    Path copy = Files.copy(m, dir.resolve("copy.onnx"));
    CliRun.Result r =
        CliRun.run(
            "bench",
            "--model",
            m.toString(),
            "--compare",
            copy.toString(),
            "--device",
            "cpu",
            "--threads",
            "1",
            "--batch",
            "2",
            "--files",
            "2",
            "--max-seconds",
            "4",
            "--rounds",
            "2",
            "--json");
    assertEquals(0, r.exit(), r.toString());
    JsonNode o = VerdictJson.mapper().readTree(r.out());
    assertEquals(2, o.get("rounds").asInt());
    assertEquals(8, o.get("segments_per_round").asInt());
    JsonNode models = o.get("models");
    assertEquals(2, models.size());
    assertEquals(copy.toString(), models.get(1).get("name").asText());
    assertEquals(models.get(0).get("model_id"), models.get(1).get("model_id"));
    for (JsonNode x : models) {
      assertTrue(x.get("segments_per_s").asDouble() > 0, o.toString());
      assertTrue(x.get("single_window_ms").asDouble() > 0, o.toString());
      assertEquals(2, x.get("rounds_segments_per_s").size());
    }
    // the first model's ratio to itself is 1 in every round
    assertEquals(1.0, models.get(0).get("round_ratio_segments_per_s").asDouble(), 1e-12);
    assertTrue(models.get(1).get("round_ratio_single_window_ms").asDouble() > 0, o.toString());
    assertTrue(o.has("load_average_before") && o.has("load_average_after"), o.toString());
  }

  @Test
  void generateWritesAFolder() throws Exception {
    Path out = dir.resolve("gen");
    CliRun.Result r =
        CliRun.run(
            "bench",
            "--generate",
            out.toString(),
            "--files",
            "20",
            "--min-seconds",
            "1",
            "--max-seconds",
            "2",
            "--rate",
            "16000");
    assertEquals(0, r.exit(), r.toString());
    try (Stream<Path> s = Files.list(out)) {
      assertEquals(20, s.count());
    }
    long size = Files.size(out.resolve("speech-000000.wav"));
    assertTrue(size >= 44 + 2 * 16000 && size <= 44 + 2 * 32000 + 2, Long.toString(size));
  }
}
