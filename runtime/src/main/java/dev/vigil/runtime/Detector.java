package dev.vigil.runtime;

import dev.vigil.runtime.decode.AudioInputException;
import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.decode.DecodeOptions;
import dev.vigil.runtime.features.SegmentFeatures;
import dev.vigil.runtime.model.Model;
import dev.vigil.runtime.model.ModelFile;
import dev.vigil.runtime.model.ModelInfo;
import dev.vigil.runtime.pipeline.BatchScorer;
import dev.vigil.runtime.pipeline.Pipeline;
import dev.vigil.runtime.segment.SegmentConfig;
import dev.vigil.runtime.segment.SegmentReader;
import dev.vigil.runtime.verdict.Aggregation;
import dev.vigil.runtime.verdict.FileVerdict;
import dev.vigil.runtime.verdict.SegmentCollector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The runtime's front door: one loaded model and everything needed to turn audio into verdicts.
 * Thread-safe: many threads may call {@link #detect} at once (each call decodes, computes features
 * and runs its own batches; per-thread buffers are pooled). Close it where it was opened; calls
 * after {@link #close()} throw {@link IllegalStateException}. For many files at once, {@link
 * dev.vigil.runtime.engine.DetectionEngine} fills batches across files.
 *
 * <pre>{@code
 * try (Detector detector = Detector.open(DetectorOptions.defaults())) {
 *   FileVerdict v = detector.detect(AudioSource.of(Path.of("call.wav"))).get(0);
 *   System.out.println(v.label().wireName() + " " + v.score());
 * }
 * }</pre>
 */
public final class Detector implements AutoCloseable {
  private final Model model;
  private final boolean ownsModel;
  private final DetectorOptions options;
  private final Pipeline pipeline;
  private final ConcurrentLinkedQueue<Context> pool = new ConcurrentLinkedQueue<>();
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile boolean closed;

  private Detector(Model model, boolean ownsModel, DetectorOptions options) {
    this.model = model;
    this.ownsModel = ownsModel;
    this.options = options;
    this.pipeline =
        new Pipeline(
            model,
            model.metadata().segment().withHopSeconds(options.hopSeconds()),
            options.channelMode() == DetectorOptions.ChannelMode.SPLIT,
            DecodeOptions.defaults().withTimeout(options.decodeTimeout()),
            options.maxDurationSeconds(),
            model.metadata().thresholds().resolve(options.threshold(), options.operatingPoint()));
  }

  /**
   * Loads the model named by the options (or the bundled default model) and prepares the session.
   *
   * @throws IOException when the model cannot be read or fails a contract check ({@link
   *     dev.vigil.runtime.model.ModelException}, one line naming the check)
   * @throws IllegalArgumentException when an option does not fit the model (unknown operating
   *     point, hop outside the model's range, unknown device); the message names the valid values
   */
  public static Detector open(DetectorOptions options) throws IOException {
    Path path = options.modelPath();
    return open(path == null ? ModelFile.bundled() : ModelFile.read(path), options);
  }

  /**
   * A detector on a model file already read and checked ({@link DetectorOptions#modelPath()} is
   * ignored), so a caller that needs the file too reads it once.
   *
   * @throws IOException when the session cannot be started
   * @throws IllegalArgumentException as {@link #open(DetectorOptions)}
   */
  public static Detector open(ModelFile file, DetectorOptions options) throws IOException {
    Model model = Model.load(file, options.model());
    try {
      return new Detector(model, true, options);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * A detector over an already loaded model, which it does not close ({@link
   * DetectorOptions#modelPath()} and {@link DetectorOptions#model()} are ignored: the model's own
   * apply).
   */
  public static Detector create(Model model, DetectorOptions options) {
    return new Detector(model, false, options);
  }

  /** What the model is, its metadata, and where it runs. */
  public ModelInfo model() {
    return model.info();
  }

  /** The loaded model (for {@link dev.vigil.runtime.engine.DetectionEngine}); owned by this. */
  public Model loadedModel() {
    return model;
  }

  /** The threshold labels are decided at (caller's, else the operating point's). */
  public double threshold() {
    return pipeline.threshold();
  }

  /** The segmentation in use (the model's, with the caller's hop). */
  public SegmentConfig segmentConfig() {
    return pipeline.segment();
  }

  /** The front end and verdict settings this detector scores with (shared with the engine). */
  public Pipeline pipeline() {
    return pipeline;
  }

  /** The options this detector was opened with. */
  public DetectorOptions options() {
    return options;
  }

  /** The decoder options derived from {@link DetectorOptions#decodeTimeout()}. */
  public DecodeOptions decodeOptions() {
    return pipeline.decodeOptions();
  }

  /**
   * Scores one input: one verdict when channels are mixed, one per channel when they are split. In
   * split mode the input fails as a whole when any of its channels is silence only.
   *
   * @throws AudioInputException when the input is bad (the message names it and the problem)
   * @throws dev.vigil.runtime.model.ModelException when ONNX Runtime fails
   * @throws IOException on I/O errors
   * @throws IllegalStateException after {@link #close()}
   */
  public List<FileVerdict> detect(AudioSource source) throws IOException {
    lock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("detector is closed");
      }
      Context c = pool.poll();
      if (c == null) {
        c = new Context();
      }
      try {
        return c.detect(source);
      } finally {
        c.scorer.clear();
        pool.offer(c);
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The verdict labelled at another threshold (per-request thresholds). */
  public static FileVerdict relabel(FileVerdict verdict, double threshold) {
    return Aggregation.relabel(verdict, threshold);
  }

  /** Closes the model when this detector loaded it; waits for running calls. Idempotent. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      pool.clear();
      if (ownsModel) {
        model.close();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** One calling thread's feature buffers and batch. */
  private final class Context {
    final float[][] featureBuffers = pipeline.newFeatureBuffers();
    final BatchScorer<Void> scorer = pipeline.newScorer();
    long featuresNanos;
    long inferenceNanos;

    List<FileVerdict> detect(AudioSource source) throws IOException {
      long t0 = System.nanoTime();
      featuresNanos = 0;
      inferenceNanos = 0;
      SegmentCollector collector = pipeline.newCollector();
      SegmentFeatures features = pipeline.features();
      SegmentReader.Summary summary =
          pipeline.read(
              source,
              (stream, window, samples, offset) -> {
                long tf = System.nanoTime();
                features.compute(samples, offset, featureBuffers, window.startSample());
                scorer.add(featureBuffers, samples, offset, null, collector, stream, window);
                featuresNanos += System.nanoTime() - tf;
                if (scorer.isFull()) {
                  flush();
                }
              });
      flush();
      return pipeline.verdicts(
          source.name(), collector, summary, featuresNanos, inferenceNanos, t0);
    }

    private void flush() throws IOException {
      if (scorer.isEmpty()) {
        return;
      }
      inferenceNanos += scorer.run();
      scorer.deliver(
          (owner, e) -> {
            throw e;
          });
      scorer.clear();
    }
  }
}
