package dev.vigil.trainer.audio;

import java.io.IOException;
import java.nio.file.Path;

/** Turns a clip's file into 16 kHz mono samples. */
@FunctionalInterface
public interface ClipLoader {
  /**
   * Loads a clip.
   *
   * @throws IOException with a one-line message naming the file when it cannot be decoded
   */
  float[] load(Path path) throws IOException;
}
