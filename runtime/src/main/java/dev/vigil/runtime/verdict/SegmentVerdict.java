package dev.vigil.runtime.verdict;

import java.util.List;

/**
 * One scored window of a file.
 *
 * @param index window number, from 0
 * @param startSeconds start time in the (resampled) audio, seconds
 * @param endSeconds end time, seconds; for a tiled short file this is the file's end, not W
 * @param score P(spoof) of the mixture, in [0, 1]
 * @param expertScores each expert's P(spoof), in the model's expert order
 * @param gateWeights the gate's weight per expert (sum to 1), in the model's expert order
 * @param silent true when the window's RMS is below the silence floor: scored, but left out of the
 *     file score
 */
public record SegmentVerdict(
    int index,
    double startSeconds,
    double endSeconds,
    double score,
    List<Double> expertScores,
    List<Double> gateWeights,
    boolean silent) {

  /** Defensive copies. */
  public SegmentVerdict {
    expertScores = List.copyOf(expertScores);
    gateWeights = List.copyOf(gateWeights);
  }
}
