package dev.vigil.runtime.decode;

/**
 * One MPEG-1/2/2.5 audio frame header (layers I-III), parsed from its 4 bytes; {@link #parse(int)}
 * rejects reserved and free-format values, so a header that parses is a plausible frame start.
 *
 * @param version 10 (MPEG-1), 20 (MPEG-2) or 25 (MPEG-2.5)
 * @param layer 1, 2 or 3
 * @param bitrate kbit/s
 * @param sampleRate Hz
 * @param channels 1 or 2
 * @param frameBytes length of the whole frame including the header
 * @param samplesPerFrame samples per channel in the frame
 */
record MpegAudioHeader(
    int version,
    int layer,
    int bitrate,
    int sampleRate,
    int channels,
    int frameBytes,
    int samplesPerFrame) {

  private static final int[][] BITRATES = {
    {0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448}, // V1 L1
    {0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384}, // V1 L2
    {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320}, // V1 L3
    {0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256}, // V2 L1
    {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160}, // V2 L2, L3
  };
  private static final int[] RATES = {44100, 48000, 32000};

  /** The header in the 4 bytes at {@code b[o..]}, or null when they are not a valid header. */
  static MpegAudioHeader parse(byte[] b, int o) {
    return parse(
        (b[o] & 0xff) << 24 | (b[o + 1] & 0xff) << 16 | (b[o + 2] & 0xff) << 8 | (b[o + 3] & 0xff));
  }

  /** The header in a big-endian int, or null when it is not a valid header. */
  static MpegAudioHeader parse(int h) {
    if ((h >>> 21) != 0x7ff) {
      return null;
    }
    int v = (h >>> 19) & 3;
    int l = (h >>> 17) & 3;
    int br = (h >>> 12) & 15;
    int sr = (h >>> 10) & 3;
    int pad = (h >>> 9) & 1;
    int mode = (h >>> 6) & 3;
    int emphasis = h & 3;
    if (v == 1 || l == 0 || br == 0 || br == 15 || sr == 3 || emphasis == 2) {
      return null;
    }
    int version = v == 3 ? 10 : v == 2 ? 20 : 25;
    int layer = 4 - l;
    int table = version == 10 ? layer - 1 : layer == 1 ? 3 : 4;
    int bitrate = BITRATES[table][br];
    int rate = RATES[sr] / (version == 10 ? 1 : version == 20 ? 2 : 4);
    int spf;
    int len;
    if (layer == 1) {
      spf = 384;
      len = (12 * bitrate * 1000 / rate + pad) * 4;
    } else {
      spf = layer == 3 && version != 10 ? 576 : 1152;
      len = spf / 8 * bitrate * 1000 / rate + pad;
    }
    return new MpegAudioHeader(version, layer, bitrate, rate, mode == 3 ? 1 : 2, len, spf);
  }

  /**
   * True when a following frame belongs to the same stream (same version, layer, rate, channels).
   */
  boolean sameStream(MpegAudioHeader o) {
    return o != null
        && o.version == version
        && o.layer == layer
        && o.sampleRate == sampleRate
        && o.channels == channels;
  }
}
