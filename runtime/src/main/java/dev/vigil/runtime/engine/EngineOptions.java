package dev.vigil.runtime.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link DetectionEngine} schedules its work.
 *
 * @param workers threads that decode, resample and compute features, &gt;= 0. With 0 the inference
 *     threads do that themselves whenever no full batch is queued (a reading slice stops once one
 *     is): no more threads than cores compete, so nothing preempts a run and features cost only
 *     their own CPU time; the best throughput for batch scans where every core runs the model. A
 *     lone input then waits for an inference thread to be free, so services keep workers.
 * @param inferenceThreads threads that fill batches and run them, concurrently, in the one ONNX
 *     Runtime session, &gt;= 1. Several single-threaded runs (intra-op threads 1) keep a CPU busier
 *     beside the workers than one run spread over all cores (no barrier waits inside a run); one
 *     run over all cores gives the lowest latency for a lone input.
 * @param maxInFlight the most inputs submitted and not completed; {@link DetectionEngine#submit}
 *     blocks and {@link DetectionEngine#trySubmit} refuses beyond it
 * @param maxWait how long the inference thread waits to fill a batch once it holds one segment
 *     ({@link Duration#ZERO}: run whatever is queued at once); the wait ends early when every
 *     admitted input has been read to its end, unless {@code fullWait}
 * @param fullWait a partial batch always waits the whole {@code maxWait}, also for inputs not yet
 *     admitted (larger batches under a steady stream of requests, at the cost of each lone
 *     request's latency)
 * @param queuedSegments segments with computed features that may wait for inference (bounds memory;
 *     workers block when it is reached), &gt;= 1
 * @param fileTimeout an input not finished within this after its work starts fails with {@code
 *     TIMEOUT}; {@link Duration#ZERO} = no limit beyond the decode deadline
 * @param listener metrics hooks
 * @param parallelFrontEnds when the engine holds a single input, its windows' front ends (log-mel,
 *     log-linear, ...) are computed at once on helper threads instead of one after the other: a
 *     lone request's latency falls by the shorter front ends' time; with several inputs in flight
 *     the helpers stay idle (the cores are busy anyway)
 * @param readOrder which admitted input is read first: {@link ReadOrder#FAIR_SHARE} or {@link
 *     ReadOrder#EARLIEST_DEADLINE}
 */
public record EngineOptions(
    int workers,
    int inferenceThreads,
    int maxInFlight,
    Duration maxWait,
    boolean fullWait,
    int queuedSegments,
    Duration fileTimeout,
    EngineListener listener,
    boolean parallelFrontEnds,
    ReadOrder readOrder) {

  /** Validates. */
  public EngineOptions {
    Objects.requireNonNull(maxWait, "maxWait");
    Objects.requireNonNull(fileTimeout, "fileTimeout");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(readOrder, "readOrder");
    if (workers < 0) {
      throw new IllegalArgumentException("workers must be >= 0, got " + workers);
    }
    if (inferenceThreads < 1) {
      throw new IllegalArgumentException("inferenceThreads must be >= 1, got " + inferenceThreads);
    }
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be >= 1, got " + maxInFlight);
    }
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("maxWait must be >= 0, got " + maxWait);
    }
    if (queuedSegments < 1) {
      throw new IllegalArgumentException("queuedSegments must be >= 1, got " + queuedSegments);
    }
    if (fileTimeout.isNegative()) {
      throw new IllegalArgumentException("fileTimeout must be >= 0, got " + fileTimeout);
    }
  }

  /**
   * Defaults: workers = processors − 1 (at least 1), 1 inference thread, 64 inputs in flight, 5 ms
   * batch wait (ended early when every admitted input is read), 64 queued segments, no file timeout
   * beyond the decode deadline, no listener, front ends one after the other, fair-share reading.
   */
  public static EngineOptions defaults() {
    return new EngineOptions(
        Math.max(1, Runtime.getRuntime().availableProcessors() - 1),
        1,
        64,
        Duration.ofMillis(5),
        false,
        64,
        Duration.ZERO,
        EngineListener.NONE,
        false,
        ReadOrder.FAIR_SHARE);
  }

  /**
   * The settings {@code vigil scan} (and {@code vigil-spark}) scores many files with, over a
   * detector whose ONNX Runtime runs are single-threaded: {@code threads} inference threads that
   * also decode and compute features between their runs (no separate workers: exactly N busy
   * threads on N cores, so nothing preempts a run; measured with {@code vigil bench}, docs/cli.md),
   * room for N + 1 batches of queued segments, and 4·N inputs in flight (at least 8).
   *
   * @param threads inference threads, &gt;= 1
   * @param batch the detector's largest batch
   */
  public static EngineOptions batchScan(int threads, int batch) {
    return defaults()
        .withWorkers(0)
        .withInferenceThreads(threads)
        .withQueuedSegments(Math.max(64, (threads + 1) * batch))
        .withMaxInFlight(Math.max(8, 4 * threads));
  }

  /** With another worker count. */
  public EngineOptions withWorkers(int v) {
    return new EngineOptions(
        v,
        inferenceThreads,
        maxInFlight,
        maxWait,
        fullWait,
        queuedSegments,
        fileTimeout,
        listener,
        parallelFrontEnds,
        readOrder);
  }

  /** With another number of inference threads. */
  public EngineOptions withInferenceThreads(int v) {
    return new EngineOptions(
        workers,
        v,
        maxInFlight,
        maxWait,
        fullWait,
        queuedSegments,
        fileTimeout,
        listener,
        parallelFrontEnds,
        readOrder);
  }

  /** With another in-flight limit. */
  public EngineOptions withMaxInFlight(int v) {
    return new EngineOptions(
        workers,
        inferenceThreads,
        v,
        maxWait,
        fullWait,
        queuedSegments,
        fileTimeout,
        listener,
        parallelFrontEnds,
        readOrder);
  }

  /** With another batch wait. */
  public EngineOptions withMaxWait(Duration v) {
    return new EngineOptions(
        workers,
        inferenceThreads,
        maxInFlight,
        v,
        fullWait,
        queuedSegments,
        fileTimeout,
        listener,
        parallelFrontEnds,
        readOrder);
  }

  /** With or without waiting the whole {@code maxWait} for inputs not yet admitted. */
  public EngineOptions withFullWait(boolean v) {
    return new EngineOptions(
        workers,
        inferenceThreads,
        maxInFlight,
        maxWait,
        v,
        queuedSegments,
        fileTimeout,
        listener,
        parallelFrontEnds,
        readOrder);
  }

  /** With another segment queue bound. */
  public EngineOptions withQueuedSegments(int v) {
    return new EngineOptions(
        workers,
        inferenceThreads,
        maxInFlight,
        maxWait,
        fullWait,
        v,
        fileTimeout,
        listener,
        parallelFrontEnds,
        readOrder);
  }

  /** With another per-file timeout. */
  public EngineOptions withFileTimeout(Duration v) {
    return new EngineOptions(
        workers,
        inferenceThreads,
        maxInFlight,
        maxWait,
        fullWait,
        queuedSegments,
        v,
        listener,
        parallelFrontEnds,
        readOrder);
  }

  /** With a metrics listener. */
  public EngineOptions withListener(EngineListener v) {
    return new EngineOptions(
        workers,
        inferenceThreads,
        maxInFlight,
        maxWait,
        fullWait,
        queuedSegments,
        fileTimeout,
        v,
        parallelFrontEnds,
        readOrder);
  }

  /** With or without a lone input's front ends computed at once. */
  public EngineOptions withParallelFrontEnds(boolean v) {
    return new EngineOptions(
        workers,
        inferenceThreads,
        maxInFlight,
        maxWait,
        fullWait,
        queuedSegments,
        fileTimeout,
        listener,
        v,
        readOrder);
  }

  /** With another order of reading the admitted inputs. */
  public EngineOptions withReadOrder(ReadOrder v) {
    return new EngineOptions(
        workers,
        inferenceThreads,
        maxInFlight,
        maxWait,
        fullWait,
        queuedSegments,
        fileTimeout,
        listener,
        parallelFrontEnds,
        v);
  }

  /** The order in which the admitted inputs are read (and so scored). */
  public enum ReadOrder {
    /**
     * Round robin in time slices: every input in flight gets an equal share of the reading threads,
     * so a huge file slows the others by no more than its own share (batch scans).
     */
    FAIR_SHARE,
    /**
     * Earliest deadline first: the input that started earliest (its start plus {@code fileTimeout})
     * is read first, so admitted requests finish one after another instead of all together, and
     * under overload the ones that miss are the newest (services with a request timeout). Ties, and
     * inputs of equal deadline, go round robin.
     */
    EARLIEST_DEADLINE
  }
}
