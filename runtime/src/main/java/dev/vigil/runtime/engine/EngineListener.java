package dev.vigil.runtime.engine;

/**
 * Hooks for metrics (the HTTP service maps them to Micrometer). Called on the engine's threads:
 * keep them fast and never throw.
 */
public interface EngineListener {

  /** A listener that ignores everything. */
  EngineListener NONE = new EngineListener() {};

  /**
   * One ONNX Runtime run finished.
   *
   * @param size segments in the batch
   * @param nanos time spent in ONNX Runtime
   */
  default void onBatch(int size, long nanos) {}

  /**
   * Queue depths, reported after every batch, submission and completion.
   *
   * @param filesInFlight inputs submitted and not yet completed
   * @param segmentsQueued segments with features waiting for inference
   */
  default void onQueueDepth(int filesInFlight, int segmentsQueued) {}

  /**
   * One submitted input (a file, {@link DetectionEngine#submit}) completed, before its future
   * completes. Not called for streams ({@link DetectionEngine#openStream}): their time from opening
   * to completion is the client's pace, not the engine's, and would skew a latency histogram.
   *
   * @param ok true when it got verdicts, false when it failed or was cancelled
   * @param nanos from submission to completion
   */
  default void onFileDone(boolean ok, long nanos) {}
}
