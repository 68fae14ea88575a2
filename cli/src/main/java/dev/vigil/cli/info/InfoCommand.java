package dev.vigil.cli.info;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.cli.common.CliException;
import dev.vigil.cli.common.ExitCodes;
import dev.vigil.runtime.features.FeatureSpec;
import dev.vigil.runtime.model.Model;
import dev.vigil.runtime.model.ModelContract;
import dev.vigil.runtime.model.ModelDescription;
import dev.vigil.runtime.model.ModelException;
import dev.vigil.runtime.model.ModelMetadata;
import dev.vigil.runtime.model.OnnxFile;
import dev.vigil.runtime.segment.SegmentConfig;
import dev.vigil.runtime.verdict.VerdictJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
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

  /** Section titles of the text output, in order. */
  public static final String[] SECTIONS = {
    "Model",
    "Experts",
    "Gate",
    "Features",
    "Segments",
    "Operating points",
    "Calibration",
    "Provenance",
    "Metrics",
    "Export parity"
  };

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
  public Integer call() throws IOException {
    if (modelOption != null) {
      if (modelFile != null && !modelFile.equals(modelOption)) {
        throw new CliException("give the model once: either MODEL or --model");
      }
      modelFile = modelOption;
    }
    String source = modelFile == null ? Model.DEFAULT_SOURCE : modelFile.toString();
    byte[] bytes = read();
    ModelMetadata meta;
    try {
      meta = ModelContract.check(OnnxFile.parse(bytes), source);
    } catch (ModelException e) {
      throw new CliException(e.getMessage(), e);
    } catch (IOException e) {
      throw new CliException(source + ": not an ONNX model file (" + e.getMessage() + ")", e);
    }
    ObjectNode o = ModelDescription.describe(meta, source, (long) bytes.length);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(VerdictJson.toLine(o));
    } else {
      printText(out, meta, o);
    }
    out.flush();
    return ExitCodes.OK;
  }

  private byte[] read() {
    if (modelFile != null) {
      try {
        return Files.readAllBytes(modelFile);
      } catch (NoSuchFileException e) {
        throw new CliException(modelFile + ": model file not found", e);
      } catch (IOException e) {
        throw new CliException(modelFile + ": cannot read model file: " + e.getMessage(), e);
      }
    }
    try (InputStream in = Model.class.getResourceAsStream(ModelContract.DEFAULT_MODEL_RESOURCE)) {
      if (in == null) {
        throw new CliException(
            "no bundled default model in this build: pass a model file (vigil info MODEL)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new CliException("cannot read the bundled default model: " + e.getMessage(), e);
    }
  }

  private static void printText(PrintWriter out, ModelMetadata meta, ObjectNode o) {
    JsonNode model = o.get("model");
    section(out, "Model");
    kv(out, "id", model.get("id").asText());
    kv(out, "version", model.get("version").asText());
    kv(out, "source", model.get("source").asText());
    kv(out, "file size", model.get("file_bytes").asLong() + " bytes");
    kv(out, "weights sha256", meta.weightsSha256());
    kv(out, "contract version", Integer.toString(meta.contractVersion()));

    section(out, "Experts");
    for (ModelMetadata.Expert e : meta.experts()) {
      out.printf(
          Locale.ROOT,
          "  %-24s %-10s on %-10s %,d parameters%n",
          e.name(),
          e.architecture(),
          e.feature(),
          e.parameters());
    }

    section(out, "Gate");
    kv(out, "type", meta.gate().type());
    kv(out, "parameters", String.format(Locale.ROOT, "%,d", meta.gate().parameters()));
    kv(out, "config", meta.gate().configJson());

    section(out, "Features");
    for (FeatureSpec f : meta.features()) {
      out.printf(
          Locale.ROOT,
          "  %-10s %s [%d x %d], n_fft %d, %s %d, hop %d, pre-emphasis %s, %s%n",
          f.name(),
          f.kind(),
          f.bins(),
          f.frames(),
          f.nFft(),
          f.window(),
          f.winLength(),
          f.hopLength(),
          f.preEmphasis() == 0 ? "none" : Double.toString(f.preEmphasis()),
          f.isMel()
              ? f.nMels()
                  + " "
                  + f.melScale()
                  + " mel bands "
                  + f.fMin()
                  + "-"
                  + f.fMax()
                  + " Hz, "
                  + f.normalization()
              : f.normalization());
    }

    section(out, "Segments");
    SegmentConfig s = meta.segment();
    kv(out, "sample rate", s.sampleRate() + " Hz");
    kv(out, "window", seconds(s.windowSamples(), s) + " (" + s.windowSamples() + " samples)");
    kv(
        out,
        "hop",
        seconds(s.hopSamples(), s)
            + " (allowed "
            + seconds(s.hopMinSamples(), s)
            + " to "
            + seconds(s.hopMaxSamples(), s)
            + ")");
    kv(out, "min duration", s.minDurationSeconds() + " s");
    kv(out, "silence floor", s.silenceFloorDbfs() + " dBFS");

    section(out, "Operating points");
    meta.thresholds()
        .points()
        .forEach(
            (k, v) ->
                out.printf(
                    Locale.ROOT,
                    "  %-16s %.6f%s%n",
                    k,
                    v,
                    k.equals(meta.thresholds().defaultPoint()) ? "  (default)" : ""));

    section(out, "Calibration");
    kv(out, "method", meta.calibration().method());
    kv(
        out,
        "mapping",
        String.format(
            Locale.ROOT,
            "score = sigmoid(%s * logit(p_mix) + %s), applied inside the graph",
            meta.calibration().a(),
            meta.calibration().b()));

    section(out, "Provenance");
    pretty(out, o.get("provenance"));
    section(out, "Metrics");
    pretty(out, o.get("metrics"));
    section(out, "Export parity");
    pretty(out, o.get("parity"));
  }

  private static String seconds(int samples, SegmentConfig s) {
    return String.format(Locale.ROOT, "%.3f s", samples / (double) s.sampleRate());
  }

  private static void section(PrintWriter out, String title) {
    out.println(title);
  }

  private static void kv(PrintWriter out, String k, String v) {
    out.printf(Locale.ROOT, "  %-18s %s%n", k, v);
  }

  private static void pretty(PrintWriter out, JsonNode n) {
    if (n == null || n.isNull()) {
      out.println("  (none)");
      return;
    }
    try {
      String text = VerdictJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(n);
      for (String line : text.split("\n", -1)) {
        out.println("  " + line);
      }
    } catch (IOException e) {
      out.println("  " + n);
    }
  }
}
