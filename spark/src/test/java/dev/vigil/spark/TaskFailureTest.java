package dev.vigil.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.cli.TestData;
import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.engine.DetectionEngine;
import dev.vigil.runtime.model.ModelFile;
import dev.vigil.runtime.testing.TestAudio;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.reflect.ClassTag$;

/**
 * A task that fails mid-partition in an executor JVM that lives on (an exception, not a lost
 * executor: {@link ExecutorLossTest} kills the JVM): Spark runs it again ({@code local[2,4]}: up to
 * 4 attempts per task) in the same JVM, on the same shared engine ({@link ExecutorEngines}), and
 * the written output still has every file once. What the failed attempt had in flight is cancelled,
 * not scored on behind the next attempt's back, and its use of the shared engine is given back, so
 * an engine nobody uses is still closed when other settings need one.
 */
class TaskFailureTest {
  /** Rows the failing attempt hands to the writer before it throws. */
  static final int FAIL_AFTER = 2;

  private static final java.util.concurrent.atomic.AtomicInteger OTHER_SETTINGS =
      new java.util.concurrent.atomic.AtomicInteger();

  @TempDir static Path tmp;
  static SparkSession spark;
  static Path model;
  static ModelFile modelFile;
  static byte[] modelBytes;

  @BeforeAll
  static void setUp() throws Exception {
    spark =
        SparkSession.builder()
            .master("local[2,4]")
            .appName("vigil-spark-task-failure-test")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.warehouse.dir", tmp.resolve("warehouse").toUri().toString())
            .getOrCreate();
    model = TestData.model(tmp.resolve("model"));
    modelBytes = Files.readAllBytes(model);
    modelFile = ModelFile.of(modelBytes, model.toString());
  }

  @AfterAll
  static void tearDown() {
    spark.stop();
  }

  private static ScanSettings settings(double threshold) {
    return ScanSettings.defaults()
        .withModel(model.toString())
        .withDevice("cpu")
        .withThreads(1)
        .withThreshold(threshold)
        .withSelectMedia(true);
  }

  /** The key of the engine the tasks of a scan with {@code s} share in this JVM. */
  private static ExecutorEngines.EngineKey key(ScanSettings s) {
    return new PartitionScan(
            s,
            s.threads(),
            modelFile.modelId(),
            modelFile.name(),
            null,
            null,
            InputColumns.of(FolderListing.SCHEMA),
            null)
        .engineKey();
  }

  private static ExecutorEngines.Lease lease(ScanSettings s) throws Exception {
    return ExecutorEngines.acquire(key(s), () -> ModelFile.of(modelBytes, model.toString()));
  }

  /**
   * Closes the engines nobody uses (as taking an engine for other settings does), then tells
   * whether {@code engine} was among them.
   */
  private static boolean closedAsIdle(DetectionEngine engine) throws Exception {
    // settings no engine has yet: only taking a new engine closes the idle ones
    lease(settings(0.01 + 0.001 * OTHER_SETTINGS.incrementAndGet())).close();
    try {
      engine.submit(AudioSource.of(new byte[0], "probe")).cancel(true);
      return false;
    } catch (IllegalStateException e) {
      return true;
    }
  }

  @Test
  void aTaskThatThrowsMidPartitionIsRunAgainAndItsFilesAreWrittenOnce() throws Exception {
    Path folder = tmp.resolve("in");
    int files = 12; // 3 in each of the 4 partitions
    TestData.speech(folder, "s", files, 1.5, 40);
    ScanSettings s = settings(0.5);
    Dataset<Row> inputs = VigilSpark.listInputs(spark, folder.toString());

    ScanCounters clean = ScanCounters.register(spark);
    VigilSpark.scan(inputs, s, clean).write().parquet(tmp.resolve("clean").toString());
    List<JsonNode> expected =
        SameValues.rows(spark.read().parquet(tmp.resolve("clean").toString()));
    assertEquals(files, expected.size());

    Path naive = Files.createDirectories(tmp.resolve("uncommitted"));
    ScanCounters counters = ScanCounters.register(spark);
    Dataset<Row> scanned = VigilSpark.scan(inputs, s, counters);
    scanned
        .mapPartitions(
            new ThrowAfter(FAIL_AFTER, scanned.schema().fieldIndex("path"), naive.toString()),
            Encoders.row(scanned.schema()))
        .write()
        .parquet(tmp.resolve("out").toString());

    List<String> failedAttempt = Files.readAllLines(naive.resolve("p0-a0.txt"));
    assertEquals(FAIL_AFTER, failedAttempt.size());
    assertTrue(
        Files.readAllLines(naive.resolve("p0-a1.txt")).size() > FAIL_AFTER, "not mid-partition");
    List<JsonNode> actual = SameValues.rows(spark.read().parquet(tmp.resolve("out").toString()));
    ExecutorLossTest.assertEachOnce(actual.stream().map(n -> n.get("path").asText()).toList());
    SameValues.assertSameRows(expected, actual);
    // a failed attempt's user accumulators are not merged (Spark sends only those that count
    // failed values): the counts are the clean run's
    assertEquals(clean.scored(), counters.scored(), counters.summary(1));
    assertEquals(clean.failed(), counters.failed(), counters.summary(1));
    assertEquals(clean.skipped(), counters.skipped(), counters.summary(1));
    assertEquals(clean.audioSeconds(), counters.audioSeconds(), 1e-6, counters.summary(1));
    // the rows handed on without a commit protocol hold the failed attempt's twice
    List<String> uncommitted = new ArrayList<>();
    try (Stream<Path> l = Files.list(naive)) {
      for (Path f : l.sorted().toList()) {
        uncommitted.addAll(Files.readAllLines(f));
      }
    }
    assertThrows(AssertionError.class, () -> ExecutorLossTest.assertEachOnce(uncommitted));

    // the failed attempt gave the shared engine back: nothing in flight, and nobody using it
    DetectionEngine engine;
    try (ExecutorEngines.Lease l = lease(s)) {
      engine = l.engine();
      assertEquals(0, engine.inFlight());
    }
    assertTrue(closedAsIdle(engine), "a task still holds the engine");
  }

  @Test
  void closingAPartitionMidwayCancelsItsFilesInFlightAndTheNextAttemptScoresThemAll()
      throws Exception {
    // one short file, then long ones: when the short file's row is read, the long ones are in
    // flight
    Path dir = Files.createDirectories(tmp.resolve("long"));
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Path f = dir.resolve("f" + i + ".wav");
      TestAudio.writeWav(f, 16000, TestAudio.speechLike(i == 0 ? 2.0 : 30.0, 16000, 60 + i));
      rows.add(
          RowFactory.create(
              f.toUri().toString(),
              Files.size(f),
              new Timestamp(Files.getLastModifiedTime(f).toMillis())));
    }
    ScanSettings s = settings(0.4567);
    ExecutorEngines.Lease first = lease(s);
    DetectionEngine engine = first.engine();
    ScanIterator failed = iterator(first, rows);
    assertTrue(failed.hasNext());
    assertTrue(failed.next().getString(0).endsWith("/f0.wav"));
    assertTrue(engine.inFlight() > 0, "nothing in flight when the task failed");
    long scoredBefore = engine.segmentsScored();
    failed.close(); // what the task's completion listener does when the task fails

    assertEquals(0, engine.inFlight(), "the failed attempt's files are still in flight");
    long scoredAfter = settled(engine);
    // 5 files of 30 s are 5 × 19 windows; a batch taken before the cancel may still run
    assertTrue(
        scoredAfter - scoredBefore <= 32,
        (scoredAfter - scoredBefore) + " windows of cancelled files scored");

    ScanIterator again = iterator(lease(s), rows);
    List<Row> out = new ArrayList<>();
    again.forEachRemaining(out::add);
    assertEquals(6, out.size());
    for (int i = 0; i < 6; i++) {
      Row r = out.get(i);
      assertTrue(r.getString(0).endsWith("/f" + i + ".wav"), r.getString(0));
      assertTrue(r.isNullAt(ResultSchema.of(false).fieldIndex("error")), r.toString());
    }
    assertEquals(0, engine.inFlight());
    assertTrue(closedAsIdle(engine), "a lease was not given back");
  }

  @Test
  void aTaskWhoseSetupFailsGivesTheEngineBack() throws Exception {
    // the Hadoop configuration is a broadcast that an executor fetches (from the driver or other
    // executors) when the task first reads it, and a fetch can fail: the task must not keep the
    // engine then (it took it before the fetch, and never gave it back)
    ScanSettings s = settings(0.789);
    PartitionScan scan =
        new PartitionScan(
            s,
            s.threads(),
            modelFile.modelId(),
            modelFile.name(),
            new TestBroadcast<>(modelBytes, null),
            new TestBroadcast<HadoopConf>(null, "Failed to get broadcast_7_piece0 (simulated)"),
            InputColumns.of(FolderListing.SCHEMA),
            null);
    DetectionEngine engine;
    try (ExecutorEngines.Lease l = ExecutorEngines.acquire(scan.engineKey(), () -> modelFile)) {
      engine = l.engine();
    }
    RuntimeException e =
        assertThrows(RuntimeException.class, () -> scan.call(List.<Row>of().iterator()));
    assertTrue(e.getMessage().contains("broadcast_7"), e.toString());
    assertTrue(closedAsIdle(engine), "the failed task kept the engine");
  }

  private static ScanIterator iterator(ExecutorEngines.Lease lease, List<Row> rows) {
    return new ScanIterator(
        lease,
        rows.iterator(),
        InputColumns.of(FolderListing.SCHEMA),
        new HadoopFiles(new Configuration()),
        false,
        false,
        null);
  }

  /** The engine's scored windows once they stopped changing for 500 ms (at most 10 s). */
  private static long settled(DetectionEngine engine) throws InterruptedException {
    long until = System.nanoTime() + 10_000_000_000L;
    long last = engine.segmentsScored();
    while (System.nanoTime() < until) {
      Thread.sleep(500);
      long now = engine.segmentsScored();
      if (now == last) {
        return now;
      }
      last = now;
    }
    return last;
  }

  /**
   * Passes the rows on, writing each row's path to {@code naive/pP-aA.txt} as it goes (no commit
   * protocol); the first attempt of partition 0 throws once it has handed on {@code rows} rows.
   */
  static final class ThrowAfter implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final int rows;
    private final int pathField;
    private final String naive;

    ThrowAfter(int rows, int pathField, String naive) {
      this.rows = rows;
      this.pathField = pathField;
      this.naive = naive;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> in) {
      TaskContext task = TaskContext.get();
      boolean doomed = task.partitionId() == 0 && task.attemptNumber() == 0;
      Path log = Path.of(naive, "p" + task.partitionId() + "-a" + task.attemptNumber() + ".txt");
      return new Iterator<>() {
        int handed;

        @Override
        public boolean hasNext() {
          if (doomed && handed >= rows) {
            throw new IllegalStateException("the task fails after " + rows + " rows (test)");
          }
          return in.hasNext();
        }

        @Override
        public Row next() {
          Row r = in.next();
          try {
            Files.writeString(
                log,
                r.getString(pathField) + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          handed++;
          return r;
        }
      };
    }
  }

  /** A broadcast variable that holds its value here, or fails to be fetched. */
  static final class TestBroadcast<T> extends Broadcast<T> {
    private static final long serialVersionUID = 1L;
    private final transient T value;
    private final String failure;

    @SuppressWarnings("unchecked")
    TestBroadcast(T value, String failure) {
      super(-1L, (scala.reflect.ClassTag<T>) ClassTag$.MODULE$.AnyRef());
      this.value = value;
      this.failure = failure;
    }

    @Override
    public T getValue() {
      if (failure != null) {
        throw new IllegalStateException(failure);
      }
      return value;
    }

    @Override
    public void doUnpersist(boolean blocking) {}

    @Override
    public void doDestroy(boolean blocking) {}
  }
}
