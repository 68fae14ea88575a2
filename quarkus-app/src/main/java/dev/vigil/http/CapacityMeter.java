package dev.vigil.http;

/**
 * The service's capacity (audio seconds scored per wall second) measured while it serves: every
 * sample gives the windows scored since the last one; an interval during which the engine stayed
 * saturated ({@value #SATURATED} or more inputs in flight at both of its ends) moves the estimate a
 * share {@value #WEIGHT} of the way to what that interval scored. Idle or lightly loaded intervals
 * say nothing about what the engine can do and are skipped. The estimate stays within a factor
 * {@value #RANGE} of the start-up measurement, so that one odd interval (a garbage collection, a
 * noisy neighbour) cannot swing admission far. Not thread-safe: one sampler calls it.
 */
final class CapacityMeter {
  /** Inputs in flight at both ends of an interval for it to count. */
  static final int SATURATED = 2;

  /** How far one saturated interval moves the estimate. */
  static final double WEIGHT = 0.3;

  /** The estimate stays within [start / RANGE, start × RANGE]. */
  static final double RANGE = 4;

  private final double hopSeconds;
  private final double low;
  private final double high;
  private double capacity;
  private long lastNanos = Long.MIN_VALUE;
  private long lastWindows;
  private int lastInFlight;

  /**
   * @param start the capacity measured at start-up, audio-s/s, &gt; 0
   * @param hopSeconds audio each scored window adds in steady state (the model's hop)
   */
  CapacityMeter(double start, double hopSeconds) {
    if (!(start > 0) || !(hopSeconds > 0)) {
      throw new IllegalArgumentException(
          "start capacity and hop must be > 0, got " + start + " and " + hopSeconds);
    }
    this.capacity = start;
    this.hopSeconds = hopSeconds;
    this.low = start / RANGE;
    this.high = start * RANGE;
  }

  /**
   * One sample of the engine's counters.
   *
   * @param nanos {@link System#nanoTime()} now
   * @param windowsScored windows scored since the engine started
   * @param inFlight inputs in the engine now
   * @return whether the estimate changed
   */
  boolean sample(long nanos, long windowsScored, int inFlight) {
    boolean counted =
        lastNanos != Long.MIN_VALUE
            && nanos > lastNanos
            && lastInFlight >= SATURATED
            && inFlight >= SATURATED
            && windowsScored > lastWindows;
    double before = capacity;
    if (counted) {
      double measured = (windowsScored - lastWindows) * hopSeconds / ((nanos - lastNanos) / 1e9);
      capacity = Math.max(low, Math.min(high, capacity + WEIGHT * (measured - capacity)));
    }
    lastNanos = nanos;
    lastWindows = windowsScored;
    lastInFlight = inFlight;
    return capacity != before;
  }

  /** The estimate, audio seconds per second. */
  double capacity() {
    return capacity;
  }
}
