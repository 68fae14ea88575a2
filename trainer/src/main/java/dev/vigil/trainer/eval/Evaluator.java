package dev.vigil.trainer.eval;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.runtime.Detector;
import dev.vigil.runtime.DetectorOptions;
import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.verdict.Aggregation;
import dev.vigil.runtime.verdict.FileVerdict;
import dev.vigil.runtime.verdict.SegmentVerdict;
import dev.vigil.trainer.arch.ExpertSpec;
import dev.vigil.trainer.audio.AudioCache;
import dev.vigil.trainer.checkpoint.Checkpoint;
import dev.vigil.trainer.data.Clip;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a model on clips: a training checkpoint through DJL ({@link DjlFileScorer}), or an
 * exported ONNX model through the runtime's {@link Detector} (exactly what users run). Both produce
 * an {@link EvalReport} at the model's default threshold.
 */
public final class Evaluator {
  private Evaluator() {}

  /**
   * Evaluates a checkpoint folder.
   *
   * @param checkpoint the folder ({@code model/} of a run, or an expert's {@code checkpoint/})
   * @param clips the files
   * @param cache decoded audio
   * @param log where skipped files are reported
   * @return the report
   * @throws IOException when the checkpoint cannot be loaded
   */
  public static ObjectNode checkpoint(
      Path checkpoint, List<Clip> clips, AudioCache cache, PrintStream log) throws IOException {
    return checkpoint(checkpoint, clips, cache, log, Map.of());
  }

  /** As {@link #checkpoint(Path, List, AudioCache, PrintStream)}, with groups of domains. */
  public static ObjectNode checkpoint(
      Path checkpoint,
      List<Clip> clips,
      AudioCache cache,
      PrintStream log,
      Map<String, String> groups)
      throws IOException {
    try (NDManager m = NDManager.newBaseManager()) {
      Checkpoint c = Checkpoint.load(checkpoint, m);
      int w = c.spec().features().get(0).windowSamples();
      DjlFileScorer scorer = new DjlFileScorer(c.net(), DjlFileScorer.segmentConfig(w), 16, 0);
      List<FileScore> scores = scorer.score(clips, cache, m);
      report(scorer.problems(), log);
      double thr =
          c.summary()
              .thresholds()
              .path(c.summary().thresholds().path("default").asText())
              .asDouble();
      return EvalReport.build(
          scores, thr, c.spec().experts().stream().map(ExpertSpec::name).toList(), groups);
    }
  }

  /**
   * Evaluates an exported ONNX model through the runtime.
   *
   * @param model the {@code .onnx} file
   * @param clips the files
   * @param log where skipped files are reported
   * @return the report
   * @throws IOException when the model cannot be loaded
   */
  public static ObjectNode onnx(Path model, List<Clip> clips, PrintStream log) throws IOException {
    return onnx(model, clips, log, Map.of());
  }

  /** As {@link #onnx(Path, List, PrintStream)}, with groups of domains. */
  public static ObjectNode onnx(
      Path model, List<Clip> clips, PrintStream log, Map<String, String> groups)
      throws IOException {
    List<FileScore> scores = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    try (Detector d = Detector.open(DetectorOptions.defaults().withModelPath(model))) {
      List<String> experts = null;
      for (Clip c : clips) {
        try {
          FileVerdict v = d.detect(AudioSource.of(c.path())).get(0);
          experts = v.expertNames();
          scores.add(fromVerdict(c, v));
        } catch (IOException | RuntimeException e) {
          problems.add(String.valueOf(e.getMessage()));
        }
      }
      report(problems, log);
      return EvalReport.build(scores, d.threshold(), experts == null ? List.of() : experts, groups);
    }
  }

  static FileScore fromVerdict(Clip c, FileVerdict v) {
    int e = v.expertScores().size();
    List<SegmentVerdict> uniform = new ArrayList<>();
    List<Double> logits = new ArrayList<>();
    for (SegmentVerdict s : v.segments()) {
      double mean = s.expertScores().stream().mapToDouble(Double::doubleValue).average().orElse(0);
      uniform.add(
          new SegmentVerdict(
              s.index(),
              s.startSeconds(),
              s.endSeconds(),
              mean,
              s.expertScores(),
              s.gateWeights(),
              s.silent()));
      if (!s.silent()) {
        logits.add(Aggregation.logit(s.score()));
      }
    }
    double[] es = new double[e];
    double[] gw = new double[e];
    for (int k = 0; k < e; k++) {
      es[k] = v.expertScores().get(k);
      gw[k] = v.gateWeights().get(k);
    }
    return new FileScore(
        c,
        v.score(),
        v.maxSegmentScore(),
        logits.stream().mapToDouble(Double::doubleValue).toArray(),
        es,
        gw,
        Aggregation.fileScore(uniform),
        FileScore.perExpert(v.segments(), e));
  }

  private static void report(List<String> problems, PrintStream log) {
    if (!problems.isEmpty()) {
      log.printf("%d files not scored (first: %s)%n", problems.size(), problems.get(0));
    }
  }
}
