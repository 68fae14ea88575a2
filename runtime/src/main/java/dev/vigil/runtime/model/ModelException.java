package dev.vigil.runtime.model;

import java.io.IOException;
import java.util.Objects;

/**
 * A model file that cannot be used: unreadable, or refused by a contract check. The message is one
 * line that names the model and the check that failed.
 */
public final class ModelException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Which check refused the model. */
  public enum Check {
    /** The file could not be read or parsed as an ONNX model. */
    UNREADABLE,
    /** No bundled default model is on the class path. */
    NO_DEFAULT_MODEL,
    /** {@code vigil.contract_version} is not a version this runtime reads. */
    CONTRACT_VERSION,
    /** A {@code vigil.*} metadata key is missing or ill-formed. */
    METADATA,
    /** The graph's inputs do not match the metadata. */
    INPUTS,
    /** A required output is missing or has the wrong shape. */
    OUTPUTS,
    /** The weights' SHA-256 differs from {@code vigil.weights_sha256}. */
    WEIGHTS_SHA256,
    /** The requested execution provider could not be used. */
    EXECUTION_PROVIDER,
    /** ONNX Runtime failed while running the model. */
    INFERENCE
  }

  private final Check check;

  /**
   * @param check the failed check
   * @param message one line naming the model and the problem
   * @param cause the underlying exception, or null
   */
  public ModelException(Check check, String message, Throwable cause) {
    super(oneLine(message), cause);
    this.check = Objects.requireNonNull(check, "check");
  }

  /**
   * @param check the failed check
   * @param message one line naming the model and the problem
   */
  public ModelException(Check check, String message) {
    this(check, message, null);
  }

  /** Which check failed. */
  public Check check() {
    return check;
  }

  static String oneLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    return s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}
