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

  @Parameters(
      index = "0",
      paramLabel = "CHECKPOINT_DIR|MODEL.onnx",
      description = "Checkpoint folder, or (with --quantize) an fp32 Vigil model file.")
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

  @Option(
      names = "--quantize",
      paramLabel = "int8",
      description = "Write an int8 QDQ model instead of fp32 (the only value: int8).")
  String quantize;

  @Option(
      names = "--calibration",
      paramLabel = "MANIFEST.csv",
      description =
          "Corpus manifest (path,label,split) whose train windows calibrate the int8 activations"
              + " and whose dev windows join the accuracy check. Required for an ONNX source.")
  Path calibration;

  @Option(
      names = "--calibration-method",
      defaultValue = "minmax",
      description = "minmax or percentile (default ${DEFAULT-VALUE}).")
  String calibrationMethod;

  @Option(
      names = "--percentile",
      defaultValue = "0.9999",
      description = "Quantile kept by the percentile method (default ${DEFAULT-VALUE}).")
  double percentile;

  @Option(
      names = "--weight-bits",
      defaultValue = "7",
      description =
          "7 (weights in [-63, 63], no int16 overflow in AVX2 u8s8 kernels) or 8 (default"
              + " ${DEFAULT-VALUE}).")
  int weightBits;

  @Option(
      names = "--calibration-windows",
      defaultValue = "300",
      description = "Train windows that calibrate (default ${DEFAULT-VALUE}).")
  int calibrationWindows;

  @Option(
      names = "--check-windows",
      defaultValue = "200",
      description = "Dev windows added to the accuracy check (default ${DEFAULT-VALUE}).")
  int checkWindows;

  @Option(
      names = "--max-mean-delta",
      defaultValue = "0.02",
      description = "Bound on the mean |Δ score| int8 vs fp32 (default ${DEFAULT-VALUE}).")
  double maxMeanDelta;

  @Option(
      names = "--max-flip-share",
      defaultValue = "0.02",
      description =
          "Bound on the share of labels flipped at the default threshold (default"
              + " ${DEFAULT-VALUE}).")
  double maxFlipShare;

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
    if (quantize != null || java.nio.file.Files.isRegularFile(checkpoint)) {
      return int8(out, err, options);
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

  private int int8(PrintWriter out, PrintWriter err, ExportOptions options) {
    if (quantize == null) {
      err.println(
          "vigil-export: "
              + checkpoint
              + ": not a checkpoint folder (an fp32 model file is read only with --quantize int8)");
      return 2;
    }
    if (!quantize.equals("int8")) {
      err.println("vigil-export: --quantize: unknown value '" + quantize + "' (valid: int8)");
      return 2;
    }
    QuantizeOptions q;
    try {
      q =
          new QuantizeOptions(
              calibrationMethod,
              percentile,
              weightBits,
              calibration,
              "train",
              calibrationWindows,
              "dev",
              checkWindows,
              maxMeanDelta,
              maxFlipShare,
              seed);
    } catch (IllegalArgumentException e) {
      err.println("vigil-export: " + e.getMessage());
      return 2;
    }
    Int8ExportResult r;
    try {
      r = Exporter.exportInt8(checkpoint, output, options, q);
    } catch (ExportException e) {
      err.println("vigil-export: " + e.getMessage());
      return e.reason() == ExportException.Reason.PARITY ? 3 : 4;
    }
    print(out, r);
    try {
      java.nio.file.Path dump = java.nio.file.Files.createTempFile("vigil-int8-optimized", ".onnx");
      try {
        out.println(
            "ONNX Runtime CPU kernels (optimized graph): "
                + KernelReport.optimizedOps(java.nio.file.Files.readAllBytes(r.file()), dump));
      } finally {
        java.nio.file.Files.deleteIfExists(dump);
      }
    } catch (java.io.IOException | ai.onnxruntime.OrtException e) {
      out.println("ONNX Runtime CPU kernels: not measured (" + e.getMessage() + ")");
    }
    out.flush();
    return 0;
  }

  static void print(PrintWriter out, Int8ExportResult r) {
    out.printf(
        Locale.ROOT,
        "wrote %s (%,d bytes = %.1f%% of the fp32 %,d bytes, model id %s, int8 from %s) in %.1f"
            + " s%n",
        r.file(),
        r.bytes(),
        100.0 * r.bytes() / r.sourceBytes(),
        r.sourceBytes(),
        r.metadata().raw().isEmpty() ? "?" : ModelContract.modelId(r.metadata().weightsSha256()),
        r.sourceModelId(),
        r.exportMillis() / 1000.0);
    ParityReport p = r.fp32Parity();
    if (p != null) {
      out.printf(
          Locale.ROOT,
          "fp32 parity with DJL over %d stored segments + %d random inputs: max |Δ| score %.3g%n",
          p.segments(),
          p.randomInputs(),
          p.maxAbsScore());
    }
    AccuracyReport a = r.accuracy();
    out.printf(
        Locale.ROOT,
        "int8 vs fp32 over %d windows (%d stored): max |Δ score| %.4f, mean %.4f (bound %.4f),"
            + " %d labels flipped at %.4f = %.2f%% (bound %.2f%%)%n",
        a.windows(),
        a.storedWindows(),
        a.maxAbsScore(),
        a.meanAbsScore(),
        a.maxMeanAbs(),
        a.flips(),
        a.threshold(),
        100 * a.flipShare(),
        100 * a.maxFlipShare());
    out.printf(
        Locale.ROOT,
        "time per batch of up to 8 in the check (median, interleaved): fp32 %.1f ms, int8 %.1f ms%n",
        a.fp32MillisPerBatch(),
        a.int8MillisPerBatch());
    out.printf(
        Locale.ROOT,
        "int8 nodes %s (%d BatchNorms folded into their Conv), calibrated on %d windows; fp32"
            + " nodes kept: %s%n",
        r.quantizedNodes(),
        r.foldedBatchNorms(),
        r.calibrationWindows(),
        r.fp32Nodes());
    out.println("quantization: " + r.metadata().raw().get(ModelContract.KEY_QUANTIZATION));
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
