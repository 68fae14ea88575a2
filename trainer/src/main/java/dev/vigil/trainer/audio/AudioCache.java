package dev.vigil.trainer.audio;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decoded 16 kHz clips kept in memory up to a byte budget (small data sets are decoded once);
 * beyond the budget clips are decoded on every use. Thread-safe.
 */
public final class AudioCache {
  private final ConcurrentHashMap<Path, float[]> clips = new ConcurrentHashMap<>();
  private final AtomicLong bytes = new AtomicLong();
  private final long budgetBytes;
  private final ClipLoader loader;

  /**
   * @param budgetBytes the most bytes of samples to keep (0 = no cache)
   * @param loader decodes a clip (e.g. {@code ClipAudio::load} with its options)
   */
  public AudioCache(long budgetBytes, ClipLoader loader) {
    this.budgetBytes = budgetBytes;
    this.loader = loader;
  }

  /**
   * The clip's samples at 16 kHz (shared array: do not modify).
   *
   * @throws IOException when it cannot be decoded (one line naming the file)
   */
  public float[] get(Path path) throws IOException {
    float[] a = clips.get(path);
    if (a != null) {
      return a;
    }
    a = loader.load(path);
    long size = 4L * a.length;
    if (bytes.addAndGet(size) <= budgetBytes) {
      float[] prev = clips.putIfAbsent(path, a);
      if (prev != null) {
        bytes.addAndGet(-size);
        return prev;
      }
    } else {
      bytes.addAndGet(-size);
    }
    return a;
  }

  /** Bytes of samples held. */
  public long heldBytes() {
    return bytes.get();
  }
}
