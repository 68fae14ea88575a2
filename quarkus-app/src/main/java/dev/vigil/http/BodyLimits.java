package dev.vigil.http;

import java.nio.file.Path;

/**
 * How request bodies are read: the largest body, the size above which one goes to a temporary file,
 * and where those files go.
 *
 * @param maxBodySize the largest body in bytes (raw audio, or the whole multipart form)
 * @param spillThreshold a body (or the multipart field {@code file}) above this many bytes is
 *     written to a temporary file as it arrives; at most {@link #MAX_IN_MEMORY}
 * @param spillDirectory where those files go (must exist)
 */
record BodyLimits(long maxBodySize, long spillThreshold, Path spillDirectory) {
  /** The largest body held in one heap array. */
  static final long MAX_IN_MEMORY = Integer.MAX_VALUE - 16;

  /** Checks the values. */
  BodyLimits {
    if (maxBodySize < 0 || spillThreshold < 0) {
      throw new IllegalArgumentException(
          "body limits must be >= 0, got max " + maxBodySize + ", threshold " + spillThreshold);
    }
    spillThreshold = Math.min(spillThreshold, MAX_IN_MEMORY);
    if (spillDirectory == null) {
      throw new IllegalArgumentException("no spill directory");
    }
  }
}
