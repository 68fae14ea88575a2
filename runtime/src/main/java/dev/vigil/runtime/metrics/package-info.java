/**
 * Detection metrics on file scores, with spoof as the positive class on {@code score = P(spoof)}:
 * equal error rate and its threshold, ROC AUC with ties, balanced accuracy, the threshold at a
 * target false-positive rate and confusion counts. Inputs are plain arrays ({@code double[]}
 * scores, {@code boolean[]} isSpoof) so the trainer, the CLI and tests share one implementation.
 */
package dev.vigil.runtime.metrics;
