package dev.vigil.runtime.decode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;

/**
 * Streams the samples of a WAV file ({@link WavHeader}) in blocks of at most 4096 frames (64 KiB of
 * encoded bytes), so memory does not depend on the file's length. A trailing partial frame is
 * dropped.
 */
final class WavDecoder extends BlockPcmStream {
  private static final int MAX_BLOCK_BYTES = 1 << 16;
  private static final int MAX_BLOCK_FRAMES = 4096;

  private final InputStream in;
  private final WavHeader h;
  private final byte[] raw;
  private final int frameBytes;

  /** 16-bit PCM: {@link #raw} seen as little-endian shorts, and where they are copied to. */
  private final ShortBuffer rawShorts;

  private final short[] shorts;

  private long bytesLeft;
  private int carry;

  /**
   * @param in the input positioned at the first sample byte; closed by {@link #close()}
   */
  WavDecoder(String source, Deadline deadline, InputStream in, WavHeader h, String container) {
    super(source, deadline);
    this.in = in;
    this.h = h;
    this.frameBytes = h.frameBytes();
    int frames = Math.max(1, Math.min(MAX_BLOCK_FRAMES, MAX_BLOCK_BYTES / frameBytes));
    this.raw = new byte[frames * frameBytes];
    this.block = new float[h.channels()][frames];
    boolean pcm16 = h.encoding() == WavHeader.Encoding.SIGNED_INT && h.bytesPerSample() == 2;
    this.rawShorts =
        pcm16 ? ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer() : null;
    this.shorts = pcm16 ? new short[frames * h.channels()] : null;
    this.bytesLeft = h.dataBytes() < 0 ? Long.MAX_VALUE : h.dataBytes();
    setInfo(new AudioInfo(h.codec(), container, h.sampleRate(), h.channels(), h.frames()));
  }

  @Override
  protected boolean mayHoldNonFinite() {
    return h.encoding() == WavHeader.Encoding.FLOAT;
  }

  @Override
  protected String codecLabel() {
    return "WAV";
  }

  @Override
  protected boolean fill() throws IOException {
    int got = carry;
    int limit = carry + (int) Math.min(raw.length - carry, bytesLeft);
    while (got < limit) {
      int k = in.read(raw, got, limit - got);
      if (k < 0) {
        bytesLeft = 0;
        break;
      }
      got += k;
    }
    if (bytesLeft != Long.MAX_VALUE) {
      bytesLeft -= Math.min(bytesLeft, got - carry);
    }
    int frames = got / frameBytes;
    carry = got - frames * frameBytes;
    if (frames == 0) {
      return false; // the end; a partial last frame is dropped
    }
    convert(frames);
    if (carry > 0) {
      System.arraycopy(raw, frames * frameBytes, raw, 0, carry);
    }
    blockLen = frames;
    return true;
  }

  private void convert(int frames) {
    int ch = h.channels();
    if (shorts != null) {
      convert16(frames, ch);
      return;
    }
    int bps = h.bytesPerSample();
    for (int c = 0; c < ch; c++) {
      float[] out = block[c];
      int p = c * bps;
      switch (h.encoding()) {
        case UNSIGNED8 -> {
          for (int i = 0; i < frames; i++, p += frameBytes) {
            out[i] = ((raw[p] & 0xff) - 128) / 128f;
          }
        }
        case MULAW -> {
          for (int i = 0; i < frames; i++, p += frameBytes) {
            out[i] = G711.MULAW[raw[p] & 0xff];
          }
        }
        case ALAW -> {
          for (int i = 0; i < frames; i++, p += frameBytes) {
            out[i] = G711.ALAW[raw[p] & 0xff];
          }
        }
        case SIGNED_INT -> convertInt(out, p, frames, bps);
        case FLOAT -> convertFloat(out, p, frames, bps);
      }
    }
  }

  /**
   * 16-bit PCM, the common case: one bulk copy of the little-endian samples, then a scaling loop
   * that HotSpot vectorizes, instead of assembling each sample from two bytes.
   */
  private void convert16(int frames, int ch) {
    rawShorts.get(0, shorts, 0, frames * ch);
    if (ch == 1) {
      float[] out = block[0];
      for (int i = 0; i < frames; i++) {
        out[i] = shorts[i] * SCALE16;
      }
      return;
    }
    for (int c = 0; c < ch; c++) {
      float[] out = block[c];
      for (int i = 0, p = c; i < frames; i++, p += ch) {
        out[i] = shorts[p] * SCALE16;
      }
    }
  }

  /** 1/32768, exact: scaling by it equals dividing by 32768. */
  private static final float SCALE16 = 1f / 32768;

  private void convertInt(float[] out, int p, int frames, int bps) {
    switch (bps) {
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
          int v =
              (raw[p] & 0xff)
                  | (raw[p + 1] & 0xff) << 8
                  | (raw[p + 2] & 0xff) << 16
                  | raw[p + 3] << 24;
          out[i] = (float) (v / 2147483648.0);
        }
      }
    }
  }

  private void convertFloat(float[] out, int p, int frames, int bps) {
    if (bps == 4) {
      for (int i = 0; i < frames; i++, p += frameBytes) {
        int v =
            (raw[p] & 0xff)
                | (raw[p + 1] & 0xff) << 8
                | (raw[p + 2] & 0xff) << 16
                | raw[p + 3] << 24;
        out[i] = Float.intBitsToFloat(v);
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

  @Override
  protected void release() throws IOException {
    in.close();
  }
}
