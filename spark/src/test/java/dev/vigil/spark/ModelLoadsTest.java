package dev.vigil.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.cli.TestData;
import dev.vigil.runtime.testing.TestModels;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model is loaded once per executor JVM: not per task, per file or per job, even when later
 * jobs ask for other verdict settings.
 */
class ModelLoadsTest {
  @TempDir static Path tmp;
  static SparkSession spark;

  @BeforeAll
  static void setUp() {
    spark = TestSpark.session(tmp);
  }

  @AfterAll
  static void tearDown() {
    spark.stop();
  }

  @Test
  void eightFilesInFourTasksAndTwoJobsLoadTheModelOnce() throws IOException {
    // a model no other test of this JVM loads: one expert on log-mel
    Path model = TestModels.write(tmp.resolve("model"), TestModels.Variant.SINGLE_LOGMEL);
    Path dir = tmp.resolve("speech");
    TestData.speech(dir, "s", 8, 3.2, 70);
    ScanSettings s =
        ScanSettings.defaults().withModel(model.toString()).withDevice("cpu").withThreads(2);
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
