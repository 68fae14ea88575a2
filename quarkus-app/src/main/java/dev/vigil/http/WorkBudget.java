package dev.vigil.http;

import java.util.Locale;

/**
 * Admission by work: the audio seconds of the requests in flight against a budget the service can
 * score within its request timeout. A request that fits is admitted and holds its seconds until it
 * is answered; one that does not fit now is refused with the seconds until enough work drains (its
 * {@code Retry-After}); one larger than the whole budget can never fit and is refused for good.
 * Thread-safe.
 */
final class WorkBudget {
  /** What {@link #tryAcquire} decided. */
  sealed interface Decision {}

  /** Admitted: release these seconds when the request is answered. */
  record Admitted(double seconds) implements Decision {}

  /** Not now: the work in flight leaves no room; retry after this many seconds. */
  record Busy(double inFlightSeconds, int retryAfterSeconds) implements Decision {}

  /** Never: larger than the whole budget. */
  record TooLarge(double budgetSeconds) implements Decision {}

  private double budgetSeconds;
  private double capacity;
  private double inFlight;

  /**
   * @param budgetSeconds audio seconds admitted at once, &gt; 0
   * @param capacity audio seconds the service scores per wall second, &gt; 0 (for {@code
   *     Retry-After})
   */
  WorkBudget(double budgetSeconds, double capacity) {
    resize(budgetSeconds, capacity);
  }

  /** Admits {@code seconds} of audio if they fit beside the work in flight. */
  synchronized Decision tryAcquire(double seconds) {
    if (seconds > budgetSeconds) {
      return new TooLarge(budgetSeconds);
    }
    double excess = inFlight + seconds - budgetSeconds;
    if (excess > 0) {
      return new Busy(inFlight, (int) Math.max(1, Math.ceil(excess / capacity)));
    }
    inFlight += seconds;
    return new Admitted(seconds);
  }

  /**
   * Holds {@code seconds} whether or not they fit (a reload's new budget holds the audio its
   * replaced model still scores, until that model closes).
   */
  synchronized Admitted hold(double seconds) {
    inFlight += seconds;
    return new Admitted(seconds);
  }

  /** Gives back an admitted request's seconds. */
  synchronized void release(Admitted a) {
    inFlight = Math.max(0, inFlight - a.seconds());
  }

  /** Audio seconds admitted and not yet answered. */
  synchronized double inFlightSeconds() {
    return inFlight;
  }

  /**
   * Sizes the budget anew (from a capacity measured while serving); the work in flight stays
   * admitted even when it is now over the budget.
   */
  synchronized void resize(double budgetSeconds, double capacity) {
    if (!(budgetSeconds > 0) || !(capacity > 0)) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "budget and capacity must be > 0, got %.3f s and %.3f audio-s/s",
              budgetSeconds,
              capacity));
    }
    this.budgetSeconds = budgetSeconds;
    this.capacity = capacity;
  }

  /** The budget, audio seconds. */
  synchronized double budgetSeconds() {
    return budgetSeconds;
  }

  /** The capacity used for {@code Retry-After}, audio seconds per second. */
  synchronized double capacity() {
    return capacity;
  }
}
