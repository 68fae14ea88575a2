package dev.vigil.runtime.decode;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the samples of a raw PCM stream are coded: little-endian, channels interleaved. */
public enum PcmEncoding {
  /** 16-bit signed integers, full scale 32768. */
  PCM_S16LE(WavHeader.Encoding.SIGNED_INT, 2),
  /** 32-bit IEEE floats, full scale 1.0; NaN and infinity are refused. */
  PCM_F32LE(WavHeader.Encoding.FLOAT, 4);

  final WavHeader.Encoding wav;
  private final int bytesPerSample;

  PcmEncoding(WavHeader.Encoding wav, int bytesPerSample) {
    this.wav = wav;
    this.bytesPerSample = bytesPerSample;
  }

  /** Bytes of one sample of one channel. */
  public int bytesPerSample() {
    return bytesPerSample;
  }

  /** The name clients and ffmpeg use: {@code pcm_s16le}, {@code pcm_f32le}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The wire name. */
  @Override
  public String toString() {
    return wireName();
  }

  /**
   * The encoding of a wire name.
   *
   * @throws IllegalArgumentException naming the valid ones
   */
  public static PcmEncoding of(String wireName) {
    for (PcmEncoding e : values()) {
      if (e.wireName().equals(wireName)) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "unknown encoding '"
            + wireName
            + "' (valid: "
            + Arrays.stream(values()).map(PcmEncoding::wireName).collect(Collectors.joining(", "))
            + ")");
  }
}
