package dev.vigil.runtime.decode;

import dev.vigil.runtime.decode.AudioInputException.Problem;
import dev.vigil.runtime.decode.FormatSniffer.Kind;
import dev.vigil.runtime.decode.FormatSniffer.Sniffed;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens any supported audio input as a {@link PcmStream}. The format is sniffed from the bytes,
 * never from the name: WAV (PCM, float, A-law, mu-law, RF64), FLAC, MPEG audio and Ogg Vorbis are
 * decoded in Java; AAC (MP4/M4A, ADTS) by ffmpeg when it is available, else by JAAD behind a
 * watchdog; every other container or codec (Opus, WebM, AIFF, video files, ADPCM WAV, ...) only by
 * ffmpeg. Bad input fails with an {@link AudioInputException} whose message names the source.
 */
public final class AudioDecoders {
  private AudioDecoders() {}

  /** How many leading bytes {@link #looksLikeMedia} wants. */
  public static final int MEDIA_HEAD_BYTES = FormatSniffer.MEDIA_HEAD;

  /**
   * True when a file's first {@code n} bytes carry a known audio or video signature (container
   * magic, an ID3 tag, an MPEG audio or ADTS frame sync): the decoders' own sniffer, loosened for
   * choosing which files to try. {@link #open} still decides whether a file decodes.
   */
  public static boolean looksLikeMedia(byte[] head, int n) {
    return FormatSniffer.looksLikeMedia(head, Math.min(n, head.length));
  }

  /**
   * True when a file name ends in a known audio or video extension (wav, flac, mp3, ogg, opus, m4a,
   * mp4, webm, mkv, mov, ...; case-insensitive): a file found in a folder is tried without looking
   * inside. Names only; {@link #open} still sniffs the bytes.
   */
  public static boolean hasMediaExtension(String fileName) {
    return MediaExtensions.MEDIA.contains(MediaExtensions.of(fileName));
  }

  /**
   * True when a file name ends in a known extension of another kind (txt, json, csv, jpg, pdf, zip,
   * onnx, parquet, ...): a file found in a folder is skipped without looking inside. A name with
   * neither kind of extension is decided by {@link #looksLikeMedia} on its first bytes.
   */
  public static boolean hasNonMediaExtension(String fileName) {
    return MediaExtensions.NON_MEDIA.contains(MediaExtensions.of(fileName));
  }

  /**
   * Opens the source for decoding.
   *
   * @param source the file or bytes
   * @param options time-out and ffmpeg use
   * @return the stream, positioned at the first sample; close it where it was opened
   * @throws AudioInputException when the input is not decodable audio (empty, truncated, not audio,
   *     unsupported, unreadable, time-out, ...)
   * @throws IOException on other I/O errors
   */
  public static PcmStream open(AudioSource source, DecodeOptions options) throws IOException {
    Deadline deadline = new Deadline(source.name(), options.timeout());
    ByteInput in = ByteInput.open(source, deadline);
    boolean handedOver = false;
    try {
      Sniffed s = FormatSniffer.sniff(in);
      PcmStream out = openSniffed(source, options, deadline, in, s);
      handedOver = true;
      return out;
    } catch (AudioInputException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      throw new AudioInputException(
          source.name(),
          Problem.MALFORMED,
          "could not be decoded (" + e.getClass().getSimpleName() + ")",
          e);
    } finally {
      if (!handedOver) {
        in.close();
      }
    }
  }

  /**
   * The input's duration as its header states it, read without decoding any audio and without
   * starting ffmpeg: WAV, FLAC, MPEG audio with a Xing/LAME frame count, Ogg Vorbis. NaN when the
   * header does not say (a streamed WAV, a plain MP3, a format only ffmpeg reads) or the input is
   * not readable audio: the caller then estimates from the size, and decoding finds any problem.
   */
  public static double headerSeconds(AudioSource source, DecodeOptions options) {
    Deadline deadline = new Deadline(source.name(), options.timeout());
    try (ByteInput in = ByteInput.open(source, deadline)) {
      Sniffed s = FormatSniffer.sniff(in);
      if (s.kind() == Kind.WAV) {
        WavHeader h = WavHeader.read(in, in.size(), source.name());
        return h.frames() < 0 ? Double.NaN : h.frames() / (double) h.sampleRate();
      }
      if (s.kind() != Kind.FLAC && s.kind() != Kind.MP3 && s.kind() != Kind.OGG_VORBIS) {
        return Double.NaN;
      }
      try (PcmStream pcm = openSniffed(source, options, deadline, in, s)) {
        return pcm.info().durationSeconds();
      }
    } catch (IOException | RuntimeException | StackOverflowError e) {
      return Double.NaN;
    }
  }

  /**
   * The duration the first bytes of an input state, for deciding on it before the rest has arrived:
   * a WAV header's data size (or, when the data runs to the end, {@code totalBytes} less the
   * header), a FLAC STREAMINFO sample count. NaN for every other format (their durations come from
   * frame counts or sizes that a prefix cannot give) and for anything not parsed.
   *
   * @param head the input's first bytes (a few KiB hold any ordinary header)
   * @param length how many of them are valid
   * @param totalBytes the whole input's size, or -1 when unknown
   */
  public static double headSeconds(byte[] head, int length, long totalBytes) {
    AudioSource prefix = AudioSource.of(java.util.Arrays.copyOf(head, length), "head");
    Deadline deadline = new Deadline(prefix.name(), DecodeOptions.defaults().timeout());
    try (ByteInput in = ByteInput.open(prefix, deadline)) {
      Sniffed s = FormatSniffer.sniff(in);
      if (s.kind() == Kind.WAV) {
        WavHeader h = WavHeader.read(in, -1, prefix.name()); // -1: the data is not all here
        if (h.frames() >= 0) {
          return h.frames() / (double) h.sampleRate();
        }
        return totalBytes > h.dataOffset()
            ? (totalBytes - h.dataOffset()) / h.frameBytes() / (double) h.sampleRate()
            : Double.NaN;
      }
      return s.kind() == Kind.FLAC ? flacStreamInfoSeconds(head, length) : Double.NaN;
    } catch (IOException | RuntimeException | StackOverflowError e) {
      return Double.NaN;
    }
  }

  /** STREAMINFO right after {@code fLaC}: 20 bits of rate at byte 18, 36 bits of samples after. */
  private static double flacStreamInfoSeconds(byte[] b, int length) {
    if (length < 26
        || b[0] != 'f'
        || b[1] != 'L'
        || b[2] != 'a'
        || b[3] != 'C'
        || (b[4] & 0x7F) != 0) {
      return Double.NaN;
    }
    int rate = (b[18] & 0xFF) << 12 | (b[19] & 0xFF) << 4 | (b[20] & 0xFF) >>> 4;
    long samples =
        (long) (b[21] & 0x0F) << 32
            | (long) (b[22] & 0xFF) << 24
            | (b[23] & 0xFF) << 16
            | (b[24] & 0xFF) << 8
            | (b[25] & 0xFF);
    return rate > 0 && samples > 0 ? samples / (double) rate : Double.NaN;
  }

  private static PcmStream openSniffed(
      AudioSource src, DecodeOptions options, Deadline deadline, ByteInput in, Sniffed s)
      throws IOException {
    Path ffmpeg;
    switch (s.kind()) {
      case WAV -> {
        WavHeader h;
        try {
          h = WavHeader.read(in, in.size(), src.name());
        } catch (AudioInputException e) {
          if (e.problem() != Problem.UNSUPPORTED_FORMAT) {
            throw e;
          }
          ffmpeg = FfmpegDecoder.locate(options);
          if (ffmpeg == null) {
            throw new AudioInputException(
                src.name(),
                Problem.UNSUPPORTED_FORMAT,
                detail(e) + "; ffmpeg would read it: " + FfmpegDecoder.whereMissing(options));
          }
          in.close();
          return FfmpegDecoder.open(src, deadline, ffmpeg, false);
        }
        return new WavDecoder(src.name(), deadline, in, h, "wav");
      }
      case FLAC -> {
        in.seek(s.offset());
        return new FlacDecoder(src.name(), deadline, in);
      }
      case MP3 -> {
        return new Mp3Decoder(src.name(), deadline, in, s.offset());
      }
      case OGG_VORBIS -> {
        return new VorbisDecoder(src.name(), deadline, in);
      }
      case MP4, ADTS -> {
        ffmpeg = FfmpegDecoder.locate(options);
        if (ffmpeg != null) {
          in.close();
          return FfmpegDecoder.open(src, deadline, ffmpeg, s.kind() == Kind.MP4);
        }
        return AacDecoder.open(src, deadline, in, s.kind() == Kind.ADTS, s.offset());
      }
      default -> {
        ffmpeg = FfmpegDecoder.locate(options);
        if (ffmpeg == null) {
          throw new AudioInputException(
              src.name(),
              Problem.UNSUPPORTED_FORMAT,
              s.kind().label + " needs " + FfmpegDecoder.whereMissing(options));
        }
        in.close();
        return FfmpegDecoder.open(src, deadline, ffmpeg, s.kind() == Kind.MP4);
      }
    }
  }

  private static String detail(AudioInputException e) {
    String m = e.getMessage();
    String prefix = e.source() + ": ";
    return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
  }
}
