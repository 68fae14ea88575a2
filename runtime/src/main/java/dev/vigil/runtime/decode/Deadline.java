package dev.vigil.runtime.decode;

import java.time.Duration;

/** A point in time by which one decode must finish. Thread-safe (immutable). */
final class Deadline {
  private final String source;
  private final long endNanos;
  private final Duration timeout;

  Deadline(String source, Duration timeout) {
    this.source = source;
    this.timeout = timeout;
    long now = System.nanoTime();
    long nanos;
    try {
      nanos = timeout.toNanos();
    } catch (ArithmeticException e) {
      nanos = Long.MAX_VALUE / 4;
    }
    this.endNanos = now + Math.min(nanos, Long.MAX_VALUE / 4);
  }

  /** True when the time is up. */
  boolean expired() {
    return System.nanoTime() - endNanos >= 0;
  }

  /** Nanoseconds left, at least 0. */
  long remainingNanos() {
    return Math.max(0, endNanos - System.nanoTime());
  }

  /** Throws TIMEOUT when the time is up. */
  void check() throws AudioInputException {
    if (expired()) {
      throw timeoutException();
    }
  }

  AudioInputException timeoutException() {
    return new AudioInputException(
        source,
        AudioInputException.Problem.TIMEOUT,
        "decoding did not finish within " + describe(timeout));
  }

  private static String describe(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
  }
}
