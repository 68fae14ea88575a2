package dev.vigil.runtime.decode;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where audio comes from: a file, bytes already in memory (an HTTP upload), or a seekable channel
 * opened on demand (a file on another file system: HDFS, S3, ...). Exactly one of {@code path},
 * {@code bytes} and {@code channel} is set. A channel source is read block by block like a file,
 * never held whole in memory; only the decoders that need a file (ffmpeg on MP4, JAAD on MP4) copy
 * it to a temporary file first.
 *
 * @param name how the input is named in messages and results (the path as given, or the upload
 *     name)
 * @param path the file, or null
 * @param bytes the encoded bytes, or null
 * @param channel opens the encoded bytes as a channel, or null
 */
public record AudioSource(String name, Path path, byte[] bytes, ChannelOpener channel) {

  /**
   * Opens a fresh channel over one input's encoded bytes, positioned at 0; the decoder closes it. A
   * decode may open it more than once (to hand the input to ffmpeg).
   */
  @FunctionalInterface
  public interface ChannelOpener {
    /**
     * Opens the channel.
     *
     * @throws java.io.FileNotFoundException or {@link java.nio.file.NoSuchFileException} when the
     *     input does not exist
     * @throws IOException when it cannot be read
     */
    SeekableByteChannel open() throws IOException;
  }

  /** Checks that exactly one of path, bytes and channel is set. */
  public AudioSource {
    Objects.requireNonNull(name, "name");
    int set = (path == null ? 0 : 1) + (bytes == null ? 0 : 1) + (channel == null ? 0 : 1);
    if (set != 1) {
      throw new IllegalArgumentException("exactly one of path, bytes and channel must be set");
    }
  }

  /** A file or bytes in memory (exactly one of them set). */
  public AudioSource(String name, Path path, byte[] bytes) {
    this(name, path, bytes, null);
  }

  /** A file, named by its path as given. */
  public static AudioSource of(Path path) {
    return new AudioSource(path.toString(), path, null, null);
  }

  /** Encoded bytes in memory, e.g. an upload; {@code name} is used in messages. */
  public static AudioSource of(byte[] bytes, String name) {
    return new AudioSource(name, null, bytes, null);
  }

  /**
   * Encoded bytes read through a channel that {@code opener} opens, e.g. a stream of a Hadoop file
   * system; {@code name} is used in messages.
   */
  public static AudioSource of(ChannelOpener opener, String name) {
    return new AudioSource(name, null, null, opener);
  }
}
