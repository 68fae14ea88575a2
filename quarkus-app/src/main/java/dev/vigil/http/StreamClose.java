package dev.vigil.http;

/**
 * The WebSocket close codes of {@code /v1/stream} (RFC 6455, section 7.4), by the error the stream
 * ends with; the table in docs/http.md lists them.
 */
final class StreamClose {
  /** The stream ended as asked: its result was sent (or it was too short or silent). */
  static final short NORMAL = 1000;

  /** The client sent nothing for {@code vigil.stream.idle-timeout}: the server leaves. */
  static final short GOING_AWAY = 1001;

  /** A bad start message, a bad message after it, or audio the decoder refuses. */
  static final short INVALID_DATA = 1007;

  /** Longer than {@code vigil.stream.max-duration}. */
  static final short POLICY = 1008;

  /** A frame larger than {@code vigil.stream.max-frame-size}. */
  static final short TOO_BIG = 1009;

  /** A failure on the server's side (see the log by incident id). */
  static final short INTERNAL = 1011;

  /** Too many streams, no room in the work budget, or no model serving: retry later. */
  static final short TRY_LATER = 1013;

  private StreamClose() {}

  /** The close code that follows an error message with this code. */
  static short of(ErrorCode code) {
    return switch (code) {
      case BAD_REQUEST, UNDECODABLE, UNSUPPORTED_FORMAT -> INVALID_DATA;
      case FRAME_TOO_LARGE -> TOO_BIG;
      case TOO_LONG -> POLICY;
      case QUEUE_FULL, NOT_READY -> TRY_LATER;
      case IDLE_TIMEOUT -> GOING_AWAY;
      case EMPTY, TOO_SHORT, SILENCE -> NORMAL;
      default -> INTERNAL;
    };
  }
}
