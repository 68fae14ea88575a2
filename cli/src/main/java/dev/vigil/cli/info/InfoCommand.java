package dev.vigil.cli.info;

import dev.vigil.cli.common.CliException;
import dev.vigil.cli.common.ExitCodes;
import dev.vigil.cli.common.ModelMixin;
import dev.vigil.runtime.model.ModelFile;
import dev.vigil.runtime.verdict.VerdictJson;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vigil info [MODEL]}: contract version, experts, gate, features, segment policy, operating
 * points, calibration, provenance, metrics and export parity of a model, checked as the runtime
 * checks it at load (without starting ONNX Runtime).
 */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description = "Describes a model file (default: the bundled model).",
    footer = ExitCodes.HELP_FOOTER)
public final class InfoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "MODEL", description = "ONNX model file.")
  Path modelFile;

  @Option(
      names = {"-m", "--model"},
      paramLabel = "FILE",
      description = "The same as the MODEL argument.")
  Path modelOption;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Override
  public Integer call() {
    if (modelOption != null) {
      if (modelFile != null && !modelFile.equals(modelOption)) {
        throw new CliException("give the model once: either MODEL or --model");
      }
      modelFile = modelOption;
    }
    ModelFile file = ModelMixin.modelFile(modelFile);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(VerdictJson.toLine(file.describe()));
    } else {
      out.print(file.describeText());
    }
    out.flush();
    return ExitCodes.OK;
  }
}
