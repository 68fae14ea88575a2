package dev.vigil.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.trim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The Dataset API: Vigil inside an existing Spark pipeline.
 *
 * <pre>{@code
 * Dataset<Row> files = VigilSpark.listInputs(spark, "s3a://archive/calls/");
 * Dataset<Row> results = VigilSpark.scan(files, ScanSettings.defaults().withSelectMedia(true));
 * results.write().parquet("s3a://archive/vigil/");
 * }</pre>
 *
 * <p>{@link #scan} takes any {@code Dataset<Row>} with a string column {@code path} (a Hadoop path
 * or URI), optionally {@code length} and {@code modificationTime} (as {@link #listInputs} and
 * Spark's {@code binaryFile} source give them) and {@code content} (binary: the file's bytes, from
 * {@code binaryFile}, for small files); without {@code content} each file is streamed from its file
 * system on the executor. The result has one row per file (per channel with split channels) in
 * {@link ResultSchema}, lazily, like any transformation.
 */
public final class VigilSpark {
  private VigilSpark() {}

  /** Most files in one partition of {@link #listInputs}: what a lost task scores again. */
  public static final int FILES_PER_PARTITION = 128;

  /**
   * The files under a folder (recursively) or matching a glob, or one file, on any Hadoop file
   * system, as {@code vigil scan} walks a folder: hidden entries (names starting with {@code .})
   * left out, empty files kept, in path order; listed on the driver without reading any file.
   * Columns {@code path}, {@code length}, {@code modificationTime}, in about {@code 2 × the default
   * parallelism} partitions and at most {@value #FILES_PER_PARTITION} files per partition.
   *
   * @throws IllegalArgumentException when nothing matches
   * @throws UncheckedIOException when the listing fails
   */
  public static Dataset<Row> listInputs(SparkSession spark, String folderOrGlob) {
    List<Row> rows;
    try {
      rows = FolderListing.list(folderOrGlob, spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new UncheckedIOException("--input " + folderOrGlob + ": cannot be listed: " + e, e);
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int slices =
        Math.max(
            1,
            Math.max(
                Math.min(rows.size(), 2 * jsc.defaultParallelism()),
                (rows.size() + FILES_PER_PARTITION - 1) / FILES_PER_PARTITION));
    return spark.createDataFrame(jsc.parallelize(rows, slices), FolderListing.SCHEMA);
  }

  /**
   * The paths of a text file, one per line (blank lines skipped): column {@code path}. Each is
   * scored as a file named on {@code vigil scan}'s command line is: always, and a missing one gets
   * an {@code unreadable} row.
   */
  public static Dataset<Row> readPathList(SparkSession spark, String textFile) {
    return spark
        .read()
        .text(textFile)
        .select(trim(col("value")).as(InputColumns.PATH))
        .where(col(InputColumns.PATH).notEqual(""));
  }

  /** {@link #scan(Dataset, ScanSettings, ScanCounters)} without counters. */
  public static Dataset<Row> scan(Dataset<Row> inputs, ScanSettings settings) {
    return scan(inputs, settings, null);
  }

  /**
   * Scores the files of {@code inputs}: one row per file (per channel with split channels), the
   * same fields and values as {@code vigil scan}'s JSON lines; a file that cannot be scored is a
   * row with {@code error} and {@code error_code}. The model is read and the settings are checked
   * here, on the driver.
   *
   * @param counters accumulators to count into (see {@link ScanCounters#register}), or null
   * @throws IllegalArgumentException when the model cannot be read or a setting does not fit it, or
   *     the inputs have no string column {@code path}
   */
  public static Dataset<Row> scan(
      Dataset<Row> inputs, ScanSettings settings, ScanCounters counters) {
    Configuration conf = inputs.sparkSession().sparkContext().hadoopConfiguration();
    return scan(inputs, settings, counters, DriverModel.read(settings, conf));
  }

  /** {@link #scan} with the model already read and checked on the driver. */
  static Dataset<Row> scan(
      Dataset<Row> inputs, ScanSettings settings, ScanCounters counters, DriverModel model) {
    SparkSession spark = inputs.sparkSession();
    InputColumns columns = InputColumns.of(inputs.schema());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<HadoopConf> hadoop =
        jsc.broadcast(new HadoopConf(spark.sparkContext().hadoopConfiguration()));
    Broadcast<byte[]> bytes = model.bytes() == null ? null : jsc.broadcast(model.bytes());
    int threads = settings.threads() > 0 ? settings.threads() : TaskSlots.of(jsc.getConf());
    PartitionScan scan =
        new PartitionScan(
            settings,
            threads,
            model.file().modelId(),
            model.file().name(),
            bytes,
            hadoop,
            columns,
            counters);
    return inputs.mapPartitions(scan, Encoders.row(ResultSchema.of(settings.segments())));
  }

  /** The schema of {@link #scan}'s rows. */
  public static StructType resultSchema(boolean segments) {
    return ResultSchema.of(segments);
  }

  /**
   * The expert names of the model the settings name, in its order (the CSV columns of {@link
   * ResultSchema#flatForCsv}); reads the model file on the driver.
   */
  public static List<String> experts(SparkSession spark, ScanSettings settings) {
    return DriverModel.read(settings, spark.sparkContext().hadoopConfiguration()).experts();
  }
}
