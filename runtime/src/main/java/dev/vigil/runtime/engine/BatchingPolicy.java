package dev.vigil.runtime.engine;

import java.util.function.IntSupplier;

/**
 * When an inference thread stops filling its batch, and how a lone input's windows are grouped: the
 * engine's decisions as pure functions of its counters, so tests drive them without threads.
 *
 * @param inferenceThreads the engine's inference threads
 * @param inline no worker threads: inference threads read the inputs between their runs
 * @param fullWait a partial batch always waits its full {@code maxWait}
 * @param helpers a lone input's front ends are computed on helper threads
 * @param batchCapacity the most windows in one run
 */
record BatchingPolicy(
    int inferenceThreads, boolean inline, boolean fullWait, boolean helpers, int batchCapacity) {

  static BatchingPolicy of(EngineOptions o, int frontEnds, int batchCapacity) {
    return new BatchingPolicy(
        o.inferenceThreads(),
        o.workers() == 0,
        o.fullWait(),
        o.parallelFrontEnds() && frontEnds > 1,
        batchCapacity);
  }

  /** Whether the one input in flight gets helpers for its front ends. */
  boolean lone(int inFlight) {
    return helpers && inFlight == 1;
  }

  /**
   * Whether a lone input's windows are queued in groups of {@link #inferenceThreads}: their runs
   * then start together, side by side, instead of the first run sharing the cores with the next
   * window's features.
   */
  boolean grouping(int inFlight) {
    return inferenceThreads > 1 && lone(inFlight);
  }

  /**
   * Whether a batch of {@code taken} windows is this thread's fair share of the {@code queued} ones
   * beside the free inference threads (with workers): a lone request's windows then run side by
   * side, each in its own run, and a partial batch does not wait while another thread could run it.
   * Under load no thread is free and batches fill.
   *
   * @param queued the windows waiting, asked only when the answer depends on it (the queue's size
   *     takes its lock, and this is asked for every window a batch takes)
   * @param holding inference threads holding a batch, this one included
   */
  boolean fairShareTaken(int taken, IntSupplier queued, int holding) {
    if (inline || fullWait) {
      return false;
    }
    int free = inferenceThreads - holding;
    if (free <= 0) {
      return false;
    }
    // ceil((taken + queued) / (free + 1))
    return taken >= (taken + queued.getAsInt() + free) / (free + 1);
  }

  /**
   * Whether a partial batch with nothing queued runs at once instead of waiting for more: every
   * admitted input is read to its end or, for a stream, as far as its bytes go (their windows are
   * already queued), or a lone input's windows come in groups and this is this thread's.
   *
   * @param reading admitted inputs whose reading has not ended, less the streams waiting for bytes
   * @param inFlight admitted inputs
   */
  boolean runWithoutWaiting(int reading, int inFlight) {
    return !fullWait && (reading == 0 || grouping(inFlight));
  }

  /** Inline: whether a reading slice yields to inference because a full batch is queued. */
  boolean yieldReading(int queued) {
    return inline && queued >= batchCapacity;
  }
}
