/**
 * {@code vigil explain}: one picture of one verdict (log-mel spectrogram, per-segment scores
 * against the threshold, gate weights per expert), its numbers as JSON, and the model's input
 * tensors as {@code .npy} files.
 */
package dev.vigil.cli.explain;
