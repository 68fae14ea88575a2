package dev.vigil.runtime.decode;

import dev.vigil.runtime.decode.AudioInputException.Problem;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;

/**
 * Interleaved little-endian PCM bytes to float samples per channel: the one conversion of WAV data
 * ({@link WavDecoder}) and of pushed streams ({@link StreamPcmDecoder}), so a stream's samples
 * equal those of the same bytes read from a file bit for bit. Works on one byte array given at
 * construction. Not thread-safe.
 */
final class PcmConverter {
  /** 1/32768, exact: scaling by it equals dividing by 32768. */
  private static final float SCALE16 = 1f / 32768;

  private final WavHeader.Encoding encoding;
  private final int bytesPerSample;
  private final int channels;
  private final int frameBytes;
  private final byte[] raw;

  /** 16-bit PCM: {@link #raw} seen as little-endian shorts, and where they are copied to. */
  private final ShortBuffer rawShorts;

  private final short[] shorts;

  /**
   * @param raw the bytes {@link #convert} reads, from index 0; its length a multiple of the frame
   */
  PcmConverter(WavHeader.Encoding encoding, int bytesPerSample, int channels, byte[] raw) {
    this.encoding = encoding;
    this.bytesPerSample = bytesPerSample;
    this.channels = channels;
    this.frameBytes = channels * bytesPerSample;
    this.raw = raw;
    boolean pcm16 = encoding == WavHeader.Encoding.SIGNED_INT && bytesPerSample == 2;
    this.rawShorts =
        pcm16 ? ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer() : null;
    this.shorts = pcm16 ? new short[raw.length / 2] : null;
  }

  /** Bytes of one frame (one sample of every channel). */
  int frameBytes() {
    return frameBytes;
  }

  /** Whether converted samples can be NaN or infinite (float data), and so must be checked. */
  boolean mayHoldNonFinite() {
    return encoding == WavHeader.Encoding.FLOAT;
  }

  /** Converts the first {@code frames} frames of the byte array into {@code out[c][0 ..]}. */
  void convert(int frames, float[][] out) {
    if (shorts != null) {
      convert16(frames, out);
      return;
    }
    for (int c = 0; c < channels; c++) {
      float[] o = out[c];
      int p = c * bytesPerSample;
      switch (encoding) {
        case UNSIGNED8 -> {
          for (int i = 0; i < frames; i++, p += frameBytes) {
            o[i] = ((raw[p] & 0xff) - 128) / 128f;
          }
        }
        case MULAW -> {
          for (int i = 0; i < frames; i++, p += frameBytes) {
            o[i] = G711.MULAW[raw[p] & 0xff];
          }
        }
        case ALAW -> {
          for (int i = 0; i < frames; i++, p += frameBytes) {
            o[i] = G711.ALAW[raw[p] & 0xff];
          }
        }
        case SIGNED_INT -> convertInt(o, p, frames);
        case FLOAT -> convertFloat(o, p, frames);
      }
    }
  }

  /**
   * 16-bit PCM, the common case: one bulk copy of the little-endian samples, then a scaling loop
   * that HotSpot vectorizes, instead of assembling each sample from two bytes.
   */
  private void convert16(int frames, float[][] out) {
    rawShorts.get(0, shorts, 0, frames * channels);
    if (channels == 1) {
      float[] o = out[0];
      for (int i = 0; i < frames; i++) {
        o[i] = shorts[i] * SCALE16;
      }
      return;
    }
    for (int c = 0; c < channels; c++) {
      float[] o = out[c];
      for (int i = 0, p = c; i < frames; i++, p += channels) {
        o[i] = shorts[p] * SCALE16;
      }
    }
  }

  private void convertInt(float[] out, int p, int frames) {
    switch (bytesPerSample) {
      case 2 -> {
        for (int i = 0; i < frames; i++, p += frameBytes) {
          out[i] = (short) ((raw[p] & 0xff) | raw[p + 1] << 8) / 32768f;
        }
      }
      case 3 -> {
        for (int i = 0; i < frames; i++, p += frameBytes) {
          int v = (raw[p] & 0xff) | (raw[p + 1] & 0xff) << 8 | raw[p + 2] << 16;
          out[i] = v / 8388608f;
        }
      }
      default -> {
        for (int i = 0; i < frames; i++, p += frameBytes) {
          out[i] = (float) (int32(p) / 2147483648.0);
        }
      }
    }
  }

  private void convertFloat(float[] out, int p, int frames) {
    if (bytesPerSample == 4) {
      for (int i = 0; i < frames; i++, p += frameBytes) {
        out[i] = Float.intBitsToFloat(int32(p));
      }
    } else {
      for (int i = 0; i < frames; i++, p += frameBytes) {
        long lo =
            (raw[p] & 0xffL)
                | (raw[p + 1] & 0xffL) << 8
                | (raw[p + 2] & 0xffL) << 16
                | (raw[p + 3] & 0xffL) << 24;
        long hi =
            (raw[p + 4] & 0xffL)
                | (raw[p + 5] & 0xffL) << 8
                | (raw[p + 6] & 0xffL) << 16
                | (raw[p + 7] & 0xffL) << 24;
        out[i] = (float) Double.longBitsToDouble(lo | hi << 32);
      }
    }
  }

  /** The little-endian 32-bit integer at {@code raw[p ..]}. */
  private int int32(int p) {
    return (raw[p] & 0xff)
        | (raw[p + 1] & 0xff) << 8
        | (raw[p + 2] & 0xff) << 16
        | raw[p + 3] << 24;
  }

  /**
   * Refuses NaN and infinite samples: the one check of every decoder and stream.
   *
   * @param firstFrame the index of {@code block[c][0]} in the input, for the message
   * @throws AudioInputException {@code NON_FINITE} naming the frame and channel
   */
  static void requireFinite(String source, float[][] block, int channels, int n, long firstFrame)
      throws AudioInputException {
    for (int c = 0; c < channels; c++) {
      float[] x = block[c];
      for (int i = 0; i < n; i++) {
        if (!Float.isFinite(x[i])) {
          throw new AudioInputException(
              source,
              Problem.NON_FINITE,
              (Float.isNaN(x[i]) ? "NaN" : "infinite")
                  + " sample at frame "
                  + (firstFrame + i)
                  + ", channel "
                  + c);
        }
      }
    }
  }
}
