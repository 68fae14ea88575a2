package dev.vigil.cli.listen;

import dev.vigil.cli.common.CliException;
import dev.vigil.runtime.decode.AudioInputException;
import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.decode.PcmEncoding;
import dev.vigil.runtime.decode.StreamFormat;
import dev.vigil.runtime.engine.DetectionEngine;
import dev.vigil.runtime.engine.StreamListener;
import dev.vigil.runtime.engine.StreamSession;
import dev.vigil.runtime.verdict.FileVerdict;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where {@code vigil listen}'s audio comes from and how it reaches the engine:
 *
 * <ul>
 *   <li>raw PCM (any of {@code --rate}, {@code --channels}, {@code --encoding} given), from stdin
 *       or a file: pushed into a {@link StreamSession} as it is read;
 *   <li>stdin without raw options, by its first bytes ({@link StreamFormat#signature}): a WAV
 *       header is pushed as it comes too; another container (FLAC, MP3, Ogg, MP4, …) cannot be
 *       decoded piece by piece, so it is read to its end and scored as a file; no signature at all
 *       is raw PCM in the defaults ({@code pcm_s16le}, the model's rate, mono);
 *   <li>a file without raw options: decoded as {@code scan} decodes it, its windows handed out as
 *       they are scored.
 * </ul>
 */
final class ListenSource {
  /** How stdin is named in lines and messages. */
  static final String STDIN = "stdin";

  /** The most bytes of a compressed container read from stdin before it is scored. */
  static final int MAX_STDIN_FILE_BYTES = 512 << 20;

  private static final int READ_BYTES = 1 << 15;

  private final String arg;
  private final PcmEncoding encoding;
  private final Integer rate;
  private final Integer channels;
  private final InputStream stdin;

  /**
   * @param arg a path, or {@code -} for stdin
   * @param encoding {@code --encoding}, or null
   * @param rate {@code --rate}, or null
   * @param channels {@code --channels}, or null
   */
  ListenSource(
      String arg, PcmEncoding encoding, Integer rate, Integer channels, InputStream stdin) {
    this.arg = arg;
    this.encoding = encoding;
    this.rate = rate;
    this.channels = channels;
    this.stdin = stdin;
  }

  private boolean isStdin() {
    return "-".equals(arg);
  }

  private boolean raw() {
    return encoding != null || rate != null || channels != null;
  }

  /** How the input is named: the path as given, or {@value #STDIN}. */
  String name() {
    return isStdin() ? STDIN : arg;
  }

  /**
   * The raw format the options state, missing ones from the defaults.
   *
   * @throws CliException when a value is out of range
   */
  StreamFormat rawFormat(int modelRate) {
    try {
      return StreamFormat.raw(
          encoding == null ? PcmEncoding.PCM_S16LE : encoding,
          rate == null ? modelRate : rate,
          channels == null ? 1 : channels);
    } catch (IllegalArgumentException e) {
      throw new CliException("--rate/--channels: " + e.getMessage(), e);
    }
  }

  /**
   * Starts scoring the input; window verdicts go to {@code listener} as they are scored. Returns
   * once the input is read to its end (or failed).
   *
   * @param modelRate the default raw rate
   * @return the result of the whole input
   * @throws CliException when the stated raw rate is one the model cannot resample
   */
  CompletableFuture<List<FileVerdict>> start(
      DetectionEngine engine, StreamListener listener, int modelRate) throws InterruptedException {
    if (!isStdin() && !raw()) {
      return engine.submit(AudioSource.of(Path.of(arg)), listener);
    }
    StreamFormat format = raw() ? rawFormat(modelRate) : null;
    try (InputStream in = isStdin() ? new NonClosing(stdin) : Files.newInputStream(Path.of(arg))) {
      byte[] head = new byte[StreamFormat.SIGNATURE_BYTES];
      int n = format == null ? in.readNBytes(head, 0, head.length) : 0;
      if (format == null) {
        switch (StreamFormat.signature(head, n)) {
          case WAV -> format = StreamFormat.wav();
          case OTHER_MEDIA -> {
            return engine.submit(AudioSource.of(readAll(head, n, in), name()), listener);
          }
          case NONE -> format = rawFormat(modelRate);
        }
      }
      StreamSession session;
      try {
        session = engine.openStream(name(), format, listener);
      } catch (AudioInputException e) {
        throw new CliException(e.getMessage(), e); // --rate the model cannot resample
      }
      pump(in, head, n, session);
      return session.result();
    } catch (NoSuchFileException e) {
      return failed(AudioInputException.Problem.UNREADABLE, "no such file");
    } catch (AudioInputException e) {
      return CompletableFuture.failedFuture(e);
    } catch (IOException e) {
      return failed(AudioInputException.Problem.UNREADABLE, "cannot be read (" + e + ")");
    }
  }

  /** Pushes the head and then everything read until the end, or until the stream failed. */
  private static void pump(InputStream in, byte[] head, int n, StreamSession session)
      throws IOException, InterruptedException {
    try {
      session.push(head, 0, n);
      byte[] buf = new byte[READ_BYTES];
      int got;
      while (!session.result().isDone() && (got = in.read(buf)) >= 0) {
        session.push(buf, 0, got);
      }
      session.close();
    } catch (IOException | RuntimeException e) {
      session.cancel();
      throw e;
    }
  }

  private byte[] readAll(byte[] head, int n, InputStream in) throws IOException {
    byte[] rest = in.readNBytes(MAX_STDIN_FILE_BYTES - n + 1);
    if (n + rest.length > MAX_STDIN_FILE_BYTES) {
      throw new AudioInputException(
          name(),
          AudioInputException.Problem.TOO_LONG,
          "more than "
              + (MAX_STDIN_FILE_BYTES >> 20)
              + " MiB of compressed audio on stdin; pass its path, or decode it to raw PCM"
              + " (ffmpeg -f s16le -ar 16000 -ac 1 -)");
    }
    byte[] all = Arrays.copyOf(head, n + rest.length);
    System.arraycopy(rest, 0, all, n, rest.length);
    return all;
  }

  private CompletableFuture<List<FileVerdict>> failed(
      AudioInputException.Problem problem, String detail) {
    return CompletableFuture.failedFuture(new AudioInputException(name(), problem, detail));
  }

  /** Stdin, which the command reads but does not close. */
  private static final class NonClosing extends java.io.FilterInputStream {
    NonClosing(InputStream in) {
      super(in);
    }

    @Override
    public void close() {}
  }
}
