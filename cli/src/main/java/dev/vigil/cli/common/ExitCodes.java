package dev.vigil.cli.common;

/** The exit codes of {@code vigil} (decisions.md, "Command line and HTTP"). */
public final class ExitCodes {

  /** Every file was scored and none is spoof. */
  public static final int OK = 0;

  /** An internal error. */
  public static final int INTERNAL = 1;

  /** A usage error: bad options or arguments, a model that cannot be used. */
  public static final int USAGE = 2;

  /** Some file is spoof. */
  public static final int SPOOF_FOUND = 3;

  /** Some file failed. */
  public static final int SOME_FAILED = 4;

  /** Some file is spoof and some file failed. */
  public static final int SPOOF_AND_FAILED = 5;

  /** The footer printed under every command's help. */
  public static final String HELP_FOOTER =
      "%nExit codes: 0 all files scored, none spoof; 3 some file is spoof; 4 some file failed;"
          + " 5 both; 1 internal error; 2 usage error.";

  private ExitCodes() {}

  /** The exit code of a scan with these outcomes. */
  public static int of(boolean spoofFound, boolean someFailed) {
    if (spoofFound && someFailed) {
      return SPOOF_AND_FAILED;
    }
    if (someFailed) {
      return SOME_FAILED;
    }
    return spoofFound ? SPOOF_FOUND : OK;
  }
}
