package dev.vigil.runtime.decode;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds WAV files chunk by chunk for structure tests (odd sizes, order, lying sizes). */
final class WavBytes {
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private Long riffSize;

  /** A 16-byte PCM fmt chunk's payload. */
  static byte[] fmt(int tag, int channels, int rate, int bits) {
    int align = channels * ((bits + 7) / 8);
    return ByteBuffer.allocate(16)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putShort((short) tag)
        .putShort((short) channels)
        .putInt(rate)
        .putInt(rate * align)
        .putShort((short) align)
        .putShort((short) bits)
        .array();
  }

  /** 16-bit little-endian samples, interleaved. */
  static byte[] s16(short... v) {
    ByteBuffer b = ByteBuffer.allocate(2 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (short s : v) {
      b.putShort(s);
    }
    return b.array();
  }

  /** 32-bit float little-endian samples. */
  static byte[] f32(float... v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float s : v) {
      b.putFloat(s);
    }
    return b.array();
  }

  /** Appends a chunk with its real size (and a pad byte when odd). */
  WavBytes chunk(String id, byte[] payload) {
    return chunk(id, payload.length, payload);
  }

  /**
   * Appends a chunk declaring {@code declared} bytes, followed by {@code payload} (+ pad if odd).
   */
  WavBytes chunk(String id, long declared, byte[] payload) {
    body.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
    body.writeBytes(
        ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) declared).array());
    body.writeBytes(payload);
    if ((payload.length & 1) == 1 && declared == payload.length) {
      body.write(0);
    }
    return this;
  }

  /** Raw bytes appended as they are. */
  WavBytes raw(byte[] b) {
    body.writeBytes(b);
    return this;
  }

  WavBytes riffSize(long v) {
    riffSize = v;
    return this;
  }

  byte[] build() {
    byte[] b = body.toByteArray();
    ByteBuffer out = ByteBuffer.allocate(12 + b.length).order(ByteOrder.LITTLE_ENDIAN);
    out.put("RIFF".getBytes(StandardCharsets.US_ASCII));
    out.putInt(riffSize != null ? (int) (long) riffSize : 4 + b.length);
    out.put("WAVE".getBytes(StandardCharsets.US_ASCII));
    out.put(b);
    return out.array();
  }
}
