package dev.vigil.runtime.engine;

import dev.vigil.runtime.Detector;
import dev.vigil.runtime.DetectorOptions;
import dev.vigil.runtime.decode.AudioInputException;
import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.model.ModelInfo;
import dev.vigil.runtime.pipeline.Pipeline;
import dev.vigil.runtime.verdict.FileVerdict;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scores many inputs at once. Worker threads decode, resample, segment and compute features, taking
 * turns between inputs in time slices (so one long input does not hold a worker until its end); an
 * inference thread (or several, {@link EngineOptions#inferenceThreads()}, each running its own
 * batches concurrently in the same ONNX Runtime session) fills batches with the segments of
 * whichever files have them ready (a long file's segments interleave with the others') and runs
 * ONNX Runtime; each input's segments are reassembled and its future completed with its verdicts
 * (one per channel when channels are split).
 *
 * <p>A partial batch waits at most {@link EngineOptions#maxWait()} for more segments, and not at
 * all once every admitted input has been read to its end: a lone request's segments run as soon as
 * its last one is ready. With several inference threads, a thread takes only its fair share of the
 * queued segments while others are free, and a partial batch does not wait while another thread is
 * free: a lone request's windows run side by side, one per thread. With helpers ({@link
 * EngineOptions#parallelFrontEnds()}) a lone input's windows are queued in groups of one per
 * inference thread, so their runs start together instead of the first run sharing the cores with
 * the next window's features.
 *
 * <p>With {@link EngineOptions#workers()} = 0 there are no worker threads: the inference threads
 * read the inputs themselves whenever no full batch is queued.
 *
 * <p>Memory stays flat: at most {@link EngineOptions#maxInFlight()} inputs are admitted ({@link
 * #submit} blocks, {@link #trySubmit} refuses), at most {@link EngineOptions#queuedSegments()}
 * segments' features wait for inference (workers block), and decoding streams block by block. A bad
 * input completes its own future exceptionally with its {@link AudioInputException} (or a one-line
 * {@link IOException}) and never stops the engine. Cancelling a future abandons the input.
 *
 * <p>Thread-safe. Close it where it was created: pending inputs then fail with {@link
 * IllegalStateException}.
 *
 * <p>Inside: each input is a {@link Job}; a {@link ReadScheduler} reads them in slices into a
 * {@link SegmentQueue}; {@link InferenceWorker}s batch and score the queued windows as the {@link
 * BatchingPolicy} decides; the {@link Pipeline} (shared with the {@link Detector}) holds the front
 * end, the batch scorer and the verdict settings.
 */
public final class DetectionEngine implements AutoCloseable {
  private static final AtomicInteger ENGINES = new AtomicInteger();

  private final Detector detector;
  private final boolean ownsDetector;
  private final EngineState state;
  private final Semaphore permits;
  private final ReadScheduler reading;
  private final Thread[] inferenceThreads;

  private DetectionEngine(Detector detector, boolean ownsDetector, EngineOptions options) {
    this.detector = detector;
    this.ownsDetector = ownsDetector;
    Pipeline pipeline = detector.pipeline();
    int frontEnds = pipeline.model().metadata().features().size();
    BatchingPolicy policy = BatchingPolicy.of(options, frontEnds, pipeline.model().maxBatch());
    int id = ENGINES.incrementAndGet();
    AtomicInteger n = new AtomicInteger();
    java.util.function.Function<String, ThreadFactory> daemons =
        role ->
            r -> {
              Thread t = new Thread(r, "vigil-engine" + id + "-" + role + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            };
    ExecutorService helpers =
        policy.helpers()
            ? Executors.newFixedThreadPool(frontEnds - 1, daemons.apply("features"))
            : null;
    this.state =
        new EngineState(
            pipeline,
            options,
            policy,
            new SegmentQueue(pipeline, options.queuedSegments(), !policy.inline()),
            helpers);
    this.permits = new Semaphore(options.maxInFlight());
    this.reading = new ReadScheduler(state, daemons.apply("worker"));
    this.inferenceThreads = new Thread[options.inferenceThreads()];
    for (int k = 0; k < inferenceThreads.length; k++) {
      Thread t =
          new Thread(
              new InferenceWorker(state, reading), "vigil-engine" + id + "-inference" + (k + 1));
      t.setDaemon(true);
      inferenceThreads[k] = t;
    }
    for (Thread t : inferenceThreads) {
      t.start();
    }
  }

  /**
   * Opens a detector with {@code detectorOptions} and an engine over it; closing the engine closes
   * the detector.
   *
   * @throws IOException when the model cannot be loaded (see {@link Detector#open})
   */
  public static DetectionEngine open(DetectorOptions detectorOptions, EngineOptions options)
      throws IOException {
    Detector d = Detector.open(detectorOptions);
    try {
      return new DetectionEngine(d, true, options);
    } catch (RuntimeException e) {
      d.close();
      throw e;
    }
  }

  /**
   * An engine over an open detector's model, segmentation, threshold and channel mode. The detector
   * stays the caller's: close the engine first.
   */
  public static DetectionEngine create(Detector detector, EngineOptions options) {
    return new DetectionEngine(detector, false, options);
  }

  /** What the model is and where it runs. */
  public ModelInfo model() {
    return detector.model();
  }

  /** The threshold labels are decided at. */
  public double threshold() {
    return detector.threshold();
  }

  /** The detector whose model and settings this engine uses. */
  public Detector detector() {
    return detector;
  }

  /**
   * Admits an input, waiting while {@link EngineOptions#maxInFlight()} inputs are in flight
   * (back-pressure for batch scans).
   *
   * @return completes with the input's verdicts, or exceptionally with its {@link
   *     AudioInputException} / {@link IOException}; cancel it to abandon the input
   * @throws InterruptedException when interrupted while waiting
   * @throws IllegalStateException after {@link #close()}
   */
  public CompletableFuture<List<FileVerdict>> submit(AudioSource source)
      throws InterruptedException {
    ensureOpen();
    permits.acquire();
    return start(source);
  }

  /**
   * Admits an input only when fewer than {@link EngineOptions#maxInFlight()} are in flight (an HTTP
   * service answers 503 on empty).
   *
   * @return the input's future, or empty when the engine is full
   * @throws IllegalStateException after {@link #close()}
   */
  public Optional<CompletableFuture<List<FileVerdict>>> trySubmit(AudioSource source) {
    ensureOpen();
    if (!permits.tryAcquire()) {
      return Optional.empty();
    }
    return Optional.of(start(source));
  }

  private CompletableFuture<List<FileVerdict>> start(AudioSource source) {
    Job job = new Job(state, source);
    state.jobs.add(job);
    state.reading.incrementAndGet();
    job.future.whenComplete(
        (v, e) -> {
          job.readingEnded();
          state.jobs.remove(job);
          permits.release();
          state.options.listener().onFileDone(e == null, System.nanoTime() - job.submitted);
          state.reportDepth(); // a cancelled input may never reach another batch
        });
    try {
      reading.schedule(job);
    } catch (RuntimeException e) {
      job.fail(new IllegalStateException("detection engine is closed", e));
    }
    if (state.closed) {
      job.fail(new IllegalStateException("detection engine is closed"));
    }
    state.reportDepth();
    return job.future;
  }

  /** Inputs admitted and not yet completed. */
  public int inFlight() {
    return state.jobs.size();
  }

  /** Segments with features waiting for inference. */
  public int queuedSegments() {
    return state.queue.queued();
  }

  /** ONNX Runtime runs so far. */
  public long batches() {
    return state.batches.get();
  }

  /** Segments scored so far. */
  public long segmentsScored() {
    return state.segments.get();
  }

  /**
   * Segments taken into a batch and dropped before its run because their input was already answered
   * (cancelled at its deadline, or failed) while the batch filled.
   */
  public long segmentsDropped() {
    return state.dropped.get();
  }

  /** The largest batch run so far. */
  public int largestBatch() {
    return state.largestBatch.get();
  }

  private void ensureOpen() {
    if (state.closed) {
      throw new IllegalStateException("detection engine is closed");
    }
  }

  /**
   * Stops admitting inputs, stops the threads, fails inputs not yet completed with {@link
   * IllegalStateException}, and closes the detector when the engine opened it. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (state.closed) {
      return;
    }
    state.closed = true;
    if (state.helpers != null) {
      state.helpers.shutdown(); // a window being computed finishes; its reader is waiting for it
    }
    for (Thread t : inferenceThreads) {
      t.interrupt();
    }
    List<Runnable> notStarted = List.of();
    try {
      notStarted = reading.shutdown();
      for (Thread t : inferenceThreads) {
        t.join(TimeUnit.SECONDS.toMillis(30));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Runnable r : notStarted) {
      r.run(); // each sees the closed engine: closes its decoder and fails its input
    }
    for (Job job : state.jobs) {
      job.closeSession();
      job.fail(ReadScheduler.closedBefore(job));
    }
    if (ownsDetector) {
      detector.close();
    }
  }
}
