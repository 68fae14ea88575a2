package dev.vigil.cli;

import dev.vigil.cli.common.CliException;
import dev.vigil.cli.common.ExitCodes;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Prints an exception escaping a command as one line on stderr ({@code vigil: message}), with the
 * stack trace only under {@code --verbose}, and maps it to an exit code: {@link CliException}
 * carries its own, anything else is an internal error (1). A command line picocli cannot parse (an
 * unknown option, a value of the wrong type or not among an option's values) is a usage error (2)
 * printed the same way, with picocli's suggestions and a pointer to the command's help instead of
 * the whole help.
 */
final class ErrorHandler
    implements IExecutionExceptionHandler, IExitCodeExceptionMapper, IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("vigil: " + message(ex));
    UnmatchedArgumentException.printSuggestions(ex, err);
    err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
    err.flush();
    return ExitCodes.USAGE;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    cmd.getErr().println("vigil: " + message(ex));
    if (verbose(parseResult)) {
      ex.printStackTrace(cmd.getErr());
    }
    cmd.getErr().flush();
    return getExitCode(ex);
  }

  @Override
  public int getExitCode(Throwable exception) {
    if (exception instanceof CliException c) {
      return c.exitCode();
    }
    if (exception instanceof ParameterException) {
      return ExitCodes.USAGE;
    }
    return ExitCodes.INTERNAL;
  }

  static String message(Throwable ex) {
    String m = ex.getMessage();
    if (m == null || m.isBlank()) {
      m = ex.getClass().getSimpleName();
    } else if (!(ex instanceof CliException) && !(ex instanceof ParameterException)) {
      m = m + " (" + ex.getClass().getSimpleName() + ")";
    }
    return m.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }

  private static boolean verbose(ParseResult pr) {
    for (ParseResult p = pr; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
