package dev.vigil.runtime.segment;

import java.io.IOException;

/** Receives windows as the segmenter completes them. */
@FunctionalInterface
public interface WindowSink {

  /**
   * One complete window.
   *
   * @param window where it is in the file and whether it is silent
   * @param samples holds the window's W samples at {@code samples[offset .. offset + W)}; valid
   *     only during this call (copy what you keep)
   * @param offset where the window starts in {@code samples}
   * @throws IOException to abandon the file
   */
  void accept(Window window, float[] samples, int offset) throws IOException;
}
