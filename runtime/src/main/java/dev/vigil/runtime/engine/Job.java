package dev.vigil.runtime.engine;

import dev.vigil.runtime.decode.AudioInputException;
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
import java.util.function.Consumer;

/**
 * One admitted input (a file or a pushed stream): where its windows come from, its windows on their
 * way to inference, its collected scores, its timings and its future; with a listener, its window
 * verdicts handed out in order. Read by one thread at a time; scored by any.
 */
final class Job {
  /** How the input is named in messages and verdicts. */
  final String name;

  final SegmentCollector collector;
  final CompletableFuture<List<FileVerdict>> future = new CompletableFuture<>();
  final long submitted = System.nanoTime();
  volatile long started;
  volatile long featuresNanos;
  volatile long inferenceNanos;

  /**
   * Where the windows come from; set once, before the job is scheduled (a stream's input needs the
   * job to wake it).
   */
  JobInput input;

  private final EngineState state;

  /** Hands the window verdicts to a listener in order; null without one. */
  private final WindowEmitter emitter;

  /** A lone input's windows held back to be queued as a group (reading thread only). */
  private final List<Slot> pending = new ArrayList<>(2);

  private long pendingSince;
  private SegmentReader.Summary summary;

  /** Windows cut so far, over all streams (reading thread). */
  private int cut;

  /** A bad input's error, held until the windows cut before it are handed out. */
  private Throwable failureAfterWindows;

  private final AtomicBoolean readingOver = new AtomicBoolean();

  /** The engine's bookkeeping for a finished input, run once before its future completes. */
  private volatile Consumer<Boolean> whenDone;

  private final AtomicBoolean done = new AtomicBoolean();

  /**
   * @param listener receives the window verdicts in order, or null
   */
  Job(EngineState state, String name, StreamListener listener) {
    this.state = state;
    this.name = name;
    this.collector = state.pipeline.newCollector();
    this.emitter =
        listener == null
            ? null
            : new WindowEmitter(listener, name, state.pipeline.threshold(), state.pipeline.split());
  }

  /**
   * Sets what the engine does once this input is over (counts, permits), run before the future
   * completes, so a caller woken by the result sees the engine's counts already updated; a future
   * cancelled from outside runs it on cancellation.
   *
   * @param bookkeeping takes whether the input succeeded
   */
  void onDone(Consumer<Boolean> bookkeeping) {
    whenDone = bookkeeping;
    future.whenComplete((v, e) -> finish(e == null));
  }

  private void finish(boolean ok) {
    Consumer<Boolean> b = whenDone;
    if (b != null && done.compareAndSet(false, true)) {
      b.accept(ok);
    }
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
        throw new InterruptedIOException(name + ": interrupted");
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
    if (emitter != null) {
      emitter.arrived(window.index(), input.arrivalNanos());
    }
    cut++;
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
    closeInput();
  }

  void closeInput() {
    JobInput i = input;
    if (i != null) {
      i.close();
    }
  }

  /**
   * When this input should be done, on the {@link System#nanoTime()} scale: a file's submission
   * plus the file timeout (its submission alone when there is none), so earliest deadline first
   * reads the inputs in the order they came; a stream's bytes are due now.
   */
  long deadline() {
    return input.timeLimited()
        ? submitted + state.options.fileTimeout().toNanos()
        : System.nanoTime();
  }

  boolean timedOut() {
    EngineOptions o = state.options;
    return !o.fileTimeout().isZero()
        && input.timeLimited()
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
      input.readingEnded();
      state.reading.decrementAndGet();
      state.queue.wakeOne();
    }
  }

  /**
   * Hands the windows scored in order to the listener, then completes the future once the input is
   * read and every window of it is scored (so the result comes after the last window).
   */
  synchronized void maybeComplete() {
    if (future.isDone()) {
      return;
    }
    int scored;
    if (emitter != null) {
      try {
        emitter.emitReady(collector);
      } catch (RuntimeException e) {
        fail(new IOException(name + ": the window listener failed: " + e, e));
        return;
      }
      // what was handed out, not what was recorded: another inference thread records windows
      // outside this lock, and they must reach the listener before the input completes
      scored = emitter.emitted();
    } else {
      scored = collector.count();
    }
    if (failureAfterWindows != null) {
      if (scored >= cut) {
        fail(failureAfterWindows);
      }
      return;
    }
    if (summary == null) {
      return;
    }
    if (scored < summary.streams() * summary.windows()) {
      return;
    }
    List<FileVerdict> verdicts;
    try {
      verdicts =
          state.pipeline.verdicts(name, collector, summary, featuresNanos, inferenceNanos, started);
    } catch (RuntimeException e) {
      fail(new IOException(name + ": internal error: " + e, e));
      return;
    }
    finish(true);
    future.complete(verdicts);
  }

  /**
   * Fails the input for bad audio (reading thread, once its reading stopped). With a listener, the
   * windows cut before the error are scored and handed out first (a silent stream's windows, then
   * {@code silence_only}); the result fails after them.
   */
  synchronized void failAfterWindows(IOException e) {
    if (emitter == null || !(e instanceof AudioInputException)) {
      fail(e);
      return;
    }
    readingEnded();
    failureAfterWindows = e;
    maybeComplete();
  }

  void fail(Throwable t) {
    finish(false); // once: a no-op when the input already completed
    future.completeExceptionally(t);
  }
}
