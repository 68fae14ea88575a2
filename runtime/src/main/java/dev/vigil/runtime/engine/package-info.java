/**
 * Pipelines over many inputs: {@link dev.vigil.runtime.engine.DetectionEngine} decodes, resamples
 * and computes features on worker threads (or, with no workers, on the inference threads between
 * their runs), fills batches for ONNX Runtime from the segments of many files on one or more
 * inference threads, and completes one future per input; {@link
 * dev.vigil.runtime.engine.SegmentFeatures} is the per-thread feature stage it shares with {@link
 * dev.vigil.runtime.Detector}.
 */
package dev.vigil.runtime.engine;
