package dev.vigil.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.cli.CliRun;
import dev.vigil.cli.TestData;
import dev.vigil.runtime.testing.TestModels;
import dev.vigil.runtime.verdict.VerdictJson;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ScanJob} against {@code vigil scan} on the same folder of good files of several formats
 * and rates and every kind of bad file: the same files, each once, the same values (scores within
 * 1e-6), the same error codes, the CSV columns of the scan; Parquet and JSON lines read back with
 * {@link ResultSchema}; {@code --mode error|overwrite}; usage errors; and the model loaded once per
 * executor JVM, not per task, file or job.
 */
class ScanJobTest {
  @TempDir static Path tmp;
  static SparkSession spark;
  static Path model;
  static Path folder;
  static int files;

  @BeforeAll
  static void setUp() throws IOException {
    spark = TestSpark.session(tmp);
    model = TestData.model(tmp.resolve("model"));
    folder = tmp.resolve("mixed");
    files = TestSpark.folder(folder);
  }

  @AfterAll
  static void tearDown() {
    spark.stop();
  }

  private static TestSpark.Run scan(String out, String... extra) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "--input",
                folder.toString(),
                "--output",
                tmp.resolve(out).toString(),
                "--model",
                model.toString(),
                "--device",
                "cpu",
                "--threads",
                "2"));
    a.addAll(List.of(extra));
    return TestSpark.job(spark, a.toArray(String[]::new));
  }

  /** The lines of Spark's part files in {@code dir}. */
  private static List<String> partLines(Path dir) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p :
          s.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList()) {
        lines.addAll(Files.readAllLines(p));
      }
    }
    return lines;
  }

  /** A path of either scan relative to the folder, '/'-separated. */
  private static String relative(String path) {
    String p = path.startsWith("file:") ? URI.create(path).getPath() : path;
    return folder.relativize(Path.of(p)).toString().replace('\\', '/');
  }

  private static Map<String, JsonNode> byRelativePath(List<String> lines) throws IOException {
    Map<String, JsonNode> m = new TreeMap<>();
    for (String line : lines) {
      if (!line.isBlank()) {
        JsonNode n = VerdictJson.mapper().readTree(line);
        JsonNode before = m.put(relative(n.get("path").asText()), n);
        assertEquals(null, before, "twice: " + n.get("path"));
      }
    }
    return m;
  }

  @Test
  void jsonLinesMatchVigilScanFileForFile() throws IOException {
    TestSpark.Run run = scan("jsonl", "--format", "jsonl");
    assertEquals(0, run.exit(), run.err());
    Map<String, JsonNode> job = byRelativePath(partLines(tmp.resolve("jsonl")));
    CliRun.Result cli =
        CliRun.run(
            "scan",
            folder.toString(),
            "--model",
            model.toString(),
            "--device",
            "cpu",
            "--threads",
            "2",
            "--format",
            "jsonl");
    Map<String, JsonNode> scan = byRelativePath(List.of(cli.out().split("\n")));
    assertEquals(files, scan.size(), cli.toString());
    assertEquals(scan.keySet(), job.keySet());
    int failed = 0;
    for (Map.Entry<String, JsonNode> e : scan.entrySet()) {
      JsonNode c = e.getValue();
      JsonNode j = job.get(e.getKey());
      assertEquals(SameValues.names(c), SameValues.names(j), "fields of " + e.getKey());
      for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (f.equals("path") || f.equals("error") || SameValues.TIMINGS.contains(f)) {
          continue;
        }
        SameValues.assertSame(e.getKey() + " " + f, c.get(f), j.get(f));
      }
      if (!c.get("error").isNull()) {
        failed++;
        String cliProblem = c.get("error").asText().substring(c.get("path").asText().length());
        String jobProblem = j.get("error").asText().substring(j.get("path").asText().length());
        assertEquals(cliProblem, jobProblem, e.getKey());
      }
    }
    assertEquals(6, failed);
    assertEquals("too_short", job.get("short.wav").get("error_code").asText());
    assertEquals("empty", job.get("empty.wav").get("error_code").asText());
    assertEquals(44100, job.get("codecs/vorbis_s44.ogg").get("sample_rate_hz").asInt());
    assertTrue(
        run.err().contains((files - 6) + " scored")
            && run.err().contains("6 failed")
            && run.err().contains("2 skipped"),
        run.err());
  }

  @Test
  void twoAndFourPartitionsAndBinaryFileRowsGiveTheSameRows() {
    ScanSettings s =
        ScanSettings.defaults()
            .withModel(model.toString())
            .withDevice("cpu")
            .withThreads(2)
            .withSelectMedia(true);
    Dataset<Row> listed = VigilSpark.listInputs(spark, folder.toString());
    List<JsonNode> two = SameValues.rows(VigilSpark.scan(listed.repartition(2), s));
    List<JsonNode> four = SameValues.rows(VigilSpark.scan(listed.repartition(4), s));
    assertEquals(files, two.size());
    SameValues.assertSameRows(two, four);
    // Spark's binaryFile source carries the bytes (and leaves out empty files)
    Dataset<Row> binary =
        spark
            .read()
            .format("binaryFile")
            .option("recursiveFileLookup", "true")
            .load(folder.toString());
    List<JsonNode> bytes = SameValues.rows(VigilSpark.scan(binary, s));
    SameValues.assertSameRows(
        two.stream().filter(n -> !n.get("path").asText().endsWith("/empty.wav")).toList(), bytes);
  }

  @Test
  void anExistingOutputIsRefusedAndOverwrittenAndParquetAndJsonReadBackWithTheSchema()
      throws IOException {
    Path taken = Files.createDirectories(tmp.resolve("parquet"));
    Files.writeString(taken.resolve("earlier.txt"), "an earlier run's file");
    TestSpark.Run refused = scan("parquet", "--segments");
    assertEquals(ScanJob.USAGE, refused.exit());
    assertTrue(refused.err().contains("exists; pass --mode overwrite"), refused.err());
    assertEquals(1, refused.err().lines().count(), refused.err());
    assertTrue(Files.exists(taken.resolve("earlier.txt")), "refused, yet the output changed");
    assertEquals(0, scan("parquet", "--segments", "--mode", "overwrite").exit());
    assertFalse(Files.exists(taken.resolve("earlier.txt")), "overwrite kept an earlier file");
    Dataset<Row> parquet = spark.read().parquet(taken.toString());
    assertEquals(ResultSchema.of(true).simpleString(), parquet.schema().simpleString());
    assertEquals(0, scan("json-seg", "--segments", "--format", "jsonl").exit());
    Dataset<Row> json =
        spark.read().schema(ResultSchema.of(true)).json(tmp.resolve("json-seg").toString());
    List<JsonNode> rows = SameValues.rows(parquet);
    assertEquals(files, rows.size());
    SameValues.assertSameRows(rows, SameValues.rows(json));
    Row good = parquet.where("path like '%good1.wav'").first();
    assertEquals(2, good.getJavaMap(good.fieldIndex("expert_scores")).size());
    List<Row> segs = good.getList(good.fieldIndex("segments"));
    assertEquals(good.getInt(good.fieldIndex("n_segments")), segs.size());
  }

  @Test
  void csvHasTheColumnsOfVigilScan() throws IOException {
    assertEquals(0, scan("csv", "--segments", "--format", "csv").exit());
    List<String> csv = partLines(tmp.resolve("csv"));
    CliRun.Result cli =
        CliRun.run(
            "scan",
            folder.resolve("good1.wav").toString(),
            "--model",
            model.toString(),
            "--device",
            "cpu",
            "--format",
            "csv",
            "--segments");
    String header = cli.out().lines().findFirst().orElseThrow();
    assertEquals(header, csv.get(0)); // each part file starts with the header
    assertEquals(files, csv.stream().filter(l -> !l.equals(header)).count());
  }

  @Test
  void usageErrorsAreOneLineAndStartNothing() {
    TestSpark.Run point = scan("x1", "--operating-point", "nope");
    assertEquals(ScanJob.USAGE, point.exit());
    assertTrue(point.err().contains("nope") && point.err().contains("eer"), point.err());
    TestSpark.Run missing =
        TestSpark.job(
            spark,
            "--input",
            tmp.resolve("nowhere").toString(),
            "--output",
            tmp.resolve("x2").toString(),
            "--model",
            model.toString());
    assertEquals(ScanJob.USAGE, missing.exit());
    assertTrue(missing.err().contains("no such file or folder"), missing.err());
    TestSpark.Run badModel =
        TestSpark.job(
            spark,
            "--input",
            folder.toString(),
            "--output",
            tmp.resolve("x3").toString(),
            "--model",
            folder.resolve("good1.wav").toString());
    assertEquals(ScanJob.USAGE, badModel.exit(), badModel.err());
    assertTrue(badModel.err().contains("good1.wav"), badModel.err());
    assertFalse(Files.exists(tmp.resolve("x1")) || Files.exists(tmp.resolve("x3")));
  }

  @Test
  void theModelIsLoadedOncePerExecutorJvm() throws IOException {
    // 8 files in 4 tasks, then a second job with other verdict settings, on a model no other
    // test of this JVM loads (one expert on log-mel): one load
    Path single = TestModels.write(tmp.resolve("single"), TestModels.Variant.SINGLE_LOGMEL);
    Path dir = tmp.resolve("speech");
    TestData.speech(dir, "s", 8, 3.2, 70);
    ScanSettings s =
        ScanSettings.defaults().withModel(single.toString()).withDevice("cpu").withThreads(2);
    Dataset<Row> inputs = VigilSpark.listInputs(spark, dir.toString()).repartition(4);
    assertEquals(4, inputs.rdd().getNumPartitions());
    int before = ExecutorEngines.modelLoads();
    ScanCounters counters = ScanCounters.register(spark);
    assertEquals(8, VigilSpark.scan(inputs, s, counters).where("error is null").count());
    assertEquals(8, counters.scored());
    assertTrue(counters.audioSeconds() > 8 * 3.2, counters.summary(1));
    assertEquals(1, ExecutorEngines.modelLoads() - before, "loads for 8 files in 4 tasks");
    assertEquals(
        8,
        VigilSpark.scan(inputs, s.withThreshold(0.0).withSegments(true))
            .where("label = 'spoof'")
            .count());
    assertEquals(1, ExecutorEngines.modelLoads() - before, "loads after a second job");
  }
}
