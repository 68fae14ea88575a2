package dev.vigil.spark;

import dev.vigil.runtime.DetectorOptions.ChannelMode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spark-submit --class dev.vigil.spark.ScanJob vigil-spark.jar --input IN --output OUT}:
 * scores every audio/video file under a folder, matching a glob, or listed in a text file, on any
 * Hadoop file system, and writes one row per file, the fields of {@code vigil scan}'s JSON lines
 * (Parquet, JSON lines or CSV). Prints a one-line summary on stderr at the end. Exit code 0 when
 * the job ran (bad files are rows with {@code error}, not failures of the job), 2 on a usage error
 * (an option, the model, an existing output with {@code --mode error}), 1 when Spark failed.
 */
@Command(
    name = "vigil-spark scan",
    mixinStandardHelpOptions = true,
    description = {
      "Scores audio and video files on Spark: one row per file, the fields of vigil scan's JSON"
          + " lines."
    })
public final class ScanJob implements Callable<Integer> {

  /** Exit code of a usage error. */
  static final int USAGE = 2;

  private SparkSession session;
  private PrintWriter err;

  @Option(
      names = "--input",
      required = true,
      paramLabel = "PATH",
      description =
          "A folder (walked recursively, files chosen as vigil scan chooses them), a glob, a text"
              + " file of paths (.txt, .lst, .list; every path scored) or one file; any Hadoop"
              + " file system (file:, hdfs://, s3a://).")
  String input;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "DIR",
      description = "The output folder (Spark's part files).")
  String output;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "parquet",
      description = "parquet, jsonl or csv. Default: ${DEFAULT-VALUE}.")
  OutputFormat format;

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      defaultValue = "error",
      description = "error (refuse an existing --output) or overwrite. Default: ${DEFAULT-VALUE}.")
  OutputMode mode;

  @Option(names = "--segments", description = "Add each file's segment timeline to its row.")
  boolean segments;

  @Option(
      names = "--threshold",
      paramLabel = "VALUE",
      description = "Label spoof when score >= VALUE (in [0, 1]). Overrides --operating-point.")
  Double threshold;

  @Option(
      names = "--operating-point",
      paramLabel = "NAME",
      description = "The model's named threshold (eer, fpr_1pct, ...). Default: its default.")
  String operatingPoint;

  @Option(
      names = "--hop",
      paramLabel = "SECONDS",
      description = "Hop between 3 s windows, within the model's limits. Default: the model's.")
  Double hop;

  @Option(
      names = {"-m", "--model"},
      paramLabel = "FILE",
      description = "ONNX model file on any Hadoop file system. Default: the bundled model.")
  String model;

  @Option(
      names = "--device",
      paramLabel = "DEVICE",
      defaultValue = "auto",
      description = "auto, cpu, cuda or cuda:N. Default: ${DEFAULT-VALUE}.")
  String device;

  @Option(
      names = "--threads",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Inference threads per executor JVM, shared by its tasks; 0 = its task slots"
              + " (spark.executor.cores / spark.task.cpus, N of local[N]). Default: ${DEFAULT-VALUE}.")
  int threads;

  @Option(
      names = "--batch",
      paramLabel = "N",
      defaultValue = "32",
      description = "Most segments in one ONNX Runtime run. Default: ${DEFAULT-VALUE}.")
  int batch;

  @Option(
      names = "--channels",
      paramLabel = "MODE",
      defaultValue = "mix",
      description = "mix (one row per file) or split (one per channel). Default: ${DEFAULT-VALUE}.")
  ChannelMode channels;

  @Option(
      names = "--file-timeout",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description =
          "A file not finished within SECONDS fails with timeout. Default: ${DEFAULT-VALUE}.")
  double fileTimeout;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Spread the files over N tasks; 0 = as listed (a folder: Spark's file splits; a list:"
              + " 4 per task slot of the cluster). Default: ${DEFAULT-VALUE}.")
  int partitions;

  /** Runs the job in a new (or the active) SparkSession and exits with its code. */
  public static void main(String[] args) {
    int code = run(null, args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * Runs the job on {@code spark} (null: {@code SparkSession.builder().getOrCreate()}, stopped at
   * the end), as {@code spark-submit} would; for notebooks and tests.
   *
   * @return the exit code
   */
  public static int run(SparkSession spark, String... args) {
    return run(spark, new PrintWriter(System.err, true), args);
  }

  /** {@link #run(SparkSession, String...)} with messages and the summary written to {@code err}. */
  static int run(SparkSession spark, PrintWriter err, String... args) {
    ScanJob job = new ScanJob();
    job.session = spark;
    job.err = err;
    CommandLine cl = new CommandLine(job);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setErr(err);
    return cl.execute(args);
  }

  @Override
  public Integer call() throws Exception {
    SparkSession spark =
        session != null ? session : SparkSession.builder().appName("vigil scan").getOrCreate();
    try {
      return scan(spark);
    } catch (Exception e) {
      // Spark's AnalysisException (a missing input, ...) is checked but undeclared in Scala
      if (!(e instanceof IllegalArgumentException || e instanceof AnalysisException)) {
        throw e;
      }
      err.println("vigil-spark: " + oneLine(e.getMessage()));
      err.flush();
      return USAGE;
    } finally {
      if (session == null) {
        spark.stop();
      }
    }
  }

  private int scan(SparkSession spark) throws IOException {
    long start = System.nanoTime();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path out = new Path(output);
    if (mode == OutputMode.ERROR && out.getFileSystem(conf).exists(out)) {
      throw new IllegalArgumentException(
          "--output " + output + " exists; pass --mode overwrite or another --output");
    }
    ScanSettings settings = settings();
    Dataset<Row> inputs;
    Path in = new Path(input);
    if (isGlob(input) || status(in, conf).isDirectory()) {
      inputs = VigilSpark.listInputs(spark, input);
      settings = settings.withSelectMedia(true);
      inputs = partitions > 0 ? inputs.repartition(partitions) : inputs;
    } else if (isPathList(input)) {
      inputs = VigilSpark.readPathList(spark, input);
      int n = partitions > 0 ? partitions : 4 * spark.sparkContext().defaultParallelism();
      inputs = inputs.repartition(n);
    } else {
      inputs = VigilSpark.listInputs(spark, input);
    }
    DriverModel model = DriverModel.read(settings, conf);
    ScanCounters counters = ScanCounters.register(spark);
    Dataset<Row> results = VigilSpark.scan(inputs, settings, counters, model);
    if (format == OutputFormat.CSV) {
      results = ResultSchema.flatForCsv(results, model.experts());
    }
    DataFrameWriter<Row> w = results.write().mode(mode.saveMode);
    switch (format) {
      case PARQUET -> w.parquet(output);
      case JSONL -> w.option("ignoreNullFields", "false").json(output);
      case CSV -> w.option("header", "true").option("emptyValue", "").csv(output);
    }
    double wall = (System.nanoTime() - start) / 1e9;
    err.println(counters.summary(wall) + "; rows in " + output);
    err.flush();
    return 0;
  }

  private ScanSettings settings() {
    return ScanSettings.defaults()
        .withModel(model)
        .withDevice(device)
        .withThreads(threads)
        .withBatch(batch)
        .withThreshold(threshold)
        .withOperatingPoint(operatingPoint)
        .withHopSeconds(hop)
        .withChannels(channels)
        .withSegments(segments)
        .withFileTimeoutSeconds(fileTimeout);
  }

  private static FileStatus status(Path p, Configuration conf) throws IOException {
    try {
      FileSystem fs = p.getFileSystem(conf);
      return fs.getFileStatus(p);
    } catch (FileNotFoundException e) {
      throw new IllegalArgumentException("--input " + p + ": no such file or folder", e);
    }
  }

  private static boolean isGlob(String path) {
    return path.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
  }

  private static boolean isPathList(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    return p.endsWith(".txt") || p.endsWith(".lst") || p.endsWith(".list");
  }

  private static String oneLine(String s) {
    return s == null ? "failed" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}
