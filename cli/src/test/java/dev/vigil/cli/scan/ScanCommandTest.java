package dev.vigil.cli.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.cli.CliRun;
import dev.vigil.cli.TestData;
import dev.vigil.cli.common.ExitCodes;
import dev.vigil.runtime.verdict.VerdictJson;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCommandTest {

  @TempDir static Path tmp;
  static Path model;
  static Path mixed;
  static int mixedCount;

  @BeforeAll
  static void setUp() throws IOException {
    model = TestData.model(tmp.resolve("model"));
    mixed = tmp.resolve("mixed");
    mixedCount = TestData.mixedFolder(mixed);
  }

  private static CliRun.Result scan(String... extra) {
    List<String> a =
        new ArrayList<>(
            List.of("scan", "--model", model.toString(), "--device", "cpu", "--threads", "2"));
    a.addAll(List.of(extra));
    return CliRun.run(a.toArray(String[]::new));
  }

  @Test
  void mixedFolderGivesOneResultPerFileAndFinishes() throws IOException {
    CliRun.Result r = scan(mixed.toString(), "--format", "jsonl");
    List<JsonNode> rows = CliRun.jsonl(r.out());
    assertEquals(mixedCount, rows.size(), r.toString());
    Map<String, JsonNode> byName = new TreeMap<>();
    for (JsonNode n : rows) {
      byName.put(Path.of(n.get("path").asText()).getFileName().toString(), n);
    }
    for (String good : List.of("good1.wav", "good2.wav", "good3.wav")) {
      JsonNode n = byName.get(good);
      assertNotNull(n, good + " missing: " + byName.keySet());
      assertTrue(n.get("error").isNull(), n.toString());
      double s = n.get("score").asDouble();
      assertTrue(s >= 0 && s <= 1, n.toString());
      assertEquals(
          s >= n.get("threshold").asDouble() ? "spoof" : "bonafide", n.get("label").asText());
      assertTrue(n.get("model_id").asText().startsWith("sha256:"), n.toString());
      assertEquals(2, n.get("expert_scores").size(), n.toString());
      assertTrue(n.get("n_segments").asInt() >= 1);
      assertTrue(n.get("file_size_bytes").asLong() > 0);
    }
    assertEquals(22050, byName.get("good2.wav").get("sample_rate_hz").asInt());
    assertEquals(3, byName.get("good2.wav").get("n_segments").asInt()); // 5.2 s: 0, 1.5, 2.2
    for (String bad :
        List.of(
            "empty.wav", "truncated.wav", "notes-as.wav", "silence.wav", "short.wav", "junk.mp3")) {
      JsonNode n = byName.get(bad);
      assertNotNull(n, bad + " missing: " + byName.keySet());
      assertTrue(n.get("score").isNull(), n.toString());
      String err = n.get("error").asText();
      assertFalse(err.isBlank() || err.contains("\n"), n.toString());
      assertTrue(err.contains(bad), err);
      assertFalse(n.get("error_code").asText().isBlank());
    }
    assertEquals("empty", byName.get("empty.wav").get("error_code").asText());
    assertEquals("too_short", byName.get("short.wav").get("error_code").asText());
    assertEquals("silence_only", byName.get("silence.wav").get("error_code").asText());
    assertFalse(byName.containsKey("readme.txt"));
    assertFalse(byName.containsKey(".hidden.wav"));
    int exit = r.exit();
    assertTrue(exit == ExitCodes.SOME_FAILED || exit == ExitCodes.SPOOF_AND_FAILED, r.toString());
    assertTrue(r.err().contains("3 scored") && r.err().contains("6 failed"), r.err());
    assertTrue(r.err().contains("1 not audio/video"), r.err());
  }

  @Test
  void thresholdDecidesExitCode() throws IOException {
    Path good = tmp.resolve("good");
    TestData.speech(good, "s", 3, 3.2, 40);
    assertEquals(ExitCodes.SPOOF_FOUND, scan(good.toString(), "--threshold", "0").exit());
    CliRun.Result none = scan(good.toString(), "--threshold", "1");
    assertEquals(ExitCodes.OK, none.exit(), none.toString());
    for (JsonNode n : CliRun.jsonl(none.out())) {
      assertEquals("bonafide", n.get("label").asText());
      assertEquals(1.0, n.get("threshold").asDouble());
    }
    assertEquals(ExitCodes.SPOOF_AND_FAILED, scan(mixed.toString(), "--threshold", "0").exit());
  }

  @Test
  void hiddenAndGlobs() throws IOException {
    List<JsonNode> rows =
        CliRun.jsonl(
            scan(mixed.toString(), "--hidden", "--include", "good*.wav", "--include", ".hidden*")
                .out());
    Set<String> names = new HashSet<>();
    rows.forEach(n -> names.add(Path.of(n.get("path").asText()).getFileName().toString()));
    assertEquals(Set.of("good1.wav", "good2.wav", "good3.wav", ".hidden.wav"), names);
    rows = CliRun.jsonl(scan(mixed.toString(), "--include", "good*.wav", "--exclude", "sub").out());
    assertEquals(2, rows.size());
  }

  @Test
  void csvHasHeaderAndOneRowPerFile() throws IOException {
    Path out = tmp.resolve("out.csv");
    CliRun.Result r = scan(mixed.toString(), "-o", out.toString(), "--segments");
    assertTrue(r.out().isEmpty(), r.toString());
    try (Reader rd = Files.newBufferedReader(out, StandardCharsets.UTF_8);
        CSVParser p =
            CSVParser.parse(
                rd, CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
      List<String> h = p.getHeaderNames();
      assertTrue(
          h.contains("expert_score.lcnn_logmel")
              || h.stream().anyMatch(c -> c.startsWith("expert_score.")),
          h.toString());
      assertTrue(
          h.contains(
              "gate_weight."
                  + h.stream()
                      .filter(c -> c.startsWith("expert_score."))
                      .findFirst()
                      .orElseThrow()
                      .substring(13)));
      assertTrue(h.contains("segments") && h.contains("error") && h.contains("score"));
      List<CSVRecord> recs = p.getRecords();
      assertEquals(mixedCount, recs.size());
      long errors = recs.stream().filter(x -> !x.get("error").isEmpty()).count();
      assertEquals(6, errors);
      for (CSVRecord x : recs) {
        if (x.get("error").isEmpty()) {
          JsonNode segs = VerdictJson.mapper().readTree(x.get("segments"));
          assertEquals(Integer.parseInt(x.get("n_segments")), segs.size());
        }
      }
    }
    assertTrue(Files.exists(ResumeState.sidecar(out)));
  }

  @Test
  void shardsPartitionTheFiles() throws IOException {
    Path many = tmp.resolve("many");
    TestData.speech(many, "a", 7, 1.2, 100);
    TestData.speech(many.resolve("deeper"), "b", 5, 1.2, 200);
    Set<String> whole = new HashSet<>();
    CliRun.jsonl(scan(many.toString()).out()).forEach(n -> whole.add(n.get("path").asText()));
    assertEquals(12, whole.size());
    Set<String> union = new HashSet<>();
    int total = 0;
    for (int k = 0; k < 3; k++) {
      CliRun.Result r = scan(many.toString(), "--shard", k + "/3");
      for (JsonNode n : CliRun.jsonl(r.out())) {
        union.add(n.get("path").asText());
        total++;
      }
    }
    assertEquals(whole, union);
    assertEquals(12, total, "shards overlap");
    CliRun.Result bad = scan(many.toString(), "--shard", "3/3");
    assertEquals(ExitCodes.USAGE, bad.exit());
    assertTrue(bad.err().contains("0 <= K < N"), bad.err());
  }

  @Test
  void resumeRepairsAHalfLineAndWritesNoDuplicate() throws IOException {
    Path out = tmp.resolve("resume.jsonl");
    CliRun.Result first = scan(mixed.toString(), "-o", out.toString());
    List<String> lines = Files.readAllLines(out);
    assertEquals(mixedCount, lines.size(), first.toString());
    // as if killed: two whole lines and half of the third
    String cut = lines.get(0) + "\n" + lines.get(1) + "\n" + lines.get(2).substring(0, 40);
    Files.writeString(out, cut);
    CliRun.Result again = scan(mixed.toString(), "-o", out.toString(), "--resume");
    assertTrue(again.err().contains("2 already done"), again.toString());
    List<String> after = Files.readAllLines(out);
    assertEquals(mixedCount, after.size());
    Set<String> paths = new HashSet<>();
    for (String l : after) {
      assertTrue(
          paths.add(VerdictJson.mapper().readTree(l).get("path").asText()), "duplicate " + l);
    }
    // nothing left: a third run adds nothing
    scan(mixed.toString(), "-o", out.toString(), "--resume");
    assertEquals(mixedCount, Files.readAllLines(out).size());
    // another threshold is refused
    CliRun.Result refused =
        scan(mixed.toString(), "-o", out.toString(), "--resume", "--threshold", "0.123");
    assertEquals(ExitCodes.USAGE, refused.exit());
    assertTrue(refused.err().contains("threshold"), refused.err());
  }

  @Test
  void resumeCsv() throws IOException {
    Path out = tmp.resolve("resume.csv");
    scan(mixed.toString(), "-o", out.toString());
    List<String> lines = Files.readAllLines(out);
    assertEquals(mixedCount + 1, lines.size());
    Files.writeString(
        out, lines.get(0) + "\n" + lines.get(1) + "\n" + lines.get(2).substring(0, 10));
    scan(mixed.toString(), "-o", out.toString(), "--resume");
    List<String> after = Files.readAllLines(out);
    assertEquals(mixedCount + 1, after.size());
    assertEquals(lines.get(0), after.get(0));
    assertEquals(after.size(), new HashSet<>(after).size());
  }

  @Test
  void progressOffATerminalWritesNoControlCharacters() {
    // the test's stderr is not a terminal: progress forced on is plain lines, rows untouched
    CliRun.Result r = scan(mixed.toString(), "--format", "table", "--progress");
    assertEquals(ExitCodes.SOME_FAILED, r.exit(), r.toString());
    for (String s : List.of(r.out(), r.err())) {
      assertFalse(s.contains("\033") || s.replace(System.lineSeparator(), "\n").contains("\r"), s);
    }
    assertFalse(r.out().contains("files"), r.out());
    assertEquals(mixedCount + 1, r.out().split("\n").length, r.out());
    // progress lines (as many as the library rendered in time), then the summary
    List<String> err = r.err().strip().lines().toList();
    assertTrue(err.get(err.size() - 1).startsWith("vigil scan: "), r.err());
    assertTrue(err.stream().allMatch(l -> l.startsWith("scan ") || l.startsWith("vigil scan: ")));
  }

  @Test
  void usageErrorsNameTheValidValues() {
    CliRun.Result r = scan(mixed.toString(), "--hop", "10");
    assertEquals(ExitCodes.USAGE, r.exit(), r.toString());
    assertTrue(r.err().contains("hop"), r.err());
    r = scan(mixed.toString(), "--format", "xml");
    assertEquals(ExitCodes.USAGE, r.exit());
    assertTrue(r.err().contains("expected one of [JSONL, CSV, TABLE]"), r.err());
    r = scan(mixed.toString(), "--channels", "left");
    assertEquals(ExitCodes.USAGE, r.exit());
    assertTrue(r.err().contains("expected one of [MIX, SPLIT]"), r.err());
    r = scan(mixed.toString(), "--operating-point", "nope");
    assertEquals(ExitCodes.USAGE, r.exit());
    assertTrue(r.err().contains("eer"), r.err());
    r = scan(mixed.toString(), "--resume");
    assertEquals(ExitCodes.USAGE, r.exit());
    r = scan(mixed.toString(), "-o", tmp.resolve("no/such/folder/out.jsonl").toString());
    assertEquals(ExitCodes.USAGE, r.exit());
    assertTrue(r.err().contains("does not exist"), r.err());
    r = CliRun.run("scan", "--model", tmp.resolve("nope.onnx").toString(), mixed.toString());
    assertEquals(ExitCodes.USAGE, r.exit());
    assertTrue(r.err().contains("nope.onnx"), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
  }

  @Test
  void missingArgumentIsAFailedResult() throws IOException {
    CliRun.Result r = scan(tmp.resolve("absent.wav").toString());
    assertEquals(ExitCodes.SOME_FAILED, r.exit(), r.toString());
    List<JsonNode> rows = CliRun.jsonl(r.out());
    assertEquals(1, rows.size());
    assertTrue(rows.get(0).get("error").asText().contains("no such file"));
  }
}
