package dev.vigil.spark;

import dev.vigil.runtime.decode.AudioDecoders;
import dev.vigil.runtime.decode.AudioSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;

/**
 * Chooses the files of a folder as {@code vigil scan} does, by the decoders' own lists and
 * signatures: a known audio/video extension is scored as it is, a known other kind skipped, and a
 * file with neither is scored when its first 1 KiB carries an audio/video signature (or cannot be
 * read: its row then says why).
 */
final class MediaChoice {
  private MediaChoice() {}

  /** True when the file should be scored. */
  static boolean isMedia(InputFile in, AudioSource source) {
    String name = in.path().substring(in.path().lastIndexOf('/') + 1);
    if (AudioDecoders.hasMediaExtension(name)) {
      return true;
    }
    if (AudioDecoders.hasNonMediaExtension(name)) {
      return false;
    }
    byte[] head = new byte[AudioDecoders.MEDIA_HEAD_BYTES];
    if (source.bytes() != null) {
      int n = Math.min(head.length, source.bytes().length);
      System.arraycopy(source.bytes(), 0, head, 0, n);
      return AudioDecoders.looksLikeMedia(head, n);
    }
    try (InputStream s = Channels.newInputStream(source.channel().open())) {
      return AudioDecoders.looksLikeMedia(head, s.readNBytes(head, 0, head.length));
    } catch (IOException | RuntimeException e) {
      return true;
    }
  }
}
