package dev.vigil.runtime.engine;

import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.segment.SegmentReader;
import dev.vigil.runtime.segment.Window;
import dev.vigil.runtime.verdict.FileVerdict;
import dev.vigil.runtime.verdict.SegmentCollector;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One admitted input: its decoder session, its windows on their way to inference, its collected
 * scores, its timings and its future. Read by one thread at a time; scored by any.
 */
final class Job {
  private static final System.Logger LOG = System.getLogger(Job.class.getName());

  final AudioSource source;
  final SegmentCollector collector;
  final CompletableFuture<List<FileVerdict>> future = new CompletableFuture<>();
  final long submitted = System.nanoTime();
  volatile long started;
  volatile long featuresNanos;
  volatile long inferenceNanos;
  SegmentReader.Session session;

  private final EngineState state;

  /** A lone input's windows held back to be queued as a group (reading thread only). */
  private final List<Slot> pending = new ArrayList<>(2);

  private long pendingSince;
  private SegmentReader.Summary summary;
  private final AtomicBoolean readingOver = new AtomicBoolean();

  Job(EngineState state, AudioSource source) {
    this.state = state;
    this.source = source;
    this.collector = state.pipeline.newCollector();
  }

  /** A complete window: features into a pooled slot, then onto the inference queue. */
  void accept(int stream, Window window, float[] samples, int offset) throws IOException {
    SegmentQueue queue = state.queue;
    Slot slot = queue.pollFree();
    if (slot == null && state.policy.inline()) {
      slot = queue.newSlot(); // never block: this thread may be the one that would empty the queue
    } else if (slot == null) {
      flushPending(); // the windows held back must not wait for a slot they keep
      try {
        slot = queue.takeFree();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException(source.name() + ": interrupted");
      }
    }
    long tf = System.nanoTime();
    // a lone input's front ends run at once on the otherwise idle cores
    state
        .pipeline
        .features()
        .compute(
            samples,
            offset,
            slot.features,
            window.startSample(),
            state.lone() ? state.helpers : null);
    if (slot.waveform != null) {
      System.arraycopy(samples, offset, slot.waveform, 0, slot.waveform.length);
    }
    featuresNanos += System.nanoTime() - tf;
    slot.job = this;
    slot.stream = stream;
    slot.window = window;
    if (!state.grouping()) {
      flushPending();
      queue.enqueue(slot);
      return;
    }
    if (pending.isEmpty()) {
      pendingSince = System.nanoTime();
    }
    pending.add(slot);
    if (pending.size() >= state.policy.inferenceThreads()) {
      flushPending();
    }
  }

  /** Queues the windows held back for a group (reading thread only). */
  void flushPending() {
    for (int i = 0; i < pending.size(); i++) {
      state.queue.enqueue(pending.get(i));
    }
    pending.clear();
  }

  /** Queues the held-back windows when the first of them has waited {@code nanos}. */
  void flushPendingOlderThan(long nanos) {
    if (!pending.isEmpty() && System.nanoTime() - pendingSince >= nanos) {
      flushPending();
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

  /**
   * When this input should be done, on the {@link System#nanoTime()} scale: its submission plus the
   * file timeout (its submission alone when there is none), so earliest deadline first reads the
   * inputs in the order they came.
   */
  long deadline() {
    return submitted + state.options.fileTimeout().toNanos();
  }

  boolean timedOut() {
    EngineOptions o = state.options;
    return !o.fileTimeout().isZero()
        && started != 0
        && System.nanoTime() - started > o.fileTimeout().toNanos();
  }

  synchronized void finishReading(SegmentReader.Summary s) {
    summary = s;
    readingEnded();
    maybeComplete();
  }

  /** Counts this input out of the reading ones (once) and wakes a waiting partial batch. */
  void readingEnded() {
    if (readingOver.compareAndSet(false, true)) {
      state.reading.decrementAndGet();
      state.queue.wakeOne();
    }
  }

  /** Completes the future once the input is read and every window of it is scored. */
  synchronized void maybeComplete() {
    if (summary == null || future.isDone()) {
      return;
    }
    if (collector.count() < summary.streams() * summary.windows()) {
      return;
    }
    try {
      future.complete(
          state.pipeline.verdicts(
              source.name(), collector, summary, featuresNanos, inferenceNanos, started));
    } catch (RuntimeException e) {
      fail(new IOException(source.name() + ": internal error: " + e, e));
    }
  }

  void fail(Throwable t) {
    future.completeExceptionally(t);
  }
}
