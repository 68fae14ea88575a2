package dev.vigil.cli.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.cli.CliRun;
import dev.vigil.cli.TestData;
import dev.vigil.cli.common.ExitCodes;
import dev.vigil.runtime.metrics.DetectionMetrics;
import dev.vigil.runtime.testing.TestAudio;
import dev.vigil.runtime.verdict.VerdictJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {

  @TempDir static Path tmp;
  static Path model;
  static Path set;

  @BeforeAll
  static void setUp() throws IOException {
    model = TestData.model(tmp.resolve("model"));
    set = tmp.resolve("set");
    // bona fide: speech-like; spoof: louder noise-like sources, so the test model separates some
    TestData.speech(set.resolve("bonafide/studio"), "b", 3, 3.1, 1);
    TestData.speech(set.resolve("bonafide/phone"), "p", 2, 3.3, 11);
    for (int i = 0; i < 3; i++) {
      TestAudio.writeWav(
          set.resolve("spoof/tts_a/n" + i + ".wav"),
          16000,
          TestAudio.noise(3.2 + 0.2 * i, 16000, 0.3 + 0.1 * i, 50 + i));
    }
    TestData.speech(set.resolve("spoof/vc_b"), "v", 2, 4.1, 70);
    Files.writeString(set.resolve("spoof/vc_b/readme.txt"), "ignored");
  }

  @Test
  void labelledFolderGivesMetricsConsistentWithScan() throws IOException {
    CliRun.Result r =
        CliRun.run(
            "evaluate",
            set.toString(),
            "--labels",
            "folder",
            "--model",
            model.toString(),
            "--device",
            "cpu",
            "--json");
    assertEquals(ExitCodes.OK, r.exit(), r.toString());
    JsonNode o = VerdictJson.mapper().readTree(r.out());
    assertEquals(10, o.get("files").asInt());
    assertEquals(5, o.get("bonafide").asInt());
    assertEquals(5, o.get("spoof").asInt());
    assertEquals(List.of("phone", "studio", "tts_a", "vc_b"), iter(o.get("per_source")));
    // recompute from scan's file scores with the shared metrics
    CliRun.Result scan =
        CliRun.run(
            "scan",
            set.toString(),
            "--model",
            model.toString(),
            "--device",
            "cpu",
            "--format",
            "jsonl");
    List<Double> s = new ArrayList<>();
    List<Boolean> y = new ArrayList<>();
    for (String line : scan.out().split("\n")) {
      JsonNode n = VerdictJson.mapper().readTree(line);
      s.add(n.get("score").asDouble());
      y.add(n.get("path").asText().contains("spoof"));
    }
    double[] sa = s.stream().mapToDouble(Double::doubleValue).toArray();
    boolean[] ya = new boolean[y.size()];
    for (int i = 0; i < ya.length; i++) {
      ya[i] = y.get(i);
    }
    assertEquals(DetectionMetrics.eer(sa, ya).eer(), o.get("eer").asDouble(), 1e-12);
    assertEquals(DetectionMetrics.auc(sa, ya), o.get("auc").asDouble(), 1e-12);
    JsonNode c = o.get("confusion");
    assertEquals(
        10,
        c.get("true_positives").asInt()
            + c.get("false_positives").asInt()
            + c.get("true_negatives").asInt()
            + c.get("false_negatives").asInt());
    assertEquals(
        "all bonafide files", o.get("per_source").get("tts_a").get("eer_against").asText());

    CliRun.Result text =
        CliRun.run(
            "evaluate",
            set.toString(),
            "--labels",
            "folder",
            "--model",
            model.toString(),
            "--device",
            "cpu");
    assertTrue(
        text.out().contains("EER")
            && text.out().contains("ROC AUC")
            && text.out().contains("per source:"),
        text.out());
  }

  @Test
  void csvLabels() throws IOException {
    Path csv = tmp.resolve("labels.csv");
    Files.writeString(
        csv,
        "path,label,source\n"
            + "bonafide/studio/b0.wav,bonafide,s1\n"
            + "bonafide/phone/p0.wav,genuine,s1\n"
            + "spoof/tts_a/n0.wav,spoof,s2\n"
            + "spoof/vc_b/v0.wav,fake,s3\n");
    CliRun.Result r =
        CliRun.run(
            "evaluate",
            set.toString(),
            "--labels",
            csv.toString(),
            "--model",
            model.toString(),
            "--device",
            "cpu",
            "--json");
    assertEquals(0, r.exit(), r.toString());
    JsonNode o = VerdictJson.mapper().readTree(r.out());
    assertEquals(4, o.get("files").asInt());
    assertEquals(List.of("s1", "s2", "s3"), iter(o.get("per_source")));
    Files.writeString(
        csv, "path,label\nx.wav,maybe\nbonafide/studio/b0.wav,real\nspoof/vc_b/v0.wav,spoof\n");
    r =
        CliRun.run(
            "evaluate",
            set.toString(),
            "--labels",
            csv.toString(),
            "--model",
            model.toString(),
            "--device",
            "cpu",
            "--json");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.err().contains("{maybe=1}"), r.err());
    assertEquals(2, VerdictJson.mapper().readTree(r.out()).get("files").asInt());
    Files.writeString(csv, "path,label\nx.wav,maybe\n");
    r =
        CliRun.run(
            "evaluate", set.toString(), "--labels", csv.toString(), "--model", model.toString());
    assertEquals(ExitCodes.USAGE, r.exit());
    assertTrue(r.err().contains("no labelled audio files"), r.err());
  }

  @Test
  void fitThresholdWritesACopyWithTheNewDefault() throws IOException {
    Path copy = tmp.resolve("mine.onnx");
    CliRun.Result r =
        CliRun.run(
            "evaluate",
            set.toString(),
            "--labels",
            "folder",
            "--model",
            model.toString(),
            "--device",
            "cpu",
            "--fit-threshold",
            "my_data",
            "--fit-target",
            "fpr:0.2",
            "-o",
            copy.toString(),
            "--json");
    assertEquals(0, r.exit(), r.toString());
    double fitted =
        VerdictJson.mapper().readTree(r.out()).get("fitted").get("threshold").asDouble();
    JsonNode before =
        VerdictJson.mapper().readTree(CliRun.run("info", model.toString(), "--json").out());
    JsonNode after =
        VerdictJson.mapper().readTree(CliRun.run("info", copy.toString(), "--json").out());
    assertEquals(before.get("model").get("id"), after.get("model").get("id"));
    assertEquals("my_data", after.get("thresholds").get("default").asText());
    assertEquals(fitted, after.get("thresholds").get("my_data").asDouble(), 0);
    assertEquals(before.get("thresholds").get("eer"), after.get("thresholds").get("eer"));
    assertNotEquals(before.get("thresholds"), after.get("thresholds"));
    // the copy scores with its new default
    CliRun.Result scan =
        CliRun.run(
            "scan",
            set.toString(),
            "--model",
            copy.toString(),
            "--device",
            "cpu",
            "--format",
            "jsonl");
    assertEquals(
        fitted,
        VerdictJson.mapper().readTree(scan.out().split("\n")[0]).get("threshold").asDouble(),
        0);
    CliRun.Result bad =
        CliRun.run(
            "evaluate",
            set.toString(),
            "--labels",
            "folder",
            "--model",
            model.toString(),
            "--fit-threshold",
            "x",
            "-o",
            copy.toString(),
            "--fit-target",
            "fpr:2");
    assertEquals(ExitCodes.USAGE, bad.exit());
  }

  private static List<String> iter(JsonNode o) {
    List<String> k = new ArrayList<>();
    o.fieldNames().forEachRemaining(k::add);
    return k;
  }
}
