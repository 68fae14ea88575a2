package dev.vigil.runtime.decode;

import java.io.IOException;
import java.util.Objects;

/**
 * Bad audio input: the file (or upload) could not be turned into scoreable audio. The message is
 * one line that names the input and the problem, e.g. {@code "a/b.wav: truncated header (12 of 44
 * bytes)"}; callers print it as it is. {@link #problem()} lets callers map it to exit codes or HTTP
 * statuses without parsing text.
 */
public class AudioInputException extends IOException {
  private static final long serialVersionUID = 1L;

  /** What is wrong with the input. */
  public enum Problem {
    /** The input holds no bytes. */
    EMPTY,
    /** The input ends before its header or data says it should. */
    TRUNCATED,
    /** A structure in the input is inconsistent (lying chunk sizes, bad frame sync, ...). */
    MALFORMED,
    /** The container or codec is recognised but no decoder here reads it. */
    UNSUPPORTED_FORMAT,
    /** The bytes are not recognised as audio or video at all. */
    NOT_AUDIO,
    /** The stream declares zero channels, a zero rate or another impossible format. */
    INVALID_FORMAT,
    /** The decoded samples contain NaN or infinity. */
    NON_FINITE,
    /** Every window is below the model's silence floor. */
    SILENCE_ONLY,
    /** Shorter than the model's minimum duration. */
    TOO_SHORT,
    /** Longer than a configured maximum duration. */
    TOO_LONG,
    /** Decoding did not finish within the configured time. */
    TIMEOUT,
    /** The input could not be read (permissions, I/O error). */
    UNREADABLE
  }

  private final String source;
  private final Problem problem;

  /**
   * @param source the file path or upload name, as the user knows it
   * @param problem the kind of problem
   * @param detail a short lower-case description without the source, e.g. "truncated header"
   */
  public AudioInputException(String source, Problem problem, String detail) {
    this(source, problem, detail, null);
  }

  /**
   * @param source the file path or upload name, as the user knows it
   * @param problem the kind of problem
   * @param detail a short description without the source
   * @param cause the underlying exception, kept for {@code --verbose} output
   */
  public AudioInputException(String source, Problem problem, String detail, Throwable cause) {
    super(source + ": " + oneLine(detail), cause);
    this.source = Objects.requireNonNull(source, "source");
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  /** The file path or upload name. */
  public String source() {
    return source;
  }

  /** The kind of problem. */
  public Problem problem() {
    return problem;
  }

  private static String oneLine(String s) {
    if (s == null || s.isBlank()) {
      return "unreadable audio";
    }
    return s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}
