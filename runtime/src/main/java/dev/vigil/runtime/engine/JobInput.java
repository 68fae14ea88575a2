package dev.vigil.runtime.engine;

import dev.vigil.runtime.segment.SegmentReader;
import java.io.IOException;

/**
 * Where a {@link Job}'s windows come from, read one step at a time on a reading thread: a file
 * ({@link FileInput}) or a pushed stream ({@link StreamInput}).
 */
interface JobInput {

  /** What one step found. */
  enum Step {
    /** A block was read; there may be more. */
    MORE,
    /** Nothing to read now: the input waits for bytes ({@link #park} is called). */
    WAITING,
    /** The input is read to its end: {@link #summary()} is known. */
    FINISHED
  }

  /**
   * Reads one block (opening the input first when needed); its windows go to {@link Job#accept}.
   * Reading thread only.
   *
   * @throws IOException bad input, I/O errors
   */
  Step step(Job job) throws IOException;

  /** What was read, once {@link #step} returned {@link Step#FINISHED}. */
  SegmentReader.Summary summary();

  /** {@link System#nanoTime()} when the bytes of the current step were handed over. */
  long arrivalNanos();

  /** Whether the engine's per-file timeout applies to this input. */
  boolean timeLimited();

  /**
   * Releases the decoder and buffers: on the reading thread, or once no step can run any more.
   * Idempotent; never throws.
   */
  void close();

  /** After a step returned {@link Step#WAITING}, at the end of its slice: wait for more input. */
  default void park() {}

  /** The job's reading ended: it was completed, failed or cancelled. */
  default void readingEnded() {}
}
