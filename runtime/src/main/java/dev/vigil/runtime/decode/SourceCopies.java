package dev.vigil.runtime.decode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The encoded bytes of a source that is not a local file, for the decoders that need a stream or a
 * file of their own (ffmpeg, JAAD on MP4): streamed, never gathered into one array.
 */
final class SourceCopies {
  private SourceCopies() {}

  /** A fresh stream over the source's bytes from the start; the caller closes it. */
  static InputStream stream(AudioSource src) throws IOException {
    if (src.bytes() != null) {
      return new ByteArrayInputStream(src.bytes());
    }
    if (src.path() != null) {
      return Files.newInputStream(src.path());
    }
    return Channels.newInputStream(src.channel().open());
  }

  /**
   * Copies the source into a new temporary file; the caller deletes it.
   *
   * @param prefix the file name's start, e.g. {@code vigil-ffmpeg-}
   * @param suffix its end, e.g. {@code .bin}
   */
  static Path toTempFile(AudioSource src, String prefix, String suffix) throws IOException {
    Path temp = Files.createTempFile(prefix, suffix);
    try (InputStream in = stream(src)) {
      Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
      return temp;
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
  }
}
