package dev.vigil.cli.common;

import dev.vigil.runtime.Detector;
import dev.vigil.runtime.DetectorOptions;
import dev.vigil.runtime.model.Model;
import dev.vigil.runtime.model.ModelException;
import dev.vigil.runtime.model.ModelFile;
import dev.vigil.runtime.model.ModelOptions;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command that runs a model shares: model, device, threads, batch. */
public final class ModelMixin {

  @Option(
      names = {"-m", "--model"},
      paramLabel = "FILE",
      description = "ONNX model file (contract version 1). Default: the bundled model.")
  Path model;

  @Option(
      names = "--device",
      paramLabel = "DEVICE",
      defaultValue = "auto",
      description =
          "auto (CUDA when it loads, else CPU), cpu, cuda or cuda:N. Default: ${DEFAULT-VALUE}.")
  String device;

  @Option(
      names = "--threads",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "CPU threads; 0 = the number of CPU cores. Scanning many files (scan, evaluate,"
              + " bench): N threads each run single-threaded ONNX Runtime batches and, between"
              + " them, decode and compute features; one input (explain, listen): ONNX Runtime's"
              + " intra-op threads."
              + " Default: ${DEFAULT-VALUE}.")
  int threads;

  @Option(
      names = "--batch",
      paramLabel = "N",
      defaultValue = "32",
      description = "Most segments in one ONNX Runtime run. Default: ${DEFAULT-VALUE}.")
  int batch;

  /** The model file, or null for the bundled default. */
  public Path modelPath() {
    return model;
  }

  /** The thread count: {@code --threads}, or the number of cores when it is 0. */
  public int threads() {
    if (threads < 0) {
      throw new CliException("--threads must be >= 0, got " + threads);
    }
    return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
  }

  /** The batch size, checked. */
  public int batch() {
    if (batch < 1) {
      throw new CliException("--batch must be >= 1, got " + batch);
    }
    return batch;
  }

  /** The session options these flags ask for. */
  public ModelOptions modelOptions() {
    try {
      return new ModelOptions(device, threads(), batch());
    } catch (IllegalArgumentException e) {
      throw new CliException("--device: " + e.getMessage(), e);
    }
  }

  /**
   * Detector options for scoring many files through a {@link
   * dev.vigil.runtime.engine.DetectionEngine}: single-threaded ONNX Runtime runs, of which {@link
   * #engineOptions()} lets {@link #threads()} go on at once.
   */
  public DetectorOptions batchDetectorOptions() {
    return detectorOptions().withIntraOpThreads(1);
  }

  /**
   * Engine options to go with {@link #batchDetectorOptions()}: {@link
   * dev.vigil.runtime.engine.EngineOptions#batchScan} with {@link #threads()} threads and {@link
   * #batch()}.
   */
  public dev.vigil.runtime.engine.EngineOptions engineOptions() {
    return dev.vigil.runtime.engine.EngineOptions.batchScan(threads(), batch());
  }

  /** Detector options with these flags' model, device, threads and batch. */
  public DetectorOptions detectorOptions() {
    return DetectorOptions.defaults().withModelPath(model).withModel(modelOptions());
  }

  /**
   * Opens a detector, mapping a model that cannot be used or an option that does not fit it to a
   * usage error (exit 2).
   */
  public static Detector openDetector(DetectorOptions options) {
    return openDetector(null, options);
  }

  /** The same, on a model file already read ({@code null}: read the options' model). */
  public static Detector openDetector(ModelFile file, DetectorOptions options) {
    try {
      return file == null ? Detector.open(options) : Detector.open(file, options);
    } catch (IOException | IllegalArgumentException e) {
      throw new CliException(e.getMessage(), e);
    }
  }

  /** Reads and checks a model file (null = the bundled default), mapping failures to exit 2. */
  public static ModelFile modelFile(Path path) {
    try {
      return path == null ? ModelFile.bundled() : ModelFile.read(path);
    } catch (ModelException e) {
      throw new CliException(e.getMessage(), e);
    }
  }

  /** Loads a model file (null = the bundled default), mapping failures to a usage error. */
  public static Model load(Path path, ModelOptions options) {
    try {
      return Model.load(modelFile(path), options);
    } catch (ModelException e) {
      throw new CliException(e.getMessage(), e);
    }
  }
}
