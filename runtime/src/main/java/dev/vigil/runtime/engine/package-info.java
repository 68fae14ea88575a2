/**
 * Pipelines over many inputs: {@link dev.vigil.runtime.engine.DetectionEngine} decodes, resamples
 * and computes features on worker threads (or, with no workers, on the inference threads between
 * their runs), fills batches for ONNX Runtime from the segments of many files on one or more
 * inference threads, and completes one future per input. It wraps a {@link
 * dev.vigil.runtime.Detector} and shares its per-thread feature stage ({@link
 * dev.vigil.runtime.features.SegmentFeatures}).
 */
package dev.vigil.runtime.engine;
