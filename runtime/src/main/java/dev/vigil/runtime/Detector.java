package dev.vigil.runtime;

import dev.vigil.runtime.decode.AudioInputException;
import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.decode.DecodeOptions;
import dev.vigil.runtime.features.SegmentFeatures;
import dev.vigil.runtime.model.Batch;
import dev.vigil.runtime.model.Model;
import dev.vigil.runtime.model.ModelInfo;
import dev.vigil.runtime.model.ModelOptions;
import dev.vigil.runtime.segment.SegmentConfig;
import dev.vigil.runtime.segment.SegmentReader;
import dev.vigil.runtime.segment.Window;
import dev.vigil.runtime.verdict.Aggregation;
import dev.vigil.runtime.verdict.FileVerdict;
import dev.vigil.runtime.verdict.SegmentCollector;
import java.io.IOException;
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
  private final SegmentConfig segment;
  private final double threshold;
  private final DecodeOptions decodeOptions;
  private final ConcurrentLinkedQueue<Context> pool = new ConcurrentLinkedQueue<>();
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile boolean closed;

  private Detector(Model model, boolean ownsModel, DetectorOptions options) {
    this.model = model;
    this.ownsModel = ownsModel;
    this.options = options;
    this.segment = model.metadata().segment().withHopSeconds(options.hopSeconds());
    this.threshold =
        model.metadata().thresholds().resolve(options.threshold(), options.operatingPoint());
    this.decodeOptions = DecodeOptions.defaults().withTimeout(options.decodeTimeout());
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
    ModelOptions mo = modelOptions(options);
    Model model =
        options.modelPath() == null ? Model.loadDefault(mo) : Model.load(options.modelPath(), mo);
    try {
      return new Detector(model, true, options);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * A detector over an already loaded model, which it does not close ({@link
   * DetectorOptions#modelPath()}, {@code device}, {@code intraOpThreads} and {@code maxBatch} are
   * ignored: the model's own apply).
   */
  public static Detector create(Model model, DetectorOptions options) {
    return new Detector(model, false, options);
  }

  /** The {@link ModelOptions} a detector with these options loads its model with. */
  public static ModelOptions modelOptions(DetectorOptions options) {
    return new ModelOptions(options.device(), options.intraOpThreads(), options.maxBatch());
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
    return threshold;
  }

  /** The segmentation in use (the model's, with the caller's hop). */
  public SegmentConfig segmentConfig() {
    return segment;
  }

  /** The options this detector was opened with. */
  public DetectorOptions options() {
    return options;
  }

  /** The decoder options derived from {@link DetectorOptions#decodeTimeout()}. */
  public DecodeOptions decodeOptions() {
    return decodeOptions;
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
        c.batch.clear();
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

  /** One thread's buffers: reader, feature stage, batch. */
  private final class Context {
    final SegmentReader reader;
    final SegmentFeatures features;
    final float[][] featureBuffers;
    final Batch batch;
    final int[] streams;
    final Window[] windows;
    long featuresNanos;
    long inferenceNanos;

    Context() {
      reader =
          new SegmentReader(
              segment,
              options.channelMode() == DetectorOptions.ChannelMode.SPLIT,
              decodeOptions,
              options.maxDurationSeconds());
      features = new SegmentFeatures(model.metadata().features());
      featureBuffers = features.newBuffers();
      batch = model.newBatch();
      streams = new int[batch.capacity()];
      windows = new Window[batch.capacity()];
    }

    List<FileVerdict> detect(AudioSource source) throws IOException {
      long t0 = System.nanoTime();
      featuresNanos = 0;
      inferenceNanos = 0;
      batch.clear();
      SegmentCollector collector = new SegmentCollector(model.metadata().expertNames());
      SegmentReader.Summary summary =
          reader.read(
              source,
              (stream, window, samples, offset) -> {
                long tf = System.nanoTime();
                features.compute(samples, offset, featureBuffers, window.startSample());
                int i = batch.add(featureBuffers, samples, offset);
                featuresNanos += System.nanoTime() - tf;
                streams[i] = stream;
                windows[i] = window;
                if (batch.isFull()) {
                  flush(collector);
                }
              },
              () -> false);
      flush(collector);
      double ms = 1e-6;
      FileVerdict.Timings timings =
          new FileVerdict.Timings(
              summary.decodeNanos() * ms,
              featuresNanos * ms,
              inferenceNanos * ms,
              (System.nanoTime() - t0) * ms);
      return collector.build(
          source.name(),
          summary.streams() > 1 || options.channelMode() == DetectorOptions.ChannelMode.SPLIT,
          summary.info(),
          summary.durationSeconds(),
          threshold,
          timings);
    }

    private void flush(SegmentCollector collector) throws IOException {
      if (batch.isEmpty()) {
        return;
      }
      model.run(batch);
      inferenceNanos += batch.lastRunNanos();
      int e = batch.experts();
      float[] es = new float[e];
      float[] gw = new float[e];
      for (int i = 0; i < batch.size(); i++) {
        for (int k = 0; k < e; k++) {
          es[k] = batch.expertScore(i, k);
          gw[k] = batch.gateWeight(i, k);
        }
        collector.add(streams[i], windows[i], batch.score(i), es, gw, 0);
        windows[i] = null;
      }
      batch.clear();
    }
  }
}
