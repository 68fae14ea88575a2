package dev.vigil.http;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request's audio seconds held in a {@link WorkBudget} until it is answered, given back exactly
 * once whoever lets go first (the engine's work completing, the response ending). Taken as soon as
 * the duration is known: from the first bytes of a WAV or FLAC body ({@link BodyIntake}, before the
 * rest is read), else from the whole upload ({@link DetectResource}).
 */
final class Admission {
  private final WorkBudget budget;
  private final WorkBudget.Admitted held;
  private final AtomicBoolean released = new AtomicBoolean();

  private Admission(WorkBudget budget, WorkBudget.Admitted held) {
    this.budget = budget;
    this.held = held;
  }

  /**
   * Holds {@code seconds} of audio (capped at {@code maxSeconds} when that is positive: longer
   * audio is refused as too long once decoding starts), or refuses the request.
   *
   * @param name the input's name for the message
   * @param timeoutSeconds the request timeout, for the message
   * @throws ApiException 503 {@code queue_full} with the seconds until enough work drains as its
   *     {@code Retry-After}, or 422 {@code too_long} when it is larger than the whole budget
   */
  static Admission admit(
      WorkBudget budget, double seconds, double maxSeconds, String name, long timeoutSeconds) {
    if (maxSeconds > 0) {
      seconds = Math.min(seconds, maxSeconds);
    }
    WorkBudget.Decision d = budget.tryAcquire(seconds);
    if (d instanceof WorkBudget.Admitted a) {
      return new Admission(budget, a);
    }
    if (d instanceof WorkBudget.Busy b) {
      throw new ApiException(
          ErrorCode.QUEUE_FULL,
          String.format(
              Locale.ROOT,
              "busy: %.0f s of audio in flight leave no room for %.0f s more within the %.0f s"
                  + " budget (vigil.limits.max-audio-in-flight); retry after %d s",
              b.inFlightSeconds(),
              seconds,
              budget.budgetSeconds(),
              b.retryAfterSeconds()),
          b.retryAfterSeconds());
    }
    throw new ApiException(
        ErrorCode.TOO_LONG,
        String.format(
            Locale.ROOT,
            "%s: %.0f s of audio is more than this service scores within its %d s request timeout"
                + " (at most %.0f s, vigil.limits.max-audio-in-flight)",
            name,
            seconds,
            timeoutSeconds,
            budget.budgetSeconds()));
  }

  /**
   * {@link #admit(WorkBudget, double, double, String, long)} with the service's {@code
   * vigil.limits.max-duration} and {@code request-timeout}.
   */
  static Admission admit(WorkBudget budget, double seconds, String name, VigilConfig config) {
    return admit(
        budget,
        seconds,
        config.limits().maxDuration().toMillis() / 1000.0,
        name,
        config.limits().requestTimeout().toSeconds());
  }

  /** Whether the seconds are held in this budget (a reload brings a new one). */
  boolean in(WorkBudget b) {
    return budget == b;
  }

  /** The seconds held. */
  double seconds() {
    return held.seconds();
  }

  /** Gives the seconds back; later calls do nothing. */
  void release() {
    if (released.compareAndSet(false, true)) {
      budget.release(held);
    }
  }
}
