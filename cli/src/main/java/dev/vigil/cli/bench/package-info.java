/**
 * {@code vigil bench}: model-only throughput (ONNX Runtime on precomputed features) against
 * end-to-end throughput (decode, resample, features and inference through the engine) on the same
 * audio and thread count, two models side by side ({@code --compare}, {@link
 * dev.vigil.cli.bench.ModelComparison}), and a generator of speech-like WAV folders for benchmarks.
 */
package dev.vigil.cli.bench;
