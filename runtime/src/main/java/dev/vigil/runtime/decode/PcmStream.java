package dev.vigil.runtime.decode;

import java.io.IOException;

/**
 * A decoded audio stream read block by block, so memory does not grow with the file's length.
 * Samples are floats in [-1, 1] (values beyond are passed through, never clipped), one array per
 * channel. Not thread-safe; close it where it was opened.
 */
public interface PcmStream extends AutoCloseable {

  /** The source format. */
  AudioInfo info();

  /**
   * Reads up to {@code maxFrames} frames into {@code out[c][offset ..]} for every channel c.
   *
   * @param out one array per channel ({@code out.length == info().channels()})
   * @param offset where to start writing in each channel array
   * @param maxFrames the most frames to read
   * @return frames read, or -1 at the end of the stream
   * @throws dev.vigil.runtime.decode.AudioInputException when the data turns out to be bad
   *     (truncated, malformed, non-finite samples, time-out)
   * @throws IOException on I/O errors
   */
  int read(float[][] out, int offset, int maxFrames) throws IOException;

  @Override
  void close() throws IOException;
}
