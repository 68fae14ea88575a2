package dev.vigil.export;

import dev.vigil.runtime.model.ModelContract;
import dev.vigil.runtime.model.ModelMetadata;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vigil-export CHECKPOINT_DIR -o model.onnx}: exports a checkpoint, proves parity, prints
 * the parity report, the time per batch of each engine, and a summary of the metadata. Exit codes:
 * 0 written, 1 internal error, 2 usage, 3 parity failed (no file written), 4 checkpoint unreadable
 * or output refused/unwritable.
 */
@Command(
    name = "vigil-export",
    mixinStandardHelpOptions = true,
    versionProvider = ExportCommand.Version.class,
    description =
        "Fuses a Vigil training checkpoint into one ONNX model (contract version 1) and proves"
            + " that ONNX Runtime and DJL agree on it before writing it.")
public final class ExportCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "CHECKPOINT_DIR", description = "Checkpoint folder.")
  Path checkpoint;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "MODEL.onnx",
      description = "Model file to write (replaced only if parity passes).")
  Path output;

  @Option(
      names = "--random",
      defaultValue = "16",
      description =
          "Random inputs compared besides the stored segments (default ${DEFAULT-VALUE}).")
  int random;

  @Option(
      names = "--batch",
      defaultValue = "4",
      description = "Examples per parity batch (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--tolerance",
      defaultValue = "1e-4",
      description = "Largest allowed |Δ score| (default ${DEFAULT-VALUE}).")
  double tolerance;

  @Option(
      names = "--seed",
      defaultValue = "1234",
      description = "Seed of the random inputs (default ${DEFAULT-VALUE}).")
  long seed;

  /** Runs the command; exits with its code. */
  public static void main(String[] args) {
    // DJL must neither download natives nor phone home (it reads these as system properties too)
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    if (System.getenv("OPT_OUT_TRACKING") == null) {
      System.setProperty("OPT_OUT_TRACKING", "true");
    }
    System.exit(new CommandLine(new ExportCommand()).execute(args));
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ExportOptions options;
    try {
      options = new ExportOptions(random, batch, tolerance, seed);
    } catch (IllegalArgumentException e) {
      err.println("vigil-export: " + e.getMessage());
      return 2;
    }
    ExportResult r;
    try {
      r = Exporter.export(checkpoint, output, options);
    } catch (ExportException e) {
      err.println("vigil-export: " + e.getMessage());
      return e.reason() == ExportException.Reason.PARITY ? 3 : 4;
    }
    print(out, r);
    out.flush();
    return 0;
  }

  static void print(PrintWriter out, ExportResult r) {
    ParityReport p = r.parity();
    out.printf(
        Locale.ROOT,
        "wrote %s (%,d bytes, model id %s) in %.1f s%n",
        r.file(),
        r.bytes(),
        ModelContract.modelId(r.weightsSha256()),
        r.exportMillis() / 1000.0);
    out.printf(
        Locale.ROOT,
        "parity over %d stored segments + %d random inputs: max |Δ| score %.3g, expert_scores"
            + " %.3g, gate_weights %.3g%n",
        p.segments(),
        p.randomInputs(),
        p.maxAbsScore(),
        p.maxAbsExpertScores(),
        p.maxAbsGateWeights());
    out.printf(
        Locale.ROOT,
        "time per batch of up to %d (median): ONNX Runtime %.1f ms, DJL %.1f ms%n",
        p.batchSize(),
        p.ortMillisPerBatch(),
        p.djlMillisPerBatch());
    ModelMetadata m = r.metadata();
    for (ModelMetadata.Expert e : m.experts()) {
      out.printf(
          Locale.ROOT,
          "expert %s: %s on %s, %,d parameters, config %s%n",
          e.name(),
          e.architecture(),
          e.feature(),
          e.parameters(),
          e.configJson());
    }
    out.printf(
        Locale.ROOT,
        "gate: %s, %,d parameters, config %s%n",
        m.gate().type(),
        m.gate().parameters(),
        m.gate().configJson());
    out.println("thresholds: " + m.raw().get(ModelContract.KEY_THRESHOLDS));
    out.println("calibration: " + m.raw().get(ModelContract.KEY_CALIBRATION));
    out.println("provenance: " + m.raw().get(ModelContract.KEY_PROVENANCE));
  }

  /** Version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = ExportCommand.class.getPackage().getImplementationVersion();
      return new String[] {"vigil-export " + (v == null ? "dev" : v)};
    }
  }
}
