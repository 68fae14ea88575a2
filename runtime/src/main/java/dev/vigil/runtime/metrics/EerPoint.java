package dev.vigil.runtime.metrics;

/**
 * The equal-error-rate operating point.
 *
 * @param eer the equal error rate, in [0, 1]: the mean of the false-positive and false-negative
 *     rates at {@code threshold}, where they are closest
 * @param threshold the threshold (a file is spoof when {@code score >= threshold})
 * @param falsePositiveRate bona fide files called spoof at the threshold
 * @param falseNegativeRate spoof files called bona fide at the threshold
 */
public record EerPoint(
    double eer, double threshold, double falsePositiveRate, double falseNegativeRate) {}
