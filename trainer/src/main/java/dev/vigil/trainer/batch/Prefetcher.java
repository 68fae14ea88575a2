package dev.vigil.trainer.batch;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Worker threads fill a bounded queue of ready batches for steps {@code [0, steps)} of one epoch;
 * {@link #next()} hands them out in step order. Batch k is drawn with a generator seeded from
 * (seed, epoch, k) only, so its content does not depend on thread timing. Records how long the
 * consumer waited.
 */
public final class Prefetcher implements AutoCloseable {
  private final ExecutorService pool;
  private final Semaphore room;
  private final Map<Integer, Object> ready = new HashMap<>();
  private final AtomicInteger nextToMake;
  private final int steps;
  private int nextToTake;
  private long waitNanos;
  private boolean closed;

  /**
   * Starts the workers.
   *
   * @param makers one batch maker per worker (not shared between threads)
   * @param workers worker threads
   * @param capacity the most batches made ahead
   * @param seed the run seed
   * @param epoch the epoch (part of every batch's seed)
   * @param firstStep the first step to make (a resumed epoch starts mid-way)
   * @param steps one past the last step
   */
  public Prefetcher(
      Supplier<BatchMaker> makers,
      int workers,
      int capacity,
      long seed,
      int epoch,
      int firstStep,
      int steps) {
    this.steps = steps;
    this.nextToTake = firstStep;
    this.nextToMake = new AtomicInteger(firstStep);
    this.room = new Semaphore(Math.max(1, capacity));
    this.pool =
        Executors.newFixedThreadPool(
            workers,
            r -> {
              Thread t = new Thread(r, "vigil-batch");
              t.setDaemon(true);
              return t;
            });
    for (int i = 0; i < workers; i++) {
      pool.execute(() -> work(makers.get(), seed, epoch));
    }
  }

  /** The generator batch k of an epoch is drawn with. */
  public static Random batchRandom(long seed, int epoch, int step) {
    long h = seed * 0x9E3779B97F4A7C15L + epoch * 0xC2B2AE3D27D4EB4FL + step * 0x165667B19E3779F9L;
    return new Random(h ^ (h >>> 31));
  }

  private void work(BatchMaker maker, long seed, int epoch) {
    while (true) {
      try {
        room.acquire();
      } catch (InterruptedException e) {
        return;
      }
      int k = nextToMake.getAndIncrement();
      if (k >= steps) {
        room.release();
        return;
      }
      Object result;
      try {
        result = maker.make(batchRandom(seed, epoch, k));
      } catch (IOException | RuntimeException e) {
        result = e;
      }
      synchronized (ready) {
        ready.put(k, result);
        ready.notifyAll();
      }
    }
  }

  /**
   * The next batch in step order; blocks until it is ready.
   *
   * @throws IOException when its worker failed
   * @throws IllegalStateException past the last step or after close
   */
  public TrainBatch next() throws IOException, InterruptedException {
    if (closed) {
      throw new IllegalStateException("prefetcher is closed");
    }
    if (nextToTake >= steps) {
      throw new IllegalStateException("no more batches in this epoch (" + steps + " steps)");
    }
    long t0 = System.nanoTime();
    Object r;
    synchronized (ready) {
      while ((r = ready.remove(nextToTake)) == null) {
        ready.wait();
      }
    }
    waitNanos += System.nanoTime() - t0;
    nextToTake++;
    room.release();
    if (r instanceof IOException e) {
      throw new IOException(e.getMessage(), e);
    }
    if (r instanceof RuntimeException e) {
      throw new IllegalStateException("batch worker failed: " + e, e);
    }
    return (TrainBatch) r;
  }

  /** Total nanoseconds {@link #next()} spent waiting. */
  public long waitNanos() {
    return waitNanos;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      pool.shutdownNow();
    }
  }
}
