package dev.vigil.runtime.engine;

import dev.vigil.runtime.Detector;
import dev.vigil.runtime.DetectorOptions;
import dev.vigil.runtime.decode.AudioInputException;
import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.decode.StreamFormat;
import dev.vigil.runtime.model.ModelInfo;
import dev.vigil.runtime.pipeline.Pipeline;
import dev.vigil.runtime.verdict.FileVerdict;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
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
 * <p>Live audio: {@link #openStream} opens a {@link StreamSession} whose bytes are handed over as
 * they arrive; the reading threads decode them whenever there are some (a stream with none waits
 * without holding a thread), its windows join the same queue and batches as the files', and a
 * {@link StreamListener} gets each window's verdict in time order as soon as it is scored. {@link
 * #submit(AudioSource, StreamListener)} gives a file's window verdicts the same way.
 *
 * <p>Thread-safe. Close it where it was created: pending inputs and open streams then fail with
 * {@link IllegalStateException}.
 *
 * <p>Inside: each input is a {@link Job} reading a {@link JobInput} (a file, or a stream's buffered
 * bytes); a {@link ReadScheduler} reads them in slices into a {@link SegmentQueue}; {@link
 * InferenceWorker}s batch and score the queued windows as the {@link BatchingPolicy} decides; the
 * {@link Pipeline} (shared with the {@link Detector}) holds the front end, the batch scorer and the
 * verdict settings.
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
    return submit(source, null);
  }

  /**
   * {@link #submit(AudioSource)}, and each window's verdict goes to {@code listener} in time order
   * as soon as it and the windows before it are scored, before the future completes: a file read as
   * a stream.
   *
   * @param listener receives the window verdicts, or null
   */
  public CompletableFuture<List<FileVerdict>> submit(AudioSource source, StreamListener listener)
      throws InterruptedException {
    ensureOpen();
    permits.acquire();
    return start(source, listener);
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
    return Optional.of(start(source, null));
  }

  private CompletableFuture<List<FileVerdict>> start(AudioSource source, StreamListener listener) {
    Job job = new Job(state, source.name(), listener);
    job.input = new FileInput(state, source);
    state.jobs.add(job);
    state.reading.incrementAndGet();
    job.onDone(
        ok -> {
          job.readingEnded();
          state.jobs.remove(job);
          permits.release();
          state.options.listener().onFileDone(ok, System.nanoTime() - job.submitted);
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

  /**
   * Opens a live stream: its bytes are handed over as they arrive, its windows are scored on this
   * engine's threads in the same batches as every other input, and {@code listener} gets each
   * window's verdict in time order as soon as it is scored; see {@link StreamSession}. Streams do
   * not count against {@link EngineOptions#maxInFlight()} (a service limits them itself), and the
   * file timeout does not apply to them. Under {@link EngineOptions.ReadOrder#EARLIEST_DEADLINE} a
   * stream's bytes are read before the files', as due now.
   *
   * @param name how the stream is named in messages and verdicts
   * @param format raw PCM (encoding, rate, channels) or WAV
   * @param listener receives the window verdicts
   * @throws AudioInputException {@code INVALID_FORMAT} when the model cannot resample the raw rate
   *     (a WAV stream's rate is checked when its header arrives, failing the result)
   * @throws IllegalStateException after {@link #close()}
   */
  public StreamSession openStream(String name, StreamFormat format, StreamListener listener)
      throws AudioInputException {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(listener, "listener");
    ensureOpen();
    Job job = new Job(state, name, listener);
    StreamBuffer buffer = new StreamBuffer(name, StreamSession.MAX_BUFFERED_BYTES);
    StreamInput input =
        new StreamInput(
            state, reading, job, state.pipeline.openStream(name, format, job::accept), buffer);
    job.input = input;
    state.jobs.add(job);
    state.reading.incrementAndGet();
    state.streams.incrementAndGet();
    job.onDone(
        ok -> {
          job.readingEnded();
          state.jobs.remove(job);
          state.streams.decrementAndGet();
          state.reportDepth(); // a cancelled stream may never reach another batch
        });
    if (state.closed) {
      job.fail(new IllegalStateException("detection engine is closed"));
    }
    state.reportDepth();
    return new StreamSession(job, input, buffer, format);
  }

  /** Streams opened and not yet completed. */
  public int openStreams() {
    return state.streams.get();
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
      job.closeInput();
      job.fail(ReadScheduler.closedBefore(job));
    }
    if (ownsDetector) {
      detector.close();
    }
  }
}
