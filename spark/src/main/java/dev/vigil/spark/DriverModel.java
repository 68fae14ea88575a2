package dev.vigil.spark;

import dev.vigil.runtime.model.ModelException;
import dev.vigil.runtime.model.ModelFile;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The model as the driver reads and checks it, without starting ONNX Runtime: the bundled model, or
 * a model file read once from any Hadoop file system, whose bytes are then broadcast to the
 * executors. The settings are checked against it here (threshold, operating point, hop, device), so
 * a job that cannot run stops before any task starts.
 *
 * @param file the checked model file
 * @param bytes its bytes to broadcast, or null for the bundled model (every executor has it)
 */
record DriverModel(ModelFile file, byte[] bytes) {

  /**
   * Reads the model the settings name and checks the settings against it.
   *
   * @throws IllegalArgumentException one line naming the model or the option and the problem
   */
  static DriverModel read(ScanSettings settings, Configuration conf) {
    DriverModel m;
    try {
      if (settings.model() == null) {
        m = new DriverModel(ModelFile.bundled(), null);
      } else {
        byte[] bytes = readAll(settings.model(), conf);
        m = new DriverModel(ModelFile.of(bytes, settings.model()), bytes);
      }
    } catch (ModelException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    m.file.metadata().thresholds().resolve(settings.threshold(), settings.operatingPoint());
    m.file.metadata().segment().withHopSeconds(settings.hopSeconds());
    settings.detectorOptions();
    return m;
  }

  private static byte[] readAll(String model, Configuration conf) throws ModelException {
    try {
      Path p = new Path(model);
      try (InputStream in = p.getFileSystem(conf).open(p)) {
        return in.readAllBytes();
      }
    } catch (FileNotFoundException e) {
      throw new ModelException(
          ModelException.Check.UNREADABLE, model + ": model file not found", e);
    } catch (IOException | IllegalArgumentException e) {
      throw new ModelException(
          ModelException.Check.UNREADABLE,
          model + ": cannot read model file: " + e.getMessage(),
          e);
    }
  }

  /** The model's expert names, in its order (the CSV columns). */
  List<String> experts() {
    return file.metadata().expertNames();
  }
}
