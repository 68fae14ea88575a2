package dev.vigil.trainer.eval;

import dev.vigil.runtime.verdict.Aggregation;
import dev.vigil.runtime.verdict.SegmentVerdict;
import dev.vigil.trainer.data.Clip;
import java.util.ArrayList;
import java.util.List;

/**
 * One file's scores.
 *
 * @param clip the file
 * @param score the file score (mean log-odds of the non-silent windows, through the sigmoid)
 * @param maxSegmentScore the highest non-silent window score
 * @param segmentLogits logit of each non-silent window's (uncalibrated) P_mix(spoof)
 * @param expertScores mean P(spoof) per expert over the non-silent windows
 * @param gateWeights mean gate weight per expert over the non-silent windows
 * @param uniformScore the file score of the uniform-gate baseline (mean of the experts'
 *     probabilities per window, aggregated the same way)
 * @param expertFileScores each expert alone: its window probabilities aggregated as the file score
 */
public record FileScore(
    Clip clip,
    double score,
    double maxSegmentScore,
    double[] segmentLogits,
    double[] expertScores,
    double[] gateWeights,
    double uniformScore,
    double[] expertFileScores) {

  /** Each expert's file score: its window scores aggregated as {@link Aggregation} does. */
  public static double[] perExpert(List<SegmentVerdict> segments, int experts) {
    double[] out = new double[experts];
    for (int k = 0; k < experts; k++) {
      List<SegmentVerdict> one = new ArrayList<>(segments.size());
      for (SegmentVerdict s : segments) {
        one.add(
            new SegmentVerdict(
                s.index(),
                s.startSeconds(),
                s.endSeconds(),
                s.expertScores().get(k),
                s.expertScores(),
                s.gateWeights(),
                s.silent()));
      }
      out[k] = Aggregation.fileScore(one);
    }
    return out;
  }
}
