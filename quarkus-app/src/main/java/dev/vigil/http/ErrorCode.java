package dev.vigil.http;

import dev.vigil.runtime.decode.AudioInputException;
import java.util.Locale;

/** Every error the service answers with: the wire code and its HTTP status. */
public enum ErrorCode {
  /** A query parameter or form field is missing or invalid. */
  BAD_REQUEST(400),
  /** The upload holds no bytes. */
  EMPTY(400),
  /** The bytes could not be decoded as audio (truncated, malformed, not audio, NaN samples). */
  UNDECODABLE(400),
  /** {@code X-API-Key} is missing or wrong. */
  UNAUTHORIZED(401),
  /** No such endpoint. */
  NOT_FOUND(404),
  /** The endpoint exists but not with this HTTP method. */
  METHOD_NOT_ALLOWED(405),
  /** A {@code /v1/stream} client sent nothing for {@code vigil.stream.idle-timeout}. */
  IDLE_TIMEOUT(408),
  /** A model reload was asked while another load (a reload, or the start-up load) runs. */
  RELOAD_IN_PROGRESS(409),
  /** The body is larger than {@code vigil.limits.max-body-size}. */
  BODY_TOO_LARGE(413),
  /** A {@code /v1/stream} frame is larger than {@code vigil.stream.max-frame-size}. */
  FRAME_TOO_LARGE(413),
  /** The request's {@code Content-Type} is not one the endpoint accepts. */
  UNSUPPORTED_MEDIA_TYPE(415),
  /** The audio container or codec is recognised, but no decoder here reads it. */
  UNSUPPORTED_FORMAT(415),
  /** Shorter than the model's minimum duration. */
  TOO_SHORT(422),
  /** Longer than {@code vigil.limits.max-duration}. */
  TOO_LONG(422),
  /** Every window is below the model's silence floor. */
  SILENCE(422),
  /**
   * A reload found the model file missing, unreadable, corrupt, breaking the model contract or
   * failing its warm-up; the loaded model keeps serving.
   */
  MODEL_REJECTED(422),
  /** An unexpected server-side failure (details only in the server log). */
  INTERNAL(500),
  /** The model is not loaded (yet). */
  NOT_READY(503),
  /** The engine's queue is full; retry after {@code Retry-After} seconds. */
  QUEUE_FULL(503),
  /** The request did not finish within {@code vigil.limits.request-timeout}. */
  DEADLINE_EXCEEDED(504);

  private final int status;

  ErrorCode(int status) {
    this.status = status;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The code as written in the error body, e.g. {@code too_short}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The code for a bad-audio problem reported by the runtime. */
  public static ErrorCode of(AudioInputException.Problem problem) {
    return switch (problem) {
      case EMPTY -> EMPTY;
      case TRUNCATED, MALFORMED, NOT_AUDIO, INVALID_FORMAT, NON_FINITE, UNREADABLE -> UNDECODABLE;
      case UNSUPPORTED_FORMAT -> UNSUPPORTED_FORMAT;
      case SILENCE_ONLY -> SILENCE;
      case TOO_SHORT -> TOO_SHORT;
      case TOO_LONG -> TOO_LONG;
      case TIMEOUT -> DEADLINE_EXCEEDED;
    };
  }
}
