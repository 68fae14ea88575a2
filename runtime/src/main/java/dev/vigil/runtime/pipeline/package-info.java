/**
 * One model's way from bytes to verdicts, shared by the synchronous {@link
 * dev.vigil.runtime.Detector} and the batching {@link dev.vigil.runtime.engine.DetectionEngine}:
 * the front end ({@link dev.vigil.runtime.pipeline.Pipeline}: decode, mix or split, resample,
 * windows, features) and the batch scorer ({@link dev.vigil.runtime.pipeline.BatchScorer}: segments
 * of any inputs in, one ONNX Runtime run, scores back to each input's collector). It composes the
 * stage packages and is imported only by the callers above it.
 */
package dev.vigil.runtime.pipeline;
