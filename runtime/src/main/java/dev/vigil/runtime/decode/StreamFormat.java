package dev.vigil.runtime.decode;

import java.util.Objects;

/**
 * What the bytes of a pushed audio stream are: raw PCM of a stated encoding, rate and channel count
 * ({@link #raw}), or a WAV header that states them, followed by its samples ({@link #wav}; any
 * encoding a WAV file may hold, a data size of 0xFFFFFFFF meaning "until the end", as streaming
 * writers such as {@code ffmpeg -f wav -} write it).
 *
 * @param kind raw PCM or a WAV header first
 * @param encoding the raw samples' coding; null for {@link Kind#WAV}
 * @param sampleRate the raw stream's rate in Hz; 0 for {@link Kind#WAV}
 * @param channels the raw stream's interleaved channels; 0 for {@link Kind#WAV}
 */
public record StreamFormat(Kind kind, PcmEncoding encoding, int sampleRate, int channels) {

  /** How the format of a stream is known. */
  public enum Kind {
    /** Stated by the caller. */
    RAW,
    /** Read from the WAV header the stream starts with. */
    WAV
  }

  /** What the first bytes of an input say about it ({@link #signature}). */
  public enum Signature {
    /** A RIFF/RF64 WAVE header: stream it as {@link #wav()}. */
    WAV,
    /** Another container's signature (FLAC, MP3 with an ID3 tag, Ogg, MP4, ...): a whole file. */
    OTHER_MEDIA,
    /** No known signature: raw PCM, or not audio at all. */
    NONE
  }

  /** How many leading bytes {@link #signature} looks at, at most. */
  public static final int SIGNATURE_BYTES = 4096;

  /** Checks the fields against the kind. */
  public StreamFormat {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.WAV) {
      if (encoding != null || sampleRate != 0 || channels != 0) {
        throw new IllegalArgumentException("a WAV stream's format comes from its header");
      }
    } else {
      Objects.requireNonNull(encoding, "encoding");
      if (sampleRate < 1 || sampleRate > WavHeader.MAX_RATE) {
        throw new IllegalArgumentException(
            "sample rate must be in [1, " + WavHeader.MAX_RATE + "] Hz, got " + sampleRate);
      }
      if (channels < 1 || channels > WavHeader.MAX_CHANNELS) {
        throw new IllegalArgumentException(
            "channels must be in [1, " + WavHeader.MAX_CHANNELS + "], got " + channels);
      }
    }
  }

  /**
   * Raw PCM.
   *
   * @throws IllegalArgumentException when the rate is not in [1, 2,000,000] Hz or the channels not
   *     in [1, 256] (whether the model can resample the rate is checked when the stream opens)
   */
  public static StreamFormat raw(PcmEncoding encoding, int sampleRate, int channels) {
    return new StreamFormat(Kind.RAW, encoding, sampleRate, channels);
  }

  /** A stream that starts with a WAV header. */
  public static StreamFormat wav() {
    return new StreamFormat(Kind.WAV, null, 0, 0);
  }

  /** Bytes of one raw frame (one sample of every channel); 0 for {@link Kind#WAV}. */
  public int frameBytes() {
    return kind == Kind.RAW ? encoding.bytesPerSample() * channels : 0;
  }

  /**
   * What an input's first {@code n} bytes carry: a WAV header, another container's signature (an
   * ID3 tag, or a chain of consistent MPEG audio or ADTS frames), or none. A lone frame sync does
   * not count, since raw PCM holds one by chance (two 0xFF bytes are the 16-bit sample -1). The
   * decoders' own signature list; give it a few KiB ({@value #SIGNATURE_BYTES}) where there are.
   */
  public static Signature signature(byte[] head, int n) {
    n = Math.min(n, head.length);
    FormatSniffer.Kind k = FormatSniffer.magic(head, n);
    if (k == FormatSniffer.Kind.WAV) {
      return Signature.WAV;
    }
    return k != null || FormatSniffer.hasId3(head, n) || FormatSniffer.framesIn(head, n)
        ? Signature.OTHER_MEDIA
        : Signature.NONE;
  }

  @Override
  public String toString() {
    return kind == Kind.WAV
        ? "wav"
        : encoding.wireName() + ", " + sampleRate + " Hz, " + channels + " channel(s)";
  }
}
