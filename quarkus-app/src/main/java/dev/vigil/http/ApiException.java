package dev.vigil.http;

import java.util.Objects;

/**
 * An error answered as {@code {"error": CODE, "message": TEXT}} with the code's HTTP status.
 * Unchecked so it can cross reactive stages; {@link ErrorMappers} turns it into the response.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final int retryAfterSeconds;

  /**
   * @param code what went wrong
   * @param message one line naming the input or parameter and the problem
   */
  public ApiException(ErrorCode code, String message) {
    this(code, message, 0);
  }

  /**
   * @param retryAfterSeconds the {@code Retry-After} of a 503, computed for this answer; 0 = the
   *     configured one
   */
  public ApiException(ErrorCode code, String message, int retryAfterSeconds) {
    super(message, null, false, false);
    this.code = Objects.requireNonNull(code, "code");
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The {@code Retry-After} computed for this answer, or 0 for the configured one. */
  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** What went wrong. */
  public ErrorCode code() {
    return code;
  }

  /** The response body. */
  public ApiError body() {
    return new ApiError(code.wireName(), getMessage());
  }
}
