package dev.vigil.runtime.engine;

import dev.vigil.runtime.decode.AudioInputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the admitted inputs in time slices: on a pool of worker threads, or, with no workers
 * ({@link BatchingPolicy#inline()}), on the inference threads between their runs ({@link
 * #runTask}). A slice works on one input for at most {@link #SLICE_NANOS} and puts it back in line.
 * The line is ordered by {@link EngineOptions.ReadOrder}: round robin (a long input does not hold a
 * thread until its end), or earliest deadline first (the oldest admitted input is read first and
 * finishes first; round robin among equal deadlines).
 */
final class ReadScheduler {
  /** How long a reading slice stays with one input before the next one takes its turn. */
  private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final EngineState state;

  /** Null when the inference threads read the inputs themselves. */
  private final ExecutorService workers;

  /** The reading tasks waiting for an inference thread (inline only). */
  private final PriorityBlockingQueue<Runnable> tasks = new PriorityBlockingQueue<>();

  /** Orders slices of equal deadline by when they were put in line: round robin. */
  private final AtomicLong turns = new AtomicLong();

  private final boolean byDeadline;

  ReadScheduler(EngineState state, ThreadFactory threads) {
    this.state = state;
    this.byDeadline = state.options.readOrder() == EngineOptions.ReadOrder.EARLIEST_DEADLINE;
    int n = state.options.workers();
    this.workers =
        n == 0
            ? null
            : new ThreadPoolExecutor(
                n, n, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(), threads);
  }

  /** Schedules the job's next reading slice. */
  void schedule(Job job) {
    Runnable slice = new Slice(job, byDeadline ? job.deadline() : 0, turns.getAndIncrement());
    if (workers != null) {
      workers.execute(slice);
      return;
    }
    if (state.closed) {
      throw new RejectedExecutionException("detection engine is closed");
    }
    tasks.add(slice);
    state.queue.wakeOne(); // an inference thread waiting on the segment queue comes to run it
  }

  /** Inline: runs one waiting reading slice on this thread; false when there is none. */
  boolean runTask() {
    if (workers != null) {
      return false;
    }
    Runnable task = tasks.poll();
    if (task == null) {
      return false;
    }
    task.run();
    return true;
  }

  /** Stops the workers and returns the slices that never ran (each fails its input when run). */
  List<Runnable> shutdown() throws InterruptedException {
    List<Runnable> notStarted = new ArrayList<>();
    if (workers != null) {
      notStarted.addAll(workers.shutdownNow());
      workers.awaitTermination(30, TimeUnit.SECONDS);
    }
    tasks.drainTo(notStarted);
    return notStarted;
  }

  private void slice(Job job) {
    try {
      if (job.future.isDone()) {
        job.closeInput();
        return;
      }
      if (state.closed) {
        throw new CancellationException(job.name + ": engine closed");
      }
      if (job.started == 0) {
        job.started = System.nanoTime();
      }
      long maxWait = state.options.maxWait().toNanos();
      long sliceEnd = System.nanoTime() + SLICE_NANOS;
      JobInput.Step step;
      do {
        if (job.future.isDone() || state.closed || job.timedOut()) {
          throw new CancellationException(job.name + ": cancelled");
        }
        step = job.input.step(job);
        job.flushPendingOlderThan(maxWait);
      } while (step == JobInput.Step.MORE
          && System.nanoTime() < sliceEnd
          && !state.policy.yieldReading(state.queue.queued()));
      job.flushPending(); // no window waits for a slice that may come much later
      switch (step) {
        case FINISHED -> {
          var summary = job.input.summary();
          job.closeInput();
          job.finishReading(summary);
        }
        case MORE -> schedule(job);
        case WAITING -> job.input.park();
      }
    } catch (CancellationException | RejectedExecutionException e) {
      job.stopReading();
      job.fail(job.timedOut() ? timeout(job) : closedBefore(job));
    } catch (IOException e) {
      job.stopReading();
      job.failAfterWindows(e);
    } catch (RuntimeException | Error e) {
      job.stopReading();
      job.fail(new IOException(job.name + ": internal error while reading the audio: " + e, e));
    }
  }

  private AudioInputException timeout(Job job) {
    return new AudioInputException(
        job.name,
        AudioInputException.Problem.TIMEOUT,
        String.format(
            Locale.ROOT,
            "not scored within %.1f s (the per-file time limit)",
            state.options.fileTimeout().toMillis() / 1000.0));
  }

  /**
   * One reading slice of a job, ordered by deadline ({@link System#nanoTime()} scale), then turn.
   */
  private final class Slice implements Runnable, Comparable<Slice> {
    private final Job job;
    private final long deadline;
    private final long turn;

    Slice(Job job, long deadline, long turn) {
      this.job = job;
      this.deadline = deadline;
      this.turn = turn;
    }

    @Override
    public void run() {
      slice(job);
    }

    @Override
    public int compareTo(Slice o) {
      long d = deadline - o.deadline; // by difference: nanoTime values may wrap
      return d != 0 ? (d < 0 ? -1 : 1) : Long.compare(turn, o.turn);
    }
  }

  static IllegalStateException closedBefore(Job job) {
    return new IllegalStateException("detection engine closed before " + job.name + " was scored");
  }
}
