/**
 * Detection metrics on file scores, with spoof as the positive class on {@code score = P(spoof)}:
 * equal error rate and its threshold, ROC AUC with ties, balanced accuracy, the threshold at a
 * target false-positive rate and confusion counts. Inputs are plain arrays ({@code double[]}
 * scores, {@code boolean[]} isSpoof) so the trainer, the CLI and tests share one implementation;
 * {@link dev.vigil.runtime.metrics.EvaluationReport} is the one report over scored, labelled files
 * (pooled and per group) behind {@code vigil evaluate} and {@code vigil-train evaluate}.
 */
package dev.vigil.runtime.metrics;
