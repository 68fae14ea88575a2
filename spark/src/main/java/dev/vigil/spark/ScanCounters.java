package dev.vigil.spark;

import dev.vigil.runtime.verdict.FileVerdict;
import dev.vigil.runtime.verdict.Label;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;

/**
 * A scan's progress as Spark accumulators, shown by name in the Spark UI while the job runs: files
 * scored, synthetic, failed and skipped (not audio/video), and seconds of audio; and the one-line
 * summary at the end, like {@code vigil scan}'s. Counted as tasks run; Spark drops the counts of a
 * failed or lost task attempt and merges a result task's once, so where the scan runs in the stage
 * that writes its rows ({@link ScanJob}, {@code VigilSpark.scan(...).write()}) the counts stay
 * exact through failed tasks and lost executors ({@code ExecutorLossTest}). The scan's rows
 * computed again (a second action on the same Dataset, a shuffle map stage that Spark runs again)
 * count their files again; the written output holds every file once.
 */
public final class ScanCounters implements Serializable {
  private static final long serialVersionUID = 1L;

  private final LongAccumulator scored;
  private final LongAccumulator spoof;
  private final LongAccumulator failed;
  private final LongAccumulator skipped;
  private final DoubleAccumulator audioSeconds;

  private ScanCounters(SparkContext sc) {
    scored = sc.longAccumulator("vigil files scored");
    spoof = sc.longAccumulator("vigil files synthetic");
    failed = sc.longAccumulator("vigil files failed");
    skipped = sc.longAccumulator("vigil files skipped (not audio/video)");
    audioSeconds = sc.doubleAccumulator("vigil audio seconds");
  }

  /** New counters registered with the session's context (on the driver). */
  public static ScanCounters register(SparkSession spark) {
    return new ScanCounters(spark.sparkContext());
  }

  /** Files scored. */
  public long scored() {
    return scored.value();
  }

  /** Files with a verdict of {@code spoof} (on any channel). */
  public long synthetic() {
    return spoof.value();
  }

  /** Files that failed (a row with {@code error}). */
  public long failed() {
    return failed.value();
  }

  /** Files left out because they are not audio or video. */
  public long skipped() {
    return skipped.value();
  }

  /** Seconds of audio scored. */
  public double audioSeconds() {
    return audioSeconds.value();
  }

  void fileScored(List<FileVerdict> vs) {
    scored.add(1);
    if (vs.stream().anyMatch(v -> v.label() == Label.SPOOF)) {
      spoof.add(1);
    }
    if (!vs.isEmpty()) {
      audioSeconds.add(vs.get(0).durationSeconds());
    }
  }

  void fileFailed() {
    failed.add(1);
  }

  void fileSkipped() {
    skipped.add(1);
  }

  /** The one-line summary, e.g. for stderr at the end of a job. */
  public String summary(double wallSeconds) {
    double seconds = audioSeconds();
    return String.format(
        Locale.ROOT,
        "vigil-spark scan: %d scored, %d synthetic, %d failed, %d skipped (not audio/video);"
            + " %.3f h of audio in %.1f s (%.0fx real time)",
        scored(),
        synthetic(),
        failed(),
        skipped(),
        seconds / 3600.0,
        wallSeconds,
        wallSeconds > 0 ? seconds / wallSeconds : 0.0);
  }
}
