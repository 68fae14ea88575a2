package dev.vigil.cli;

import dev.vigil.cli.bench.BenchCommand;
import dev.vigil.cli.common.ExitCodes;
import dev.vigil.cli.evaluate.EvaluateCommand;
import dev.vigil.cli.explain.ExplainCommand;
import dev.vigil.cli.info.InfoCommand;
import dev.vigil.cli.listen.ListenCommand;
import dev.vigil.cli.scan.ScanCommand;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code vigil}: the entry point. Without a subcommand it prints its usage. */
@Command(
    name = "vigil",
    mixinStandardHelpOptions = true,
    versionProvider = ManifestVersionProvider.class,
    description = "Offline detector of synthetic (deepfake) speech. score = P(spoof).",
    footer = ExitCodes.HELP_FOOTER,
    subcommands = {
      ScanCommand.class,
      ListenCommand.class,
      InfoCommand.class,
      EvaluateCommand.class,
      ExplainCommand.class,
      BenchCommand.class,
      AutoComplete.GenerateCompletion.class
    })
public final class Vigil implements Runnable {

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Print stack traces of errors.")
  boolean verbose;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
  }

  /** The configured command line (error handler, exit codes), as {@link #main} runs it. */
  public static CommandLine commandLine() {
    ErrorHandler handler = new ErrorHandler();
    CommandLine cl = new CommandLine(new Vigil());
    cl.setExecutionExceptionHandler(handler);
    cl.setExitCodeExceptionMapper(handler);
    cl.setParameterExceptionHandler(handler);
    // enum options (scan's --format and --channels) take their values in any case; a bad value is
    // refused naming the valid ones
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
    return cl;
  }

  /** Runs {@code vigil} and exits with its exit code. */
  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    // the runtime logs through java.util.logging (e.g. "CUDA not available ... running on CPU"):
    // one plain line on stderr instead of the default two-line timestamped record
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "vigil: %5$s%6$s%n");
    }
    // results go to the real stdout; a library that prints to System.out (jFLAC does on some
    // residual codes) must not corrupt a JSONL/CSV stream, so System.out now points at stderr
    PrintStream stdout = System.out;
    System.setOut(System.err);
    CommandLine cl = commandLine();
    cl.setOut(new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true));
    System.exit(cl.execute(args));
  }
}
