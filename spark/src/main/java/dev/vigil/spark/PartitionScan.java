package dev.vigil.spark;

import dev.vigil.runtime.model.ModelException;
import dev.vigil.runtime.model.ModelFile;
import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.util.TaskCompletionListener;

/**
 * The executor side of a scan, one call per partition: takes this JVM's shared engine ({@link
 * ExecutorEngines}), and returns the partition's result rows in input order as its files finish
 * ({@link ScanIterator}); the engine is given back when the rows are read or the task ends.
 */
final class PartitionScan implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final ScanSettings settings;
  private final int threads;
  private final String modelId;
  private final String modelName;
  private final Broadcast<byte[]> modelBytes;
  private final Broadcast<HadoopConf> conf;
  private final InputColumns columns;
  private final ScanCounters counters;

  /**
   * @param settings the scan's settings
   * @param threads inference threads per executor JVM, or 0 for its processor count
   * @param modelId the model's id (the key of the loaded model)
   * @param modelName how the model is named in messages
   * @param modelBytes the model file's bytes, or null for the bundled model
   * @param conf the driver's Hadoop configuration
   * @param columns where input rows keep path, size, time and bytes
   * @param counters the accumulators, or null
   */
  PartitionScan(
      ScanSettings settings,
      int threads,
      String modelId,
      String modelName,
      Broadcast<byte[]> modelBytes,
      Broadcast<HadoopConf> conf,
      InputColumns columns,
      ScanCounters counters) {
    this.settings = settings;
    this.threads = threads;
    this.modelId = modelId;
    this.modelName = modelName;
    this.modelBytes = modelBytes;
    this.conf = conf;
    this.columns = columns;
    this.counters = counters;
  }

  /** The shared engine this scan's tasks use in a JVM: its model, detector and engine settings. */
  ExecutorEngines.EngineKey engineKey() {
    return new ExecutorEngines.EngineKey(
        new ExecutorEngines.ModelKey(modelId, settings.modelOptions()),
        settings.detectorOptions(),
        settings.engineOptions(TaskSlots.orProcessors(threads)));
  }

  /**
   * The partition's rows. The engine is taken last, once the broadcast configuration is fetched (a
   * fetch can fail), and from then on given back however the task ends: a lease nobody gives back
   * would keep its engine open in this JVM for good.
   */
  @Override
  public Iterator<Row> call(Iterator<Row> rows) throws ModelException {
    HadoopFiles files = new HadoopFiles(conf.value().get());
    ExecutorEngines.Lease lease = ExecutorEngines.acquire(engineKey(), this::modelFile);
    ScanIterator it;
    try {
      it =
          new ScanIterator(
              lease, rows, columns, files, settings.selectMedia(), settings.segments(), counters);
      TaskContext task = TaskContext.get();
      if (task != null) {
        task.addTaskCompletionListener((TaskCompletionListener) ctx -> it.close());
      }
    } catch (RuntimeException | Error e) {
      lease.close();
      throw e;
    }
    return it;
  }

  private ModelFile modelFile() throws ModelException {
    return modelBytes == null ? ModelFile.bundled() : ModelFile.of(modelBytes.value(), modelName);
  }
}
