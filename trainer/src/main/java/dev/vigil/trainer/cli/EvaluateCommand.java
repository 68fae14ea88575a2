package dev.vigil.trainer.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.runtime.decode.DecodeOptions;
import dev.vigil.trainer.audio.AudioCache;
import dev.vigil.trainer.audio.ClipAudio;
import dev.vigil.trainer.data.DataSet;
import dev.vigil.trainer.eval.EvalReport;
import dev.vigil.trainer.eval.Evaluator;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigil-train evaluate}. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description =
        "Scores whole files as the runtime does and reports EER (with its threshold), ROC AUC,"
            + " balanced accuracy and the 1 %%-FPR threshold per data set, per system and pooled,"
            + " plus mean gate weights.")
final class EvaluateCommand implements Callable<Integer> {
  @ArgGroup(multiplicity = "1")
  Model model;

  static final class Model {
    @Option(names = "--checkpoint", description = "A checkpoint folder (scored through DJL).")
    Path checkpoint;

    @Option(names = "--model", description = "An exported .onnx model (scored by the runtime).")
    Path onnx;
  }

  @Mixin DataOptions data = new DataOptions();

  @Option(names = "--out", description = "Write the JSON report here (and a .txt table beside).")
  Path out;

  @Option(
      names = "--groups",
      paramLabel = "CSV",
      description =
          "Also report groups of domains: a CSV with 'source' and 'category' columns (e.g."
              + " scripts/corpus/pages.csv); each group's spoof files against all bona fide files.")
  Path groups;

  @Override
  public Integer call() throws Exception {
    DataSet ds = data.read();
    Map<String, String> byDomain = groups == null ? Map.of() : readGroups(groups);
    ObjectNode report =
        model.checkpoint != null
            ? Evaluator.checkpoint(
                model.checkpoint,
                ds.clips(),
                new AudioCache(1L << 30, ClipAudio.loader(DecodeOptions.defaults())),
                System.err,
                byDomain)
            : Evaluator.onnx(model.onnx, ds.clips(), System.err, byDomain);
    String table = EvalReport.table(report);
    System.out.print(table);
    if (out != null) {
      Files.writeString(out, report.toPrettyString());
      Files.writeString(out.resolveSibling(out.getFileName() + ".txt"), table);
    }
    return 0;
  }

  /** source → category from a CSV with a header naming both columns. */
  static Map<String, String> readGroups(Path file) throws IOException {
    Map<String, String> out = new TreeMap<>();
    CSVFormat f = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
    try (Reader r = Files.newBufferedReader(file);
        CSVParser p = CSVParser.parse(r, f)) {
      if (!p.getHeaderMap().containsKey("source") || !p.getHeaderMap().containsKey("category")) {
        throw new IOException(file + ": needs the columns 'source' and 'category'");
      }
      for (CSVRecord rec : p) {
        out.put(rec.get("source"), rec.get("category"));
      }
    }
    return out;
  }
}
