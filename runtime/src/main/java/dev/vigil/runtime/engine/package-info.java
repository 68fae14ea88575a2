/**
 * Many inputs at once: {@link dev.vigil.runtime.engine.DetectionEngine} reads them in time slices
 * on worker threads (or, with no workers, on the inference threads between their runs), fills
 * batches from the windows of many files on one or more inference threads, and completes one future
 * per input; {@link dev.vigil.runtime.engine.StreamSession}s score live audio in the same batches
 * and hand each window's verdict to a {@link dev.vigil.runtime.engine.StreamListener} in order. It
 * drives the same {@link dev.vigil.runtime.pipeline.Pipeline} as the {@link
 * dev.vigil.runtime.Detector} it wraps; its batching decisions are {@code BatchingPolicy}'s pure
 * functions.
 */
package dev.vigil.runtime.engine;
