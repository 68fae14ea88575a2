package dev.vigil.export;

/** An export that did not produce a model file; the message is one line naming the cause. */
public final class ExportException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the export failed. */
  public enum Reason {
    /** The checkpoint could not be read. */
    CHECKPOINT,
    /** ONNX Runtime and DJL disagree beyond the tolerance. */
    PARITY,
    /** The exported file failed the runtime's contract checks or could not be written. */
    OUTPUT
  }

  private final Reason reason;

  ExportException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** Why. */
  public Reason reason() {
    return reason;
  }
}
