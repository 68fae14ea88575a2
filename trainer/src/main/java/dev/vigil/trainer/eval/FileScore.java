package dev.vigil.trainer.eval;

import dev.vigil.trainer.data.Clip;

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
 */
public record FileScore(
    Clip clip,
    double score,
    double maxSegmentScore,
    double[] segmentLogits,
    double[] expertScores,
    double[] gateWeights,
    double uniformScore) {}
