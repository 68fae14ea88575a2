package dev.vigil.runtime.engine;

import dev.vigil.runtime.model.ModelException;
import dev.vigil.runtime.pipeline.BatchScorer;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * One inference thread: takes queued windows into its batch until the {@link BatchingPolicy} says
 * stop (full, its fair share, every input read, or {@code maxWait} gone), runs the model, hands the
 * scores to each window's input and completes the inputs that are done. Inline, it runs reading
 * slices while no window is queued.
 */
final class InferenceWorker implements Runnable {
  private static final System.Logger LOG = System.getLogger(InferenceWorker.class.getName());

  /** The longest a partial batch's wait goes without looking again at why it waits. */
  private static final long WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final EngineState state;
  private final ReadScheduler reading;
  private final BatchScorer<Job> scorer;

  /** The queue's size, asked by the policy only when a fair share depends on it. */
  private final IntSupplier queued;

  InferenceWorker(EngineState state, ReadScheduler reading) {
    this.state = state;
    this.reading = reading;
    this.scorer = state.pipeline.newScorer();
    this.queued = state.queue::queued;
  }

  @Override
  public void run() {
    while (!state.closed) {
      boolean held = false;
      try {
        Slot first = state.queue.poll();
        if (first == null && reading.runTask()) {
          continue;
        }
        if (first == null) {
          first = state.queue.poll(IDLE_POLL_NANOS);
        }
        if (first == null || state.queue.consumedWake(first)) {
          continue;
        }
        state.holding.incrementAndGet();
        held = true;
        take(first);
        fill();
      } catch (InterruptedException e) {
        if (held) {
          state.holding.decrementAndGet();
        }
        if (state.closed) {
          break;
        }
        continue;
      }
      runBatch();
    }
  }

  /** Takes queued windows until the batch should run. */
  private void fill() throws InterruptedException {
    SegmentQueue queue = state.queue;
    BatchingPolicy policy = state.policy;
    long until = System.nanoTime() + state.options.maxWait().toNanos();
    while (!scorer.isFull() && !policy.fairShareTaken(scorer.size(), queued, state.holding.get())) {
      Slot next = queue.poll();
      long left = until - System.nanoTime();
      if (next == null && left <= 0) {
        // also when reading tasks remain: while this thread read them, another could take every
        // new window, and the windows held here would wait as long as a long input has slices
        break;
      }
      if (next == null && reading.runTask()) {
        continue; // read more inputs instead of waiting for them
      }
      if (next == null && policy.runWithoutWaiting(state.readingNow(), state.jobs.size())) {
        next = queue.poll();
        if (next == null) {
          break;
        }
      }
      if (next == null) {
        left = until - System.nanoTime();
        if (left <= 0) {
          break;
        }
        // in slices: reading ending or a thread coming free may never be signalled here
        next = queue.poll(Math.min(left, WAIT_SLICE_NANOS));
        if (next == null) {
          continue;
        }
      }
      if (!queue.consumedWake(next)) {
        take(next);
      }
    }
  }

  private void take(Slot slot) {
    Job job = slot.job;
    try {
      if (!job.future.isDone()) {
        scorer.add(slot.features, slot.waveform, 0, job, job.collector, slot.stream, slot.window);
      }
    } finally {
      state.queue.release(slot); // inline, an extra slot made when the pool was empty is let go
    }
  }

  private void runBatch() {
    // inputs cancelled (a deadline passed) or failed while the batch filled cost no inference
    state.dropped.addAndGet(scorer.removeIf(job -> job.future.isDone()));
    int n = scorer.size();
    if (n == 0) {
      state.holding.decrementAndGet();
      scorer.clear();
      return;
    }
    try {
      long nanos;
      try {
        nanos = scorer.run();
      } finally {
        state.holding.decrementAndGet(); // free for the next window before completing any input
      }
      state.recordBatch(n, nanos);
      for (int i = 0; i < n; i++) {
        scorer.owner(i).inferenceNanos += nanos / n;
      }
      scorer.deliver((job, e) -> job.fail(new IOException(job.name + ": internal error: " + e, e)));
      for (int i = 0; i < n; i++) {
        scorer.owner(i).maybeComplete();
      }
    } catch (ModelException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "batch of " + n + " segments failed: " + e.getMessage());
      for (int i = 0; i < n; i++) {
        scorer
            .owner(i)
            .fail(
                e instanceof ModelException me ? me : new IOException("inference failed: " + e, e));
      }
    } finally {
      scorer.clear();
    }
    state.reportDepth();
  }
}
