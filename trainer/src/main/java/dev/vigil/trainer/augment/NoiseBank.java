package dev.vigil.trainer.augment;

import dev.vigil.trainer.audio.AudioCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Noise clips at 16 kHz, decoded once from a folder (recursively). Immutable, thread-safe. */
public final class NoiseBank {
  private final List<float[]> clips;

  private NoiseBank(List<float[]> clips) {
    this.clips = List.copyOf(clips);
  }

  /**
   * Loads every audio file below a folder; undecodable ones are reported on stderr and skipped.
   *
   * @throws IOException when the folder cannot be listed or holds no decodable audio
   */
  public static NoiseBank load(Path dir, AudioCache cache) throws IOException {
    List<float[]> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!(n.endsWith(".wav")
            || n.endsWith(".flac")
            || n.endsWith(".mp3")
            || n.endsWith(".ogg"))) {
          continue;
        }
        try {
          float[] a = cache.get(p);
          if (a.length > 0) {
            out.add(a);
          }
        } catch (IOException e) {
          System.err.println("skipped noise file " + e.getMessage());
        }
      }
    }
    if (out.isEmpty()) {
      throw new IOException(dir + ": no decodable noise file");
    }
    return new NoiseBank(out);
  }

  /** A bank from clips in memory (tests). */
  public static NoiseBank of(List<float[]> clips) {
    return new NoiseBank(clips);
  }

  /** Number of clips. */
  public int size() {
    return clips.size();
  }

  float[] get(int i) {
    return clips.get(i);
  }
}
