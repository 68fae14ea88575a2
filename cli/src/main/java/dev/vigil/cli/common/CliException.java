package dev.vigil.cli.common;

/**
 * An error the user can act on: printed as one line (no stack trace unless {@code --verbose}) and
 * mapped to its exit code.
 */
public final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  /** A usage error (exit code 2). */
  public CliException(String message) {
    this(message, ExitCodes.USAGE, null);
  }

  /** A usage error (exit code 2) with its cause, shown with {@code --verbose}. */
  public CliException(String message, Throwable cause) {
    this(message, ExitCodes.USAGE, cause);
  }

  /** An error with a chosen exit code. */
  public CliException(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** The exit code. */
  public int exitCode() {
    return exitCode;
  }
}
