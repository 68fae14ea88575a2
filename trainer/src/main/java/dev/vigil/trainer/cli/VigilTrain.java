package dev.vigil.trainer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vigil-train} entry point. */
@Command(
    name = "vigil-train",
    mixinStandardHelpOptions = true,
    versionProvider = VigilTrain.Version.class,
    description = "Trains, evaluates and benchmarks Vigil's mixture-of-experts detectors (DJL).",
    subcommands = {
      TrainExpertCommand.class,
      TrainMixtureCommand.class,
      MileCommand.class,
      EvaluateCommand.class,
      ListDataCommand.class,
      RenderCodecsCommand.class,
      RenderCopySynthCommand.class,
      BenchStepCommand.class
    })
public final class VigilTrain implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line; DJL is put in offline mode before it loads. */
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code (0 ok, 1 failure, 2 usage). */
  public static int execute(String... args) {
    System.setProperty("ai.djl.offline", "true");
    System.setProperty("OPT_OUT_TRACKING", "true");
    CommandLine cl = new CommandLine(new VigilTrain());
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          String msg = e.getMessage() == null ? e.toString() : e.getMessage();
          cmd.getErr().println("vigil-train: " + msg.replaceAll("\\s*\\R\\s*", " "));
          if (System.getenv("VIGIL_DEBUG") != null) {
            e.printStackTrace(cmd.getErr());
          }
          return 1;
        });
    return cl.execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
  }

  /** Version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = VigilTrain.class.getPackage().getImplementationVersion();
      return new String[] {"vigil-train " + (v == null ? "(development)" : v)};
    }
  }
}
