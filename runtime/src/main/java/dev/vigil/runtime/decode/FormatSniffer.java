package dev.vigil.runtime.decode;

import dev.vigil.runtime.decode.AudioInputException.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Tells the container from the first bytes (never from the file name): magic numbers, ID3v2 tags
 * skipped, MPEG audio and ADTS recognised only by several consecutive consistent frame headers.
 */
final class FormatSniffer {
  private static final int HEAD = 4096;
  private static final int MAX_ID3_TAGS = 4;

  /** What the bytes are. */
  enum Kind {
    WAV("WAV"),
    FLAC("FLAC"),
    MP3("MPEG audio"),
    OGG_VORBIS("Ogg Vorbis"),
    OGG_OPUS("Ogg Opus"),
    OGG_OTHER("Ogg (not Vorbis)"),
    MP4("MP4/M4A"),
    ADTS("AAC (ADTS)"),
    MATROSKA("WebM/Matroska audio"),
    AIFF("AIFF"),
    CAF("Core Audio (CAF)"),
    ASF("ASF/WMA"),
    AVI("AVI"),
    AU("Sun AU"),
    AMR("AMR"),
    MPEG_TS("MPEG transport stream"),
    MPEG_PS("MPEG program stream"),
    FLV("FLV"),
    APE("Monkey's Audio"),
    WAVPACK("WavPack"),
    RIFX("big-endian WAV (RIFX)"),
    W64("Sony Wave64");

    /** How messages name it. */
    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  /**
   * @param kind the container
   * @param offset where the container starts (after ID3v2 tags)
   */
  record Sniffed(Kind kind, long offset) {}

  private FormatSniffer() {}

  /**
   * Bytes {@link #looksLikeMedia} wants to see (an MPEG transport stream shows in its first 564).
   */
  static final int MEDIA_HEAD = 1024;

  /**
   * A quick look, without decoding: true when the first {@code n} bytes carry a known audio or
   * video container signature, an ID3 tag or an MPEG audio / ADTS frame sync. Looser than {@link
   * #sniff}, which also checks that frames follow; for choosing which files to try.
   */
  static boolean looksLikeMedia(byte[] h, int n) {
    return magic(h, n) != null
        || hasId3(h, n)
        || (n >= 2 && (h[0] & 0xff) == 0xff && (h[1] & 0xe0) == 0xe0);
  }

  /** Whether the bytes start with an ID3v2 tag (which MPEG audio and others carry first). */
  static boolean hasId3(byte[] h, int n) {
    return at(h, n, 0, "ID3");
  }

  /**
   * Whether the first {@code n} bytes hold a chain of consistent MPEG audio or ADTS frames (what
   * {@link #sniff} takes for MP3 or AAC without a tag), not just a frame sync.
   */
  static boolean framesIn(byte[] h, int n) {
    byte[] head = java.util.Arrays.copyOf(h, n);
    try (ByteInput in =
        ByteInput.open(
            AudioSource.of(head, "head"), new Deadline("head", java.time.Duration.ofSeconds(5)))) {
      return mpegOrAdts(in, 0, head, n) != null;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Sniffs; leaves the input at position 0. */
  static Sniffed sniff(ByteInput in) throws IOException {
    String src = in.source();
    long size = in.size();
    if (size == 0) {
      throw new AudioInputException(src, Problem.EMPTY, "empty file (0 bytes)");
    }
    byte[] head = new byte[HEAD];
    long offset = 0;
    int n = readAt(in, 0, head);
    for (int tags = 0; n >= 10 && isId3(head); tags++) {
      long tagLen = 10 + syncSafe(head, 6) + ((head[5] & 0x10) != 0 ? 10 : 0);
      offset += tagLen;
      if (offset >= size) {
        throw new AudioInputException(
            src, Problem.NOT_AUDIO, "holds only an ID3 tag (" + size + " bytes), no audio");
      }
      if (tags == MAX_ID3_TAGS) {
        throw new AudioInputException(src, Problem.MALFORMED, "too many ID3 tags");
      }
      n = readAt(in, offset, head);
    }
    Kind k = magic(head, n);
    if (k == null) {
      k = mpegOrAdts(in, offset, head, n);
    }
    in.seek(0);
    if (k == null) {
      throw new AudioInputException(src, Problem.NOT_AUDIO, describeUnknown(head, n));
    }
    return new Sniffed(k, offset);
  }

  private static int readAt(ByteInput in, long pos, byte[] b) throws IOException {
    in.seek(pos);
    return in.readFully(b, 0, b.length);
  }

  private static boolean isId3(byte[] h) {
    return h[0] == 'I'
        && h[1] == 'D'
        && h[2] == '3'
        && (h[3] & 0xff) < 0xff
        && (h[6] & 0x80) == 0
        && (h[7] & 0x80) == 0
        && (h[8] & 0x80) == 0
        && (h[9] & 0x80) == 0;
  }

  private static long syncSafe(byte[] h, int o) {
    return (h[o] & 0x7fL) << 21
        | (h[o + 1] & 0x7fL) << 14
        | (h[o + 2] & 0x7fL) << 7
        | (h[o + 3] & 0x7fL);
  }

  private static boolean at(byte[] h, int n, int o, String ascii) {
    if (o + ascii.length() > n) {
      return false;
    }
    for (int i = 0; i < ascii.length(); i++) {
      if (h[o + i] != (byte) ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean bytesAt(byte[] h, int n, int o, int... v) {
    if (o + v.length > n) {
      return false;
    }
    for (int i = 0; i < v.length; i++) {
      if ((h[o + i] & 0xff) != v[i]) {
        return false;
      }
    }
    return true;
  }

  /** The container a magic number in the first {@code n} bytes names, or null (no frame syncs). */
  static Kind magic(byte[] h, int n) {
    if (at(h, n, 0, "RIFF") || at(h, n, 0, "RF64") || at(h, n, 0, "BW64")) {
      if (n < 12 || at(h, n, 8, "WAVE")) {
        return Kind.WAV; // a short RIFF file is a truncated WAV header
      }
      return at(h, n, 8, "AVI ") ? Kind.AVI : null;
    }
    if (at(h, n, 0, "RIFX")) {
      return Kind.RIFX;
    }
    if (at(h, n, 0, "riff") && bytesAt(h, n, 4, 0x2e, 0x91, 0xcf, 0x11)) {
      return Kind.W64;
    }
    if (at(h, n, 0, "fLaC")) {
      return Kind.FLAC;
    }
    if (at(h, n, 0, "OggS")) {
      // the first page's first packet: 27-byte header + segment table
      int segs = n > 26 ? h[26] & 0xff : 0;
      int p = 27 + segs;
      if (at(h, n, p, "\u0001vorbis")) {
        return Kind.OGG_VORBIS;
      }
      return at(h, n, p, "OpusHead") ? Kind.OGG_OPUS : Kind.OGG_OTHER;
    }
    if (at(h, n, 4, "ftyp") || at(h, n, 4, "moov") || at(h, n, 4, "mdat") && n >= 8) {
      return Kind.MP4;
    }
    if (bytesAt(h, n, 0, 0x1a, 0x45, 0xdf, 0xa3)) {
      return Kind.MATROSKA;
    }
    if (at(h, n, 0, "FORM") && (at(h, n, 8, "AIFF") || at(h, n, 8, "AIFC"))) {
      return Kind.AIFF;
    }
    if (at(h, n, 0, "caff")) {
      return Kind.CAF;
    }
    if (bytesAt(h, n, 0, 0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11)) {
      return Kind.ASF;
    }
    if (at(h, n, 0, ".snd")) {
      return Kind.AU;
    }
    if (at(h, n, 0, "#!AMR")) {
      return Kind.AMR;
    }
    if (at(h, n, 0, "FLV") && n > 3 && h[3] == 1) {
      return Kind.FLV;
    }
    if (at(h, n, 0, "MAC ")) {
      return Kind.APE;
    }
    if (at(h, n, 0, "wvpk")) {
      return Kind.WAVPACK;
    }
    if (bytesAt(h, n, 0, 0, 0, 1, 0xba)) {
      return Kind.MPEG_PS;
    }
    if (n >= 3 * 188 && h[0] == 0x47 && h[188] == 0x47 && h[376] == 0x47) {
      return Kind.MPEG_TS;
    }
    return null;
  }

  /** MPEG audio or ADTS: a frame sync in the first 4 KiB followed by consistent frames. */
  private static Kind mpegOrAdts(ByteInput in, long offset, byte[] h, int n) throws IOException {
    byte[] hdr = new byte[7];
    for (int i = 0; i + 4 <= n; i++) {
      if ((h[i] & 0xff) != 0xff || (h[i + 1] & 0xe0) != 0xe0) {
        continue;
      }
      if ((h[i + 1] & 0xf6) == 0xf0) {
        if (chainOfAdts(in, offset + i, hdr)) {
          return Kind.ADTS;
        }
      } else if (chainOfMpeg(in, offset + i, hdr)) {
        return Kind.MP3;
      }
    }
    return null;
  }

  private static boolean chainOfMpeg(ByteInput in, long pos, byte[] hdr) throws IOException {
    MpegAudioHeader first = null;
    for (int k = 0; k < 3; k++) {
      if (pos == in.size() && k >= 1) {
        return true; // a short file whose frames end exactly at its end
      }
      in.seek(Math.min(pos, in.size()));
      if (in.readFully(hdr, 0, 4) < 4) {
        return false;
      }
      MpegAudioHeader m = MpegAudioHeader.parse(hdr, 0);
      if (m == null || (first != null && !first.sameStream(m))) {
        return false;
      }
      first = first == null ? m : first;
      pos += m.frameBytes();
    }
    return true;
  }

  private static boolean chainOfAdts(ByteInput in, long pos, byte[] hdr) throws IOException {
    int firstRate = -1;
    for (int k = 0; k < 3; k++) {
      if (pos == in.size() && k >= 1) {
        return true;
      }
      in.seek(Math.min(pos, in.size()));
      if (in.readFully(hdr, 0, 7) < 7) {
        return false;
      }
      if ((hdr[0] & 0xff) != 0xff || (hdr[1] & 0xf6) != 0xf0) {
        return false;
      }
      int rate = (hdr[2] >> 2) & 15;
      int len = (hdr[3] & 3) << 11 | (hdr[4] & 0xff) << 3 | (hdr[5] & 0xff) >> 5;
      if (rate > 12 || len < 7 || (firstRate >= 0 && rate != firstRate)) {
        return false;
      }
      firstRate = rate;
      pos += len;
    }
    return true;
  }

  private static String describeUnknown(byte[] h, int n) {
    int printable = 0;
    int m = Math.min(n, 512);
    for (int i = 0; i < m; i++) {
      int c = h[i] & 0xff;
      if (c == '\n' || c == '\r' || c == '\t' || (c >= 32 && c < 127) || c >= 0xc2) {
        printable++;
      }
    }
    if (m > 0 && printable == m) {
      String start =
          new String(h, 0, Math.min(m, 16), StandardCharsets.UTF_8).replaceAll("\\s+", " ");
      return "not audio: looks like text (\"" + start.strip() + "\")";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(n, 8); i++) {
      sb.append(String.format(java.util.Locale.ROOT, "%02x", h[i] & 0xff));
    }
    return "not a recognised audio format (starts with " + sb + ")";
  }
}
