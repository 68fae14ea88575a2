package dev.vigil.runtime.engine;

import dev.vigil.runtime.Detector;
import dev.vigil.runtime.DetectorOptions;
import dev.vigil.runtime.decode.AudioInputException;
import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.features.SegmentFeatures;
import dev.vigil.runtime.model.Batch;
import dev.vigil.runtime.model.Model;
import dev.vigil.runtime.model.ModelException;
import dev.vigil.runtime.model.ModelInfo;
import dev.vigil.runtime.segment.SegmentReader;
import dev.vigil.runtime.segment.Window;
import dev.vigil.runtime.verdict.FileVerdict;
import dev.vigil.runtime.verdict.SegmentCollector;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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
 */
public final class DetectionEngine implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(DetectionEngine.class.getName());
  private static final AtomicInteger ENGINES = new AtomicInteger();

  /** How long a worker stays with one input before it takes the next one in turn. */
  private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /** The longest a partial batch's wait goes without looking again at why it waits. */
  private static final long WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final Detector detector;
  private final boolean ownsDetector;
  private final Model model;
  private final EngineOptions options;
  private final boolean split;
  private final Semaphore permits;

  /** Null when the inference threads read the inputs themselves ({@link #inline}). */
  private final ExecutorService workers;

  /** Reading tasks: run by {@link #workers}, or taken by the inference threads when inline. */
  private final Executor readers;

  /** Computes a lone input's lighter front ends beside its reader (null unless enabled). */
  private final ExecutorService helpers;

  /** The reading tasks waiting for an inference thread (inline only). */
  private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();

  /** No worker threads: inference threads decode and compute features between their runs. */
  private final boolean inline;

  private final int batchCapacity;

  private final long maxWaitNanos;

  private final ArrayBlockingQueue<Slot> free;
  private final BlockingQueue<Slot> ready;
  private final Thread[] inferenceThreads;
  private final Set<Job> jobs = ConcurrentHashMap.newKeySet();
  private final SegmentReader reader;
  private final ThreadLocal<SegmentFeatures> contexts;
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong segments = new AtomicLong();
  private final AtomicInteger largestBatch = new AtomicInteger();

  /**
   * Inference threads holding a batch, from taking its first segment until its run returns; the
   * others are free (with workers: waiting for a segment, or about to).
   */
  private final AtomicInteger holding = new AtomicInteger();

  /** Admitted inputs whose reading has not ended (more segments may still come from them). */
  private final AtomicInteger reading = new AtomicInteger();

  /**
   * Put on the ready queue when an input's reading ends, to wake a waiting partial batch, and
   * (inline) when a reading task is queued, to wake an inference thread to run it; at most one is
   * queued at a time ({@link #wakeQueued}), so the queue holds one place for it. It is only the
   * fast path: it reaches one thread, maybe not the one waiting, so a partial batch also looks
   * again every {@link #WAIT_SLICE_NANOS}.
   */
  private final Slot wake = new Slot(new float[0][], null);

  private final AtomicBoolean wakeQueued = new AtomicBoolean();

  private volatile boolean closed;

  private DetectionEngine(Detector detector, boolean ownsDetector, EngineOptions options) {
    this.detector = detector;
    this.ownsDetector = ownsDetector;
    this.model = detector.loadedModel();
    this.options = options;
    this.split = detector.options().channelMode() == DetectorOptions.ChannelMode.SPLIT;
    this.permits = new Semaphore(options.maxInFlight());
    this.inline = options.workers() == 0;
    this.batchCapacity = model.maxBatch();
    this.maxWaitNanos = options.maxWait().toNanos();
    this.free = new ArrayBlockingQueue<>(options.queuedSegments());
    // inline, a reading slice stops once a batch is queued, so the queue stays near
    // inferenceThreads batches without a hard bound; with workers, they block at the bound
    this.ready =
        inline
            ? new LinkedBlockingQueue<>()
            : new ArrayBlockingQueue<>(options.queuedSegments() + 1);
    for (int i = 0; i < options.queuedSegments(); i++) {
      free.add(newSlot());
    }
    this.reader =
        new SegmentReader(
            detector.segmentConfig(),
            split,
            detector.decodeOptions(),
            detector.options().maxDurationSeconds());
    this.contexts = ThreadLocal.withInitial(() -> new SegmentFeatures(model.metadata().features()));
    int id = ENGINES.incrementAndGet();
    AtomicInteger n = new AtomicInteger();
    java.util.function.Function<String, ThreadFactory> daemons =
        role ->
            r -> {
              Thread t = new Thread(r, "vigil-engine" + id + "-" + role + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            };
    this.workers =
        inline ? null : Executors.newFixedThreadPool(options.workers(), daemons.apply("worker"));
    this.readers = inline ? this::queueTask : workers;
    int frontEnds = model.metadata().features().size();
    this.helpers =
        options.parallelFrontEnds() && frontEnds > 1
            ? Executors.newFixedThreadPool(frontEnds - 1, daemons.apply("features"))
            : null;
    this.inferenceThreads = new Thread[options.inferenceThreads()];
    for (int k = 0; k < inferenceThreads.length; k++) {
      Thread t = new Thread(this::inferenceLoop, "vigil-engine" + id + "-inference" + (k + 1));
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
    return model.info();
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
    Job job = new Job(source, new SegmentCollector(model.metadata().expertNames()));
    jobs.add(job);
    reading.incrementAndGet();
    job.future.whenComplete(
        (v, e) -> {
          job.readingEnded();
          jobs.remove(job);
          permits.release();
          options.listener().onFileDone(e == null, System.nanoTime() - job.submitted);
        });
    try {
      readers.execute(() -> process(job));
    } catch (RuntimeException e) {
      job.fail(new IllegalStateException("detection engine is closed", e));
    }
    if (closed) {
      job.fail(new IllegalStateException("detection engine is closed"));
    }
    options.listener().onQueueDepth(jobs.size(), queuedSegments());
    return job.future;
  }

  /** Inputs admitted and not yet completed. */
  public int inFlight() {
    return jobs.size();
  }

  /** Segments with features waiting for inference. */
  public int queuedSegments() {
    return Math.max(0, ready.size() - (wakeQueued.get() ? 1 : 0));
  }

  /** ONNX Runtime runs so far. */
  public long batches() {
    return batches.get();
  }

  /** Segments scored so far. */
  public long segmentsScored() {
    return segments.get();
  }

  /** The largest batch run so far. */
  public int largestBatch() {
    return largestBatch.get();
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("detection engine is closed");
    }
  }

  // ---- worker side ----

  /**
   * Works on one input for one time slice, then puts it back at the end of the worker queue: a long
   * input takes turns with the others instead of holding a worker until its end.
   */
  private void process(Job job) {
    try {
      if (job.future.isDone()) {
        job.closeSession();
        return;
      }
      if (closed) {
        throw new CancellationException(job.source.name() + ": engine closed");
      }
      if (job.started == 0) {
        job.started = System.nanoTime();
      }
      if (job.session == null) {
        job.session = reader.open(job.source, job::accept);
      }
      long sliceEnd = System.nanoTime() + SLICE_NANOS;
      boolean finished;
      do {
        if (job.future.isDone() || closed || job.timedOut(options)) {
          throw new CancellationException(job.source.name() + ": cancelled");
        }
        finished = job.session.step(1);
        job.flushPendingOlderThan(maxWaitNanos);
      } while (!finished && System.nanoTime() < sliceEnd && !(inline && batchQueued()));
      job.flushPending(); // no window waits for a slice that may come much later
      if (finished) {
        SegmentReader.Summary s = job.session.summary();
        job.closeSession();
        job.finishReading(s);
      } else {
        readers.execute(() -> process(job));
      }
    } catch (CancellationException | RejectedExecutionException e) {
      job.stopReading();
      if (job.timedOut(options)) {
        job.fail(
            new AudioInputException(
                job.source.name(),
                AudioInputException.Problem.TIMEOUT,
                String.format(
                    Locale.ROOT,
                    "not scored within %.1f s (the per-file time limit)",
                    options.fileTimeout().toMillis() / 1000.0)));
      } else {
        job.fail(
            new IllegalStateException(
                "detection engine closed before " + job.source.name() + " was scored"));
      }
    } catch (IOException e) {
      job.stopReading();
      job.fail(e);
    } catch (RuntimeException | Error e) {
      job.stopReading();
      job.fail(
          new IOException(job.source.name() + ": internal error while reading the audio: " + e, e));
    }
  }

  /** Inline: a full batch is queued, so this reading slice yields to inference. */
  private boolean batchQueued() {
    return ready.size() >= batchCapacity;
  }

  private void queueTask(Runnable task) {
    if (closed) {
      throw new RejectedExecutionException("detection engine is closed");
    }
    tasks.add(task);
    wakeOne(); // an inference thread waiting on the segment queue comes to run it
  }

  /** Puts the wake sentinel on the segment queue unless one is there already. */
  private void wakeOne() {
    if (wakeQueued.compareAndSet(false, true)) {
      ready.offer(wake);
    }
  }

  /** Inline: runs one waiting reading task on this inference thread; false when there is none. */
  private boolean runTask() {
    if (!inline) {
      return false;
    }
    Runnable task = tasks.poll();
    if (task == null) {
      return false;
    }
    task.run();
    return true;
  }

  // ---- inference side ----

  private void inferenceLoop() {
    Batch batch = model.newBatch();
    Job[] owners = new Job[batch.capacity()];
    int[] streams = new int[batch.capacity()];
    Window[] windows = new Window[batch.capacity()];
    float[] es = new float[batch.experts()];
    float[] gw = new float[batch.experts()];
    boolean held = false;
    while (!closed) {
      try {
        held = false;
        Slot first = ready.poll();
        if (first == null && runTask()) {
          continue;
        }
        if (first == null) {
          first = ready.poll(50, TimeUnit.MILLISECONDS);
        }
        if (first == null || first == wake) {
          if (first == wake) {
            wakeQueued.set(false);
          }
          continue;
        }
        holding.incrementAndGet();
        held = true;
        take(first, batch, owners, streams, windows);
        long until = System.nanoTime() + maxWaitNanos;
        while (!batch.isFull() && !fairShareTaken(batch.size())) {
          Slot next = ready.poll();
          if (next == null && runTask()) {
            continue; // read more inputs instead of waiting for them
          }
          if (next == null && !options.fullWait() && (reading.get() == 0 || grouping())) {
            // every admitted input is read to its end: its last segments are already queued; or
            // a lone input's windows come in groups, one per thread, and this is this thread's
            next = ready.poll();
            if (next == null) {
              break;
            }
          }
          if (next == null) {
            long left = until - System.nanoTime();
            if (left <= 0) {
              break;
            }
            // in slices: reading ending or a thread coming free may never be signalled here
            next = ready.poll(Math.min(left, WAIT_SLICE_NANOS), TimeUnit.NANOSECONDS);
            if (next == null) {
              continue;
            }
          }
          if (next == wake) {
            wakeQueued.set(false);
          } else {
            take(next, batch, owners, streams, windows);
          }
        }
      } catch (InterruptedException e) {
        if (held) {
          holding.decrementAndGet();
        }
        if (closed) {
          break;
        }
        continue;
      }
      int n = batch.size();
      if (n == 0) {
        holding.decrementAndGet();
        continue;
      }
      try {
        try {
          model.run(batch);
        } finally {
          holding.decrementAndGet(); // free for the next segment before completing any input
        }
        long nanos = batch.lastRunNanos();
        batches.incrementAndGet();
        segments.addAndGet(n);
        largestBatch.accumulateAndGet(n, Math::max);
        options.listener().onBatch(n, nanos);
        for (int i = 0; i < n; i++) {
          Job job = owners[i];
          for (int k = 0; k < es.length; k++) {
            es[k] = batch.expertScore(i, k);
            gw[k] = batch.gateWeight(i, k);
          }
          job.inferenceNanos += nanos / n;
          try {
            job.collector.add(streams[i], windows[i], batch.score(i), es, gw, 0);
          } catch (RuntimeException e) {
            job.fail(new IOException(job.source.name() + ": internal error: " + e, e));
          }
        }
        for (int i = 0; i < n; i++) {
          owners[i].maybeComplete();
        }
      } catch (ModelException | RuntimeException e) {
        LOG.log(
            System.Logger.Level.WARNING, "batch of " + n + " segments failed: " + e.getMessage());
        for (int i = 0; i < n; i++) {
          owners[i].fail(
              e instanceof ModelException me ? me : new IOException("inference failed: " + e, e));
        }
      } finally {
        for (int i = 0; i < n; i++) {
          owners[i] = null;
          windows[i] = null;
        }
        batch.clear();
      }
      options.listener().onQueueDepth(jobs.size(), queuedSegments());
    }
  }

  /** Whether a lone input's windows are queued in groups, one per inference thread. */
  private boolean grouping() {
    return inferenceThreads.length > 1 && lone();
  }

  /** Whether the one input in flight gets helpers for its front ends (and grouped windows). */
  private boolean lone() {
    return helpers != null && jobs.size() == 1;
  }

  /**
   * With workers, whether a batch of {@code taken} segments is this thread's fair share of the
   * queued ones beside the free inference threads: a lone request's windows then run side by side
   * (each in its own run) instead of one after the other in one run, and a partial batch does not
   * wait for more while another thread could run them. Under load no thread is free and batches
   * fill.
   */
  private boolean fairShareTaken(int taken) {
    if (inline || options.fullWait()) {
      return false;
    }
    int free = inferenceThreads.length - holding.get();
    if (free <= 0) {
      return false;
    }
    int queued = queuedSegments();
    return taken >= (taken + queued + free) / (free + 1); // ceil((taken + queued) / (free + 1))
  }

  private Slot newSlot() {
    float[] window =
        model.metadata().needsWaveform()
            ? new float[model.metadata().segment().windowSamples()]
            : null;
    return new Slot(SegmentFeatures.newBuffers(model.metadata().features()), window);
  }

  private void take(Slot slot, Batch batch, Job[] owners, int[] streams, Window[] windows) {
    Job job = slot.job;
    try {
      if (!job.future.isDone()) {
        int i = batch.add(slot.features, slot.window, 0);
        owners[i] = job;
        streams[i] = slot.stream;
        windows[i] = slot.segment;
      }
    } finally {
      slot.job = null;
      slot.segment = null;
      free.offer(slot); // inline, an extra slot made when the pool was empty is let go
    }
  }

  /**
   * Stops admitting inputs, stops the threads, fails inputs not yet completed with {@link
   * IllegalStateException}, and closes the detector when the engine opened it. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<Runnable> notStarted = new java.util.ArrayList<>();
    if (workers != null) {
      notStarted.addAll(workers.shutdownNow());
    }
    if (helpers != null) {
      helpers.shutdown(); // a window being computed finishes; its worker is waiting for it
    }
    for (Thread t : inferenceThreads) {
      t.interrupt();
    }
    try {
      if (workers != null) {
        workers.awaitTermination(30, TimeUnit.SECONDS);
      }
      for (Thread t : inferenceThreads) {
        t.join(TimeUnit.SECONDS.toMillis(30));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    tasks.drainTo(notStarted);
    for (Runnable r : notStarted) {
      r.run(); // each sees the closed engine: closes its decoder and fails its input
    }
    for (Job job : jobs) {
      job.closeSession();
      job.fail(
          new IllegalStateException(
              "detection engine closed before " + job.source.name() + " was scored"));
    }
    if (ownsDetector) {
      detector.close();
    }
  }

  // ---- state ----

  /** One segment's features on their way to inference; pooled. */
  private static final class Slot {
    final float[][] features;
    final float[] window;
    Job job;
    int stream;
    Window segment;

    Slot(float[][] features, float[] window) {
      this.features = features;
      this.window = window;
    }
  }

  /** One admitted input. */
  private final class Job {
    final AudioSource source;
    final SegmentCollector collector;
    final CompletableFuture<List<FileVerdict>> future = new CompletableFuture<>();
    final long submitted = System.nanoTime();
    volatile long started;
    volatile long featuresNanos;
    volatile long inferenceNanos;
    SegmentReader.Session session;

    /** A lone input's windows held back to be queued as a group (reading thread only). */
    private final List<Slot> pending = new java.util.ArrayList<>(2);

    private long pendingSince;

    private SegmentReader.Summary summary;
    private final AtomicBoolean readingOver = new AtomicBoolean();

    Job(AudioSource source, SegmentCollector collector) {
      this.source = source;
      this.collector = collector;
    }

    /** A completed window: features into a pooled slot, then onto the inference queue. */
    void accept(int stream, Window window, float[] samples, int offset) throws IOException {
      Slot slot = free.poll();
      if (slot == null && inline) {
        slot = newSlot(); // never block: this thread may be the one that would empty the queue
      } else if (slot == null) {
        flushPending(); // the windows held back must not wait for a slot they keep
        try {
          slot = free.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException(source.name() + ": interrupted");
        }
      }
      long tf = System.nanoTime();
      // a lone input's front ends run at once on the otherwise idle cores
      contexts
          .get()
          .compute(samples, offset, slot.features, window.startSample(), lone() ? helpers : null);
      if (slot.window != null) {
        System.arraycopy(samples, offset, slot.window, 0, slot.window.length);
      }
      featuresNanos += System.nanoTime() - tf;
      slot.job = this;
      slot.stream = stream;
      slot.segment = window;
      if (!grouping()) {
        flushPending();
        enqueue(slot);
        return;
      }
      // a lone input's windows go to the inference threads in groups, one per thread: their runs
      // then start together, side by side, instead of the first run sharing the cores with the
      // next window's features
      if (pending.isEmpty()) {
        pendingSince = System.nanoTime();
      }
      pending.add(slot);
      if (pending.size() >= inferenceThreads.length) {
        flushPending();
      }
    }

    /** Queues the windows held back for a group (reading thread only). */
    void flushPending() {
      for (int i = 0; i < pending.size(); i++) {
        enqueue(pending.get(i));
      }
      pending.clear();
    }

    /** Queues the held-back windows when the first of them has waited {@code nanos}. */
    void flushPendingOlderThan(long nanos) {
      if (!pending.isEmpty() && System.nanoTime() - pendingSince >= nanos) {
        flushPending();
      }
    }

    private void enqueue(Slot slot) {
      if (!ready.offer(slot)) {
        free.offer(slot);
        throw new IllegalStateException("segment queue overflow");
      }
    }

    /** Queues the windows held back and closes the decoder: this input's reading is over. */
    void stopReading() {
      flushPending();
      closeSession();
    }

    void closeSession() {
      SegmentReader.Session s = session;
      session = null;
      if (s != null) {
        try {
          s.close();
        } catch (IOException e) {
          LOG.log(System.Logger.Level.DEBUG, "closing " + source.name() + ": " + e.getMessage());
        }
      }
    }

    boolean timedOut(EngineOptions o) {
      return !o.fileTimeout().isZero()
          && started != 0
          && System.nanoTime() - started > o.fileTimeout().toNanos();
    }

    synchronized void finishReading(SegmentReader.Summary s) {
      summary = s;
      readingEnded();
      maybeComplete();
    }

    /** Counts this input out of {@link #reading} (once) and wakes a waiting partial batch. */
    void readingEnded() {
      if (readingOver.compareAndSet(false, true)) {
        reading.decrementAndGet();
        wakeOne();
      }
    }

    synchronized void maybeComplete() {
      if (summary == null || future.isDone()) {
        return;
      }
      if (collector.count() < summary.streams() * summary.windows()) {
        return;
      }
      double ms = 1e-6;
      FileVerdict.Timings t =
          new FileVerdict.Timings(
              summary.decodeNanos() * ms,
              featuresNanos * ms,
              inferenceNanos * ms,
              (System.nanoTime() - started) * ms);
      try {
        future.complete(
            collector.build(
                source.name(),
                split,
                summary.info(),
                summary.durationSeconds(),
                detector.threshold(),
                t));
      } catch (RuntimeException e) {
        fail(new IOException(source.name() + ": internal error: " + e, e));
      }
    }

    void fail(Throwable t) {
      future.completeExceptionally(t);
    }
  }
}
