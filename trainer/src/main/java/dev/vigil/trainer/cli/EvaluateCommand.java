package dev.vigil.trainer.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.runtime.decode.DecodeOptions;
import dev.vigil.trainer.audio.AudioCache;
import dev.vigil.trainer.audio.ClipAudio;
import dev.vigil.trainer.data.DataSet;
import dev.vigil.trainer.eval.EvalReport;
import dev.vigil.trainer.eval.Evaluator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
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
            + " balanced accuracy and the 1 %-FPR threshold per data set, per system and pooled,"
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

  @Override
  public Integer call() throws Exception {
    DataSet ds = data.read();
    ObjectNode report =
        model.checkpoint != null
            ? Evaluator.checkpoint(
                model.checkpoint,
                ds.clips(),
                new AudioCache(1L << 30, ClipAudio.loader(DecodeOptions.defaults())),
                System.err)
            : Evaluator.onnx(model.onnx, ds.clips(), System.err);
    String table = EvalReport.table(report);
    System.out.print(table);
    if (out != null) {
      Files.writeString(out, report.toPrettyString());
      Files.writeString(out.resolveSibling(out.getFileName() + ".txt"), table);
    }
    return 0;
  }
}
