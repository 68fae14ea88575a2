package dev.vigil.cli.scan;

import dev.vigil.runtime.decode.AudioDecoders;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decides which walked files are audio or video worth scoring, by the decoders' own lists and
 * signatures: a known audio/video extension is taken as it is (a broken one then fails with an
 * error line), a known non-media extension is skipped, and anything else (no or unknown extension)
 * is taken when its first bytes carry a known audio/video signature.
 */
public final class MediaSniffer {

  private MediaSniffer() {}

  /** True when the file should be scored. */
  public static boolean isMedia(Path file) {
    String name = file.getFileName().toString();
    if (AudioDecoders.hasMediaExtension(name)) {
      return true;
    }
    if (AudioDecoders.hasNonMediaExtension(name)) {
      return false;
    }
    byte[] head = new byte[AudioDecoders.MEDIA_HEAD_BYTES];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      return true; // unreadable: let the scan report it as an error line rather than hide it
    }
    return AudioDecoders.looksLikeMedia(head, n);
  }
}
