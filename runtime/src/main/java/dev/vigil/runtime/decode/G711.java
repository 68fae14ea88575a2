package dev.vigil.runtime.decode;

/** ITU-T G.711 A-law and mu-law expansion tables, as floats in [-1, 1) (16-bit scale). */
final class G711 {
  /** mu-law byte → sample. */
  static final float[] MULAW = new float[256];

  /** A-law byte → sample. */
  static final float[] ALAW = new float[256];

  static {
    for (int i = 0; i < 256; i++) {
      int u = ~i & 0xff;
      int t = ((u & 0x0f) << 3) + 0x84;
      t <<= (u & 0x70) >> 4;
      MULAW[i] = ((u & 0x80) != 0 ? 0x84 - t : t - 0x84) / 32768f;

      int a = i ^ 0x55;
      int m = (a & 0x0f) << 4;
      int seg = (a & 0x70) >> 4;
      if (seg == 0) {
        m += 8;
      } else {
        m = (m + 0x108) << (seg - 1);
      }
      ALAW[i] = ((a & 0x80) != 0 ? m : -m) / 32768f;
    }
  }

  private G711() {}
}
