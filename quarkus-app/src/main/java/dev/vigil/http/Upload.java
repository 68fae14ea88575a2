package dev.vigil.http;

import dev.vigil.runtime.decode.AudioSource;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A request body read to its end: the audio to score, in the heap or in a temporary file. Counted
 * references: the request holds one until its response is over (sent, or the connection closed),
 * and the engine one while it scores the audio; the last {@link #release()} deletes the file and
 * gives the heap back, exactly once.
 */
final class Upload {
  private final AudioSource source;
  private final long size;
  private final BodyStore store;
  private final AtomicInteger references = new AtomicInteger(1);

  Upload(AudioSource source, long size, BodyStore store) {
    this.source = source;
    this.size = size;
    this.store = store;
  }

  /** The audio, named by the multipart file name or {@code upload}. */
  AudioSource source() {
    return source;
  }

  /** The audio's bytes. */
  long size() {
    return size;
  }

  /** Whether the audio is in a temporary file. */
  boolean inFile() {
    return source.path() != null;
  }

  /** One more holder; each must {@link #release()}. */
  Upload retain() {
    references.updateAndGet(
        n -> {
          if (n <= 0) {
            throw new IllegalStateException("upload " + source.name() + " already released");
          }
          return n + 1;
        });
    return this;
  }

  /** One holder is done; the last one frees the bytes. */
  void release() {
    int left = references.decrementAndGet();
    if (left == 0) {
      store.release();
    } else if (left < 0) {
      throw new IllegalStateException("upload " + source.name() + " released once too often");
    }
  }
}
