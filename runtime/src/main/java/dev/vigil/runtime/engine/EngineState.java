package dev.vigil.runtime.engine;

import dev.vigil.runtime.pipeline.Pipeline;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What the engine's jobs, reading scheduler and inference workers share. */
final class EngineState {
  final Pipeline pipeline;
  final EngineOptions options;
  final BatchingPolicy policy;
  final SegmentQueue queue;

  /** Computes a lone input's lighter front ends beside its reader (null unless enabled). */
  final ExecutorService helpers;

  final Set<Job> jobs = ConcurrentHashMap.newKeySet();

  /** Streams among {@link #jobs}. */
  final AtomicInteger streams = new AtomicInteger();

  /** Admitted inputs whose reading has not ended (more windows may still come from them). */
  final AtomicInteger reading = new AtomicInteger();

  /**
   * Streams among {@link #reading} that wait for bytes: no window of theirs can come before more
   * bytes do.
   */
  final AtomicInteger waiting = new AtomicInteger();

  /**
   * Inference threads holding a batch, from taking its first window until its run returns; the
   * others are free.
   */
  final AtomicInteger holding = new AtomicInteger();

  final AtomicLong batches = new AtomicLong();
  final AtomicLong segments = new AtomicLong();
  final AtomicInteger largestBatch = new AtomicInteger();

  /** Windows taken into a batch and dropped before its run: their input was already answered. */
  final AtomicLong dropped = new AtomicLong();

  volatile boolean closed;

  EngineState(
      Pipeline pipeline,
      EngineOptions options,
      BatchingPolicy policy,
      SegmentQueue queue,
      ExecutorService helpers) {
    this.pipeline = pipeline;
    this.options = options;
    this.policy = policy;
    this.queue = queue;
    this.helpers = helpers;
  }

  /** Inputs being read that may queue a window without being handed more bytes first. */
  int readingNow() {
    return Math.max(0, reading.get() - waiting.get());
  }

  /** Whether the one input in flight gets helpers for its front ends. */
  boolean lone() {
    return policy.lone(jobs.size());
  }

  /** Whether a lone input's windows are queued in groups, one per inference thread. */
  boolean grouping() {
    return policy.grouping(jobs.size());
  }

  /** Counts a run of {@code n} windows that took {@code nanos}. */
  void recordBatch(int n, long nanos) {
    batches.incrementAndGet();
    segments.addAndGet(n);
    largestBatch.accumulateAndGet(n, Math::max);
    options.listener().onBatch(n, nanos);
  }

  /**
   * Tells the listener how many inputs and windows are waiting. Synchronized so that reports reach
   * the listener in the order their counts were read: the last one is never stale.
   */
  synchronized void reportDepth() {
    options.listener().onQueueDepth(jobs.size(), queue.queued());
  }
}
