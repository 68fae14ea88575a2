package dev.vigil.http;

import dev.vigil.runtime.engine.DetectionEngine;
import java.time.Duration;

/**
 * One loaded model as the service serves it: its engine, its admission budget and the requests
 * using it. A reload replaces it and {@linkplain #retire retires} it: it takes no new requests, and
 * its engine closes once the requests that use it are done (or after a bound, whichever is first).
 */
final class LoadedModel {
  private final DetectionEngine engine;
  private final WorkBudget budget;
  private final EngineMetrics metrics;
  private final CapacityMeter meter;
  private final double budgetPerCapacity;
  private int users;
  private boolean retired;

  /**
   * @param engine the engine, owned from now on (closed on retirement)
   * @param budget admission by audio seconds, or null when requests are only counted
   * @param metrics the engine's own meters (its queue depths)
   */
  LoadedModel(DetectionEngine engine, WorkBudget budget, EngineMetrics metrics) {
    this(engine, budget, metrics, null, 0);
  }

  /**
   * @param meter the capacity measured while serving, which resizes the budget; null = fixed
   * @param budgetPerCapacity budget seconds per audio-s/s of capacity (0.8 × request timeout)
   */
  LoadedModel(
      DetectionEngine engine,
      WorkBudget budget,
      EngineMetrics metrics,
      CapacityMeter meter,
      double budgetPerCapacity) {
    this.engine = engine;
    this.budget = budget;
    this.metrics = metrics;
    this.meter = meter;
    this.budgetPerCapacity = budgetPerCapacity;
  }

  /**
   * Samples the engine's counters into the capacity meter, and resizes the budget when the estimate
   * moved; does nothing for a fixed budget. Called by one sampler thread.
   *
   * @return whether the budget was resized
   */
  boolean sampleCapacity(long nanos) {
    if (meter == null || budget == null) {
      return false;
    }
    if (!meter.sample(nanos, engine.segmentsScored(), engine.inFlight())) {
      return false;
    }
    double c = meter.capacity();
    budget.resize(budgetPerCapacity * c, c);
    return true;
  }

  /** The engine. */
  DetectionEngine engine() {
    return engine;
  }

  /** Admission by audio seconds, or null when requests are only counted. */
  WorkBudget budget() {
    return budget;
  }

  /**
   * Counts one more request using this model; {@link #release()} it when that request is done.
   *
   * @return false once the model is retired (use its successor)
   */
  synchronized boolean use() {
    if (retired) {
      return false;
    }
    users++;
    return true;
  }

  /** One request is done with this model. */
  synchronized void release() {
    users--;
    if (users <= 0) {
      notifyAll();
    }
  }

  /** Requests using this model now. */
  synchronized int users() {
    return users;
  }

  /**
   * Takes no new requests, waits at most {@code bound} for the current ones, then closes the engine
   * (inputs still in it then fail).
   *
   * @return the requests still using it when it closed (0 unless the bound was reached)
   */
  int retire(Duration bound) {
    int left;
    synchronized (this) {
      retired = true;
      long until = System.nanoTime() + bound.toNanos();
      try {
        for (long wait = bound.toNanos(); users > 0 && wait > 0; ) {
          java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, wait);
          wait = until - System.nanoTime();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      left = users;
    }
    close();
    return left;
  }

  /** Closes the engine at once; idempotent. */
  void close() {
    engine.close();
    metrics.closed();
  }
}
