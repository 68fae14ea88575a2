package dev.vigil.runtime.decode;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where audio comes from: a file, or bytes already in memory (an HTTP upload). Exactly one of
 * {@code path} and {@code bytes} is set.
 *
 * @param name how the input is named in messages and results (the path as given, or the upload
 *     name)
 * @param path the file, or null
 * @param bytes the encoded bytes, or null
 */
public record AudioSource(String name, Path path, byte[] bytes) {

  /** Checks that exactly one of path and bytes is set. */
  public AudioSource {
    Objects.requireNonNull(name, "name");
    if ((path == null) == (bytes == null)) {
      throw new IllegalArgumentException("exactly one of path and bytes must be set");
    }
  }

  /** A file, named by its path as given. */
  public static AudioSource of(Path path) {
    return new AudioSource(path.toString(), path, null);
  }

  /** Encoded bytes in memory, e.g. an upload; {@code name} is used in messages. */
  public static AudioSource of(byte[] bytes, String name) {
    return new AudioSource(name, null, bytes);
  }
}
