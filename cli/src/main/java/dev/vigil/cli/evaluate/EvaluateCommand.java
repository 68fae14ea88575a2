package dev.vigil.cli.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.cli.common.CliException;
import dev.vigil.cli.common.ExitCodes;
import dev.vigil.cli.common.ModelMixin;
import dev.vigil.cli.common.VerdictOptions;
import dev.vigil.runtime.Detector;
import dev.vigil.runtime.DetectorOptions;
import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.engine.DetectionEngine;
import dev.vigil.runtime.metrics.Confusion;
import dev.vigil.runtime.metrics.EvaluationReport;
import dev.vigil.runtime.model.ModelException;
import dev.vigil.runtime.model.ModelFile;
import dev.vigil.runtime.verdict.FileVerdict;
import dev.vigil.runtime.verdict.VerdictJson;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigil evaluate PATH --labels folder|FILE.csv}: detection metrics on labelled data. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Scores a labelled set and prints EER (with its threshold), ROC AUC, balanced accuracy and"
          + " confusion counts at the operating point, and EER per source.",
      "--labels folder: PATH holds bonafide/ and spoof/ (or genuine|real / fake), the next folder"
          + " level names the source. --labels FILE.csv: columns path,label[,source], paths"
          + " relative to PATH."
    },
    footer = ExitCodes.HELP_FOOTER)
public final class EvaluateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ModelMixin model;

  @Mixin VerdictOptions verdict;

  @Parameters(
      index = "0",
      paramLabel = "PATH",
      description = "The labelled folder (or the base of the CSV's paths).")
  Path path;

  @Option(
      names = "--labels",
      required = true,
      paramLabel = "folder|CSV",
      description = "folder, or a CSV file of path,label[,source].")
  String labels;

  @Option(
      names = "--fit-threshold",
      paramLabel = "NAME",
      description =
          "Fit a threshold on this data and write it as operating point NAME (made the"
              + " default) into a copy of the model (-o).")
  String fitName;

  @Option(
      names = "--fit-target",
      paramLabel = "TARGET",
      defaultValue = "eer",
      description =
          "eer (the EER threshold) or fpr:RATE (e.g. fpr:0.01). Default: ${DEFAULT-VALUE}.")
  String fitTarget;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "MODEL_COPY",
      description = "Where --fit-threshold writes the model copy (must differ from the model).")
  Path modelCopy;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ModelFile fitFrom = null; // the model --fit-threshold copies, read and checked before scoring
    if (fitName != null) {
      if (modelCopy == null) {
        throw new CliException("--fit-threshold needs -o MODEL_COPY.onnx");
      }
      if (!fitName.matches("[A-Za-z0-9_.-]+")) {
        throw new CliException(
            "--fit-threshold NAME must use letters, digits, _ . - only; got '" + fitName + "'");
      }
      if (model.modelPath() != null
          && Files.exists(modelCopy)
          && Files.isSameFile(modelCopy, model.modelPath())) {
        throw new CliException("-o must not be the model file itself: the copy is a new file");
      }
      fitTargetFpr(); // validate early
      if (verdict.hopSeconds() != null) {
        // the copy records a threshold, not the hop its scores were measured at: a scan with
        // the copy would apply it to scores at the model's own hop
        throw new CliException(
            "--fit-threshold fits a threshold at the model's own hop; drop --hop");
      }
      fitFrom = ModelMixin.modelFile(model.modelPath());
    }
    Map<String, Integer> ignored = new TreeMap<>();
    List<LabelledFile> files =
        labels.equals("folder")
            ? LabelledSet.fromFolder(path)
            : LabelledSet.fromCsv(Path.of(labels), csvBase(), ignored);
    if (!ignored.isEmpty()) {
      spec.commandLine()
          .getErr()
          .println("vigil evaluate: ignored rows labelled neither bonafide nor spoof: " + ignored);
    }
    if (files.isEmpty()) {
      throw new CliException(path + ": no labelled audio files found");
    }
    DetectorOptions options;
    try {
      options = verdict.applyTo(model.batchDetectorOptions());
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), e);
    }
    PrintWriter err = spec.commandLine().getErr();
    List<EvaluationReport.Row> rows = new ArrayList<>();
    int failed = 0;
    double opThreshold;
    String modelId;
    int threads = model.threads();
    try (Detector detector = ModelMixin.openDetector(fitFrom, options);
        DetectionEngine engine =
            DetectionEngine.create(
                detector, model.engineOptions().withMaxInFlight(4 * threads + 4))) {
      opThreshold = detector.threshold();
      modelId = detector.model().id();
      Deque<Map.Entry<LabelledFile, CompletableFuture<List<FileVerdict>>>> q = new ArrayDeque<>();
      int i = 0;
      while (i < files.size() || !q.isEmpty()) {
        if (i < files.size() && q.size() < 256) {
          LabelledFile f = files.get(i++);
          q.addLast(Map.entry(f, engine.submit(new AudioSource(f.display(), f.file(), null))));
          continue;
        }
        var head = q.removeFirst();
        try {
          LabelledFile f = head.getKey();
          double score = head.getValue().get().get(0).score();
          rows.add(new EvaluationReport.Row(f.display(), f.source(), f.spoof(), score));
        } catch (ExecutionException e) {
          failed++;
          Throwable c = e.getCause() == null ? e : e.getCause();
          err.println("vigil evaluate: skipped " + oneLine(c));
        }
      }
    }
    EvaluationReport evaluation = EvaluationReport.of(rows, opThreshold);
    ObjectNode report = report(evaluation, failed, modelId);
    if (fitName != null) {
      double t = fit(evaluation);
      try {
        fitFrom.writeCopy(modelCopy, fitFrom.metadata().thresholds().withDefault(fitName, t));
      } catch (ModelException e) {
        throw new CliException(e.getMessage(), e);
      }
      ObjectNode fitNode = report.putObject("fitted");
      fitNode.put("name", fitName);
      fitNode.put("target", fitTarget);
      fitNode.put("threshold", t);
      fitNode.put("model_copy", modelCopy.toString());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(VerdictJson.toLine(report));
    } else {
      printText(out, report);
    }
    out.flush();
    err.flush();
    return failed > 0 ? ExitCodes.SOME_FAILED : ExitCodes.OK;
  }

  private Path csvBase() {
    if (Files.isDirectory(path)) {
      return path;
    }
    Path parent = path.toAbsolutePath().getParent();
    return parent == null ? Path.of(".") : parent;
  }

  static ObjectNode report(EvaluationReport evaluation, int failed, String modelId) {
    ObjectNode o = VerdictJson.mapper().createObjectNode();
    o.put("model_id", modelId);
    EvaluationReport.Metrics m = evaluation.pooled();
    Confusion c = m.confusion();
    o.put("files", c.total());
    o.put("bonafide", c.bonafide());
    o.put("spoof", c.spoof());
    o.put("failed", failed);
    o.put("threshold", evaluation.threshold());
    VerdictJson.putNumber(o, "eer", m.eer());
    VerdictJson.putNumber(o, "eer_threshold", m.eerThreshold());
    VerdictJson.putNumber(o, "auc", m.auc());
    VerdictJson.putNumber(o, "balanced_accuracy", c.balancedAccuracy());
    ObjectNode cn = o.putObject("confusion");
    cn.put("true_positives", c.truePositives());
    cn.put("false_positives", c.falsePositives());
    cn.put("true_negatives", c.trueNegatives());
    cn.put("false_negatives", c.falseNegatives());
    ObjectNode per = o.putObject("per_source");
    for (EvaluationReport.GroupRow g : evaluation.perGroup()) {
      ObjectNode r = per.putObject(g.group());
      Confusion own = g.own().confusion();
      r.put("files", own.total());
      r.put("bonafide", own.bonafide());
      r.put("spoof", own.spoof());
      VerdictJson.putNumber(r, "eer", g.eer());
      r.put("eer_against", g.eerAgainst());
      // share of this source's own files labelled right at the threshold
      r.put("accuracy", own.accuracy());
    }
    return o;
  }

  /** The target false-positive rate of {@code --fit-target fpr:RATE}, or NaN for {@code eer}. */
  double fitTargetFpr() {
    String t = fitTarget.strip().toLowerCase(Locale.ROOT);
    if (t.equals("eer")) {
      return Double.NaN;
    }
    if (t.startsWith("fpr:")) {
      try {
        double r = Double.parseDouble(t.substring(4));
        if (r >= 0 && r <= 1) {
          return r;
        }
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    throw new CliException(
        "--fit-target must be eer or fpr:RATE with RATE in [0, 1]; got '" + fitTarget + "'");
  }

  private double fit(EvaluationReport evaluation) {
    EvaluationReport.Metrics m = evaluation.pooled();
    if (Double.isNaN(m.eer())) {
      throw new CliException(
          "--fit-threshold needs scored bonafide and spoof files; got "
              + m.confusion().bonafide()
              + " bonafide and "
              + m.confusion().spoof()
              + " spoof");
    }
    double rate = fitTargetFpr();
    double t = Double.isNaN(rate) ? m.eerThreshold() : evaluation.thresholdAtFpr(rate);
    return Math.min(1.0, Math.max(0.0, t));
  }

  private static void printText(PrintWriter out, ObjectNode r) {
    out.printf(
        Locale.ROOT,
        "files %d (bonafide %d, spoof %d), failed %d, model %s%n",
        r.get("files").asInt(),
        r.get("bonafide").asInt(),
        r.get("spoof").asInt(),
        r.get("failed").asInt(),
        r.get("model_id").asText());
    out.printf(
        Locale.ROOT,
        "EER                %s at threshold %s%n",
        pct(r.get("eer")),
        num(r.get("eer_threshold")));
    out.printf(Locale.ROOT, "ROC AUC            %s%n", num(r.get("auc")));
    out.printf(
        Locale.ROOT,
        "balanced accuracy  %s at threshold %.6f%n",
        pct(r.get("balanced_accuracy")),
        r.get("threshold").asDouble());
    JsonNode c = r.get("confusion");
    out.printf(
        Locale.ROOT,
        "confusion          TP %d  FP %d  TN %d  FN %d   (positive = spoof)%n",
        c.get("true_positives").asLong(),
        c.get("false_positives").asLong(),
        c.get("true_negatives").asLong(),
        c.get("false_negatives").asLong());
    out.println("per source:");
    r.get("per_source")
        .properties()
        .forEach(
            e ->
                out.printf(
                    Locale.ROOT,
                    "  %-24s files %5d (bonafide %d, spoof %d)  EER %s%s  accuracy %s%n",
                    e.getKey(),
                    e.getValue().get("files").asInt(),
                    e.getValue().get("bonafide").asInt(),
                    e.getValue().get("spoof").asInt(),
                    pct(e.getValue().get("eer")),
                    e.getValue().get("eer_against").isNull()
                        ? ""
                        : " (vs " + e.getValue().get("eer_against").asText() + ")",
                    pct(e.getValue().get("accuracy"))));
    JsonNode f = r.get("fitted");
    if (f != null) {
      out.printf(
          Locale.ROOT,
          "fitted operating point '%s' (%s) = %.6f, written as the default into %s%n",
          f.get("name").asText(),
          f.get("target").asText(),
          f.get("threshold").asDouble(),
          f.get("model_copy").asText());
    }
  }

  private static String pct(JsonNode n) {
    return n == null || n.isNull()
        ? "n/a"
        : String.format(Locale.ROOT, "%.2f %%", 100 * n.asDouble());
  }

  private static String num(JsonNode n) {
    return n == null || n.isNull() ? "n/a" : String.format(Locale.ROOT, "%.6f", n.asDouble());
  }

  private static String oneLine(Throwable t) {
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return m.replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }
}
