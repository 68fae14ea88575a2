package dev.vigil.runtime.decode;

/**
 * The Xing/Info (or VBRI) header in the first frame of an MP3 file, with the LAME extension's
 * encoder delay and padding when present. The frame that carries it holds no audio.
 *
 * @param frames audio frames in the stream (the info frame excluded), or -1 when not recorded
 * @param encoderDelay samples the encoder put before the audio, or -1 when unknown
 * @param padding samples the encoder appended after the audio, or -1 when unknown
 */
record LameTag(long frames, int encoderDelay, int padding) {

  /** The info header in the frame {@code f[0 .. len)} with header {@code h}, or null if none. */
  static LameTag parse(byte[] f, int len, MpegAudioHeader h) {
    if (h.layer() != 3) {
      return null;
    }
    int side = h.version() == 10 ? (h.channels() == 1 ? 17 : 32) : (h.channels() == 1 ? 9 : 17);
    boolean crc = (f[1] & 1) == 0;
    int p = 4 + side + (crc ? 2 : 0);
    if (has(f, len, p, "Xing") || has(f, len, p, "Info")) {
      return parseXing(f, len, p + 4);
    }
    if (has(f, len, 36, "VBRI") && 36 + 18 <= len) {
      return new LameTag(be32(f, 36 + 14), -1, -1);
    }
    return null;
  }

  private static LameTag parseXing(byte[] f, int len, int p) {
    if (p + 4 > len) {
      return new LameTag(-1, -1, -1);
    }
    int flags = (int) be32(f, p);
    p += 4;
    long frames = -1;
    if ((flags & 1) != 0 && p + 4 <= len) {
      frames = be32(f, p);
      p += 4;
    }
    p += (flags & 2) != 0 ? 4 : 0;
    p += (flags & 4) != 0 ? 100 : 0;
    p += (flags & 8) != 0 ? 4 : 0;
    int delay = -1;
    int pad = -1;
    if (p + 24 <= len
        && (has(f, len, p, "LAME")
            || has(f, len, p, "Lavf")
            || has(f, len, p, "Lavc")
            || has(f, len, p, "L3.99")
            || has(f, len, p, "GOGO"))) {
      int a = f[p + 21] & 0xff;
      int b = f[p + 22] & 0xff;
      int c = f[p + 23] & 0xff;
      delay = a << 4 | b >> 4;
      pad = (b & 0x0f) << 8 | c;
    }
    return new LameTag(frames, delay, pad);
  }

  private static boolean has(byte[] f, int len, int p, String s) {
    if (p < 0 || p + s.length() > len) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (f[p + i] != (byte) s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static long be32(byte[] f, int p) {
    return (f[p] & 0xffL) << 24
        | (f[p + 1] & 0xffL) << 16
        | (f[p + 2] & 0xffL) << 8
        | (f[p + 3] & 0xffL);
  }
}
