package dev.vigil.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.cli.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.ExecutorLostFailure;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/**
 * Issue 22: a task whose executor dies is run again by Spark and its files appear once in the
 * output, by Spark's output commit protocol alone (there is no dedup of ours). The executor really
 * dies: the jobs run on {@link LocalCluster} ({@code local-cluster[2,1,1024]}: two executor JVMs
 * started by two Workers), and one task attempt, after handing {@value #HALT_AFTER} scored rows to
 * Spark's Parquet writer (whose part file is open in the attempt's {@code _temporary} folder),
 * halts its JVM ({@link Runtime#halt}: no shutdown hooks, no task end, as a killed container or a
 * crashed machine). The driver sees the executor lost ({@link ExecutorLostFailure}), the Master
 * starts a new one, and the task runs again. Two plans, both {@link ScanJob}'s: the scan and the
 * write in one stage (a folder), and a repartitioned listing before them ({@code --partitions}, a
 * list file), whose shuffle output is lost with the executor. Each is compared with the same scan
 * run without a failure on the same cluster. (Parquet keeps a row group in memory until the file is
 * closed, so the lost attempt's part file holds little or nothing of its rows; what matters is that
 * it is never committed.)
 *
 * <p>Why it would catch duplicates: the halting stage also writes each row's path, as it passes, to
 * a plain file per task attempt, with no commit protocol (what a hand-made writer in {@code
 * foreachPartition} does). Those files hold the lost attempt's first {@value #HALT_AFTER} paths
 * twice (the lost attempt's and the rerun's), and the test checks that the exactly-once check it
 * applies to the Parquet output finds them there. Had the scan's rows been written outside Spark's
 * committer, or had Spark kept the lost attempt's part file, the output check would fail the same
 * way.
 *
 * <p>Run it alone: {@code ORT_DISABLE_TELEMETRY=1 ./mvnw -B -o -pl spark -am test
 * -Dtest=ExecutorLossTest -Dsurefire.failIfNoSpecifiedTests=false}. Skipped when {@code SPARK_HOME}
 * is not set (surefire sets it; an IDE may not).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExecutorLossTest {
  /** Rows the doomed attempt hands to the writer before its JVM halts. */
  static final int HALT_AFTER = 2;

  /** The halted executor's exit code, as the Worker reports it. */
  static final int HALT_STATUS = 57;

  @TempDir static Path tmp;
  static Path home;
  static SparkSession spark;
  static TaskEnds ends;
  static ScanSettings settings;
  static Dataset<Row> inputs;
  static int files;
  static ScanCounters clean;
  static List<JsonNode> expected;

  @BeforeAll
  static void setUp() throws IOException {
    home = LocalCluster.configuredHome();
    Assumptions.assumeTrue(home != null, "SPARK_HOME is not set (spark/pom.xml sets it)");
    long t0 = System.nanoTime();
    LocalCluster.layOut(home);
    Path model = TestData.model(tmp.resolve("model"));
    Path folder = tmp.resolve("in");
    files = TestSpark.folder(folder) + 8;
    TestData.speech(folder.resolve("speech"), "s", 8, 2.0, 40);
    settings =
        ScanSettings.defaults()
            .withModel(model.toString())
            .withDevice("cpu")
            .withThreads(1)
            .withSelectMedia(true);
    spark = LocalCluster.session(2, tmp);
    ends = new TaskEnds();
    spark.sparkContext().addSparkListener(ends);
    // the scan without a failure, in ScanJob's plan (listing, scan, write): the reference
    inputs = VigilSpark.listInputs(spark, folder.toString());
    assertEquals(4, inputs.rdd().getNumPartitions());
    clean = ScanCounters.register(spark);
    Path out = tmp.resolve("clean");
    VigilSpark.scan(inputs, settings, clean).write().parquet(out.toString());
    expected = SameValues.rows(spark.read().parquet(out.toString()));
    assertEquals(files, expected.size());
    assertEquals(files, clean.scored() + clean.failed(), clean.summary(1));
    System.err.printf(
        "ExecutorLossTest: cluster up and clean run in %.1f s%n", (System.nanoTime() - t0) / 1e9);
  }

  @AfterAll
  static void tearDown() {
    if (spark != null) {
      spark.stop();
    }
  }

  /**
   * ScanJob's plan: the scan and the write in one stage, partition 0's first attempt halts its
   * executor. Every file once, the clean run's values, and the accumulators exactly the clean
   * run's: Spark merges no user accumulator of a failed attempt (a lost executor sends none) and a
   * result task's only once.
   */
  @Test
  @Order(1)
  void aTaskWhoseExecutorDiesIsRunAgainAndItsFilesAreWrittenOnce() throws IOException {
    long t0 = System.nanoTime();
    Run run = new Run("result-stage");
    ScanCounters counters = ScanCounters.register(spark);
    run.write(VigilSpark.scan(inputs, settings, counters), null);

    String halted = run.halted();
    assertTrue(halted.startsWith("partition 0 "), halted);
    assertTrue(
        halted.lines().anyMatch(l -> l.contains("_temporary") && l.contains("part-00000")),
        "the lost attempt had no part file under _temporary: " + halted);
    List<String> lost = run.lostExecutors();
    assertTrue(
        lost.stream()
            .anyMatch(
                s ->
                    s.startsWith("partition 0 attempt 0 ")
                        && s.contains("exited with code " + HALT_STATUS)),
        lost + logs());
    assertEquals(HALT_AFTER, run.uncommitted("s0-p0-a0").size(), "the lost attempt's rows");
    assertTrue(run.uncommitted("s0-p0-a1").size() > HALT_AFTER, "not halted mid-partition");

    List<JsonNode> actual = run.output();
    assertEachOnce(actual.stream().map(n -> n.get("path").asText()).toList());
    SameValues.assertSameRows(expected, actual);
    assertSameCounts(clean, counters);

    // the same check on the rows written without a commit protocol finds the lost attempt's twice
    List<String> uncommitted = run.uncommitted("");
    assertEquals(
        run.uncommitted("s0-p0-a0").stream().sorted().toList(),
        List.copyOf(duplicates(uncommitted).keySet()));
    assertThrows(AssertionFailedError.class, () -> assertEachOnce(uncommitted));
    System.err.printf(
        "ExecutorLossTest: result stage lost and rerun in %.1f s%n",
        (System.nanoTime() - t0) / 1e9);
  }

  /**
   * ScanJob's plan with {@code --partitions} or a list file: the listing is repartitioned (a
   * shuffle) before the scan, and the scan-and-write task that halts its executor runs where
   * listing map output is kept, so that output is lost with it and Spark runs the listing's map
   * tasks again (a stage retry) besides the lost task. The listing is the same rows again, so the
   * job goes on: every file once, the clean run's values, the clean run's counts (the scan counts
   * in the result stage only).
   */
  @Test
  @Order(2)
  void aLostExecutorsShuffleOutputOfTheListingIsRecomputedAndFilesAreWrittenOnce()
      throws IOException {
    long t0 = System.nanoTime();
    Run run = new Run("repartitioned");
    ScanCounters counters = ScanCounters.register(spark);
    Dataset<Row> listing =
        inputs
            .mapPartitions(new NoteTask("repartitioned"), Encoders.row(inputs.schema()))
            .repartition(4);
    run.write(VigilSpark.scan(listing, settings, counters), "repartitioned");

    assertTrue(run.halted().contains(" map output here"), run.halted());
    List<String> lost = run.lostExecutors();
    assertTrue(
        lost.stream().anyMatch(s -> s.contains("exited with code " + HALT_STATUS)),
        lost.toString());
    List<String> stages = ends.stages(run.group);
    assertTrue(
        stages.stream().anyMatch(st -> st.startsWith("map stage ") && !st.endsWith(" attempt 0")),
        "no map stage ran again: " + stages);

    List<JsonNode> actual = run.output();
    assertEachOnce(actual.stream().map(n -> n.get("path").asText()).toList());
    SameValues.assertSameRows(expected, actual);
    assertSameCounts(clean, counters);
    System.err.printf(
        "ExecutorLossTest: listing's shuffle output lost and recomputed in %.1f s%n",
        (System.nanoTime() - t0) / 1e9);
  }

  private static void assertSameCounts(ScanCounters want, ScanCounters got) {
    String s = got.summary(1) + " vs " + want.summary(1);
    assertEquals(want.scored(), got.scored(), s);
    assertEquals(want.failed(), got.failed(), s);
    assertEquals(want.skipped(), got.skipped(), s);
    assertEquals(want.synthetic(), got.synthetic(), s);
    assertEquals(want.audioSeconds(), got.audioSeconds(), 1e-6, s);
  }

  /** Fails when a path appears more than once. */
  static void assertEachOnce(List<String> paths) {
    Map<String, Long> twice = duplicates(paths);
    assertTrue(twice.isEmpty(), "written more than once: " + twice);
  }

  private static Map<String, Long> duplicates(List<String> paths) {
    Map<String, Long> twice = new TreeMap<>();
    paths.stream()
        .collect(Collectors.groupingBy(p -> p, Collectors.counting()))
        .forEach(
            (p, n) -> {
              if (n > 1) {
                twice.put(p, n);
              }
            });
    return twice;
  }

  private static String logs() {
    return LocalCluster.executorLogs(home, 2000);
  }

  /** One failing job's folders: its output, its uncommitted side files, its halt marker. */
  private static final class Run {
    final Path out;
    final Path naive;
    final Path marker;
    final String group;

    Run(String name) throws IOException {
      group = name;
      out = tmp.resolve(name);
      naive = Files.createDirectories(tmp.resolve(name + "-uncommitted"));
      marker = tmp.resolve(name + "-halted.txt");
    }

    /** Writes the scan as Parquet through {@link HaltAfter}. */
    void write(Dataset<Row> scanned, String taskTag) {
      spark.sparkContext().setJobGroup(group, group, false);
      try {
        scanned
            .mapPartitions(
                new HaltAfter(
                    HALT_AFTER,
                    taskTag,
                    scanned.schema().fieldIndex("path"),
                    out.toString(),
                    naive.toString(),
                    marker.toString()),
                Encoders.row(scanned.schema()))
            .write()
            .parquet(out.toString());
      } catch (RuntimeException e) {
        throw new AssertionError("the job failed" + logs(), e);
      } finally {
        spark.sparkContext().clearJobGroup();
      }
    }

    /** This job's failed tasks that lost their executor. */
    List<String> lostExecutors() {
      return ends.tasks(group, e -> e.reason() instanceof ExecutorLostFailure);
    }

    String halted() throws IOException {
      assertTrue(Files.exists(marker), "no executor halted" + logs());
      return Files.readString(marker);
    }

    List<JsonNode> output() {
      return SameValues.rows(spark.read().parquet(out.toString()));
    }

    /** The paths the attempts whose side file names start with {@code prefix} handed on. */
    List<String> uncommitted(String prefix) throws IOException {
      List<String> lines = new ArrayList<>();
      try (Stream<Path> s = Files.list(naive)) {
        for (Path f :
            s.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().toList()) {
          lines.addAll(Files.readAllLines(f));
        }
      }
      return lines;
    }
  }

  /**
   * Passes the scan's rows on to the writer, writing each row's path to {@code naive/sS-pP-aA.txt}
   * (stage attempt S, partition P, task attempt A) as it goes, flushed, outside any commit
   * protocol. One task attempt is doomed: the first of partition 0, or with {@code taskTag} the
   * first to run in an executor JVM where {@link NoteTask} saw that tag (one that ran map tasks of
   * this job, whose shuffle output is then lost with it). Once it has handed on {@code rows} rows
   * and the writer asks for the next, it creates {@code marker} (once per job: the first to create
   * it), notes there the output's {@code _temporary} files, and halts its JVM.
   */
  static final class HaltAfter implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final int rows;
    private final String taskTag;
    private final int pathField;
    private final String output;
    private final String naive;
    private final String marker;

    HaltAfter(int rows, String taskTag, int pathField, String output, String naive, String marker) {
      this.rows = rows;
      this.taskTag = taskTag;
      this.pathField = pathField;
      this.output = output;
      this.naive = naive;
      this.marker = marker;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> in) {
      TaskContext task = TaskContext.get();
      boolean doomed =
          task.attemptNumber() == 0
              && task.stageAttemptNumber() == 0
              && (taskTag == null ? task.partitionId() == 0 : NoteTask.RAN_HERE.contains(taskTag));
      Path log =
          Path.of(
              naive,
              "s"
                  + task.stageAttemptNumber()
                  + "-p"
                  + task.partitionId()
                  + "-a"
                  + task.attemptNumber()
                  + ".txt");
      return new Iterator<>() {
        int handed;

        @Override
        public boolean hasNext() {
          if (doomed && handed >= rows) {
            halt(task);
          }
          return in.hasNext();
        }

        @Override
        public Row next() {
          Row r = in.next();
          append(log, r.getString(pathField) + "\n");
          handed++;
          return r;
        }
      };
    }

    private void halt(TaskContext task) {
      try {
        Files.createFile(Path.of(marker));
      } catch (FileAlreadyExistsException e) {
        return; // another attempt halted its executor already
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      StringBuilder sb = new StringBuilder();
      sb.append("partition ")
          .append(task.partitionId())
          .append(" stage ")
          .append(task.stageId())
          .append(" executor ")
          .append(SparkEnv.get().executorId())
          .append(" pid ")
          .append(ProcessHandle.current().pid())
          .append(taskTag != null ? " map output here" : "")
          .append('\n');
      Path temporary = Path.of(output, "_temporary");
      if (Files.isDirectory(temporary)) {
        try (Stream<Path> s = Files.walk(temporary)) {
          s.filter(Files::isRegularFile)
              .forEach(f -> sb.append(f).append(' ').append(f.toFile().length()).append('\n'));
        } catch (IOException e) {
          sb.append("listing failed: ").append(e).append('\n');
        }
      }
      append(Path.of(marker), sb.toString());
      Runtime.getRuntime().halt(HALT_STATUS);
    }

    private static void append(Path f, String text) {
      try {
        Files.writeString(
            f,
            text,
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND,
            StandardOpenOption.SYNC);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Passes the rows on, noting in this JVM that a task with {@code tag} ran here. */
  static final class NoteTask implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    static final Set<String> RAN_HERE = ConcurrentHashMap.newKeySet();
    private final String tag;

    NoteTask(String tag) {
      this.tag = tag;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> in) {
      RAN_HERE.add(tag);
      return in;
    }
  }

  /** The task ends and completed stages the driver saw, by job group. */
  static final class TaskEnds extends SparkListener {
    private final Map<Integer, String> groups = new ConcurrentHashMap<>();
    private final List<SparkListenerTaskEnd> ends = new CopyOnWriteArrayList<>();
    private final List<StageInfo> stages = new CopyOnWriteArrayList<>();

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
      java.util.Properties p = submitted.properties();
      String group = p == null ? null : p.getProperty("spark.jobGroup.id");
      if (group != null) {
        groups.put(submitted.stageInfo().stageId(), group);
      }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
      ends.add(end);
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted done) {
      stages.add(done.stageInfo());
    }

    /**
     * The task ends of {@code group}'s jobs matching {@code which}, as "partition P attempt A on
     * executor E: reason", waiting up to 10 s (the listener bus is asynchronous) for at least one.
     */
    List<String> tasks(String group, Predicate<SparkListenerTaskEnd> which) {
      return await(
          () ->
              ends.stream()
                  .filter(e -> group.equals(groups.get(e.stageId())) && which.test(e))
                  .map(
                      e ->
                          "partition "
                              + e.taskInfo().index()
                              + " attempt "
                              + e.taskInfo().attemptNumber()
                              + " on executor "
                              + e.taskInfo().executorId()
                              + ": "
                              + e.reason())
                  .toList());
    }

    /**
     * The stages of {@code group}'s jobs that completed without failure, as "map stage S attempt A"
     * or "result stage S attempt A", waiting up to 10 s for at least one.
     */
    List<String> stages(String group) {
      return await(
          () ->
              stages.stream()
                  .filter(st -> group.equals(groups.get(st.stageId())))
                  .filter(st -> st.failureReason().isEmpty())
                  .map(
                      st ->
                          (st.shuffleDepId().isDefined() ? "map stage " : "result stage ")
                              + st.stageId()
                              + " attempt "
                              + st.attemptNumber())
                  .toList());
    }

    private static List<String> await(java.util.function.Supplier<List<String>> found) {
      long until = System.nanoTime() + 10_000_000_000L;
      List<String> f = found.get();
      while (f.isEmpty() && System.nanoTime() < until) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
        f = found.get();
      }
      return f;
    }
  }
}
