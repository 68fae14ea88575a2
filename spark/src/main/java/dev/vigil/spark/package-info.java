/**
 * Vigil on Apache Spark: the same results as {@code vigil scan}, for archives too large for one
 * machine.
 *
 * <p>{@link dev.vigil.spark.ScanJob} is the {@code spark-submit} main class; {@link
 * dev.vigil.spark.VigilSpark} is the Dataset API for an existing {@code SparkSession} ({@link
 * dev.vigil.spark.VigilSpark#listInputs}, {@link dev.vigil.spark.VigilSpark#scan}); {@link
 * dev.vigil.spark.ScanSettings} holds the options, {@link dev.vigil.spark.ResultSchema} the output
 * schema (the fields of {@code vigil scan}'s JSON lines), {@link dev.vigil.spark.ScanCounters} the
 * accumulators and the one-line summary.
 *
 * <p>Inside an executor, every task of the JVM submits its files to one shared {@code
 * DetectionEngine} over one loaded model ({@code ExecutorEngines}), which batches windows across
 * the files of all running partitions as {@code vigil scan} batches across its files; files are
 * read as streams through the Hadoop {@code FileSystem} API ({@code HadoopChannel}), and a bad file
 * becomes a result row, never a failed task.
 */
package dev.vigil.spark;
