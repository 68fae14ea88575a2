package dev.vigil.runtime.decode;

import dev.vigil.runtime.decode.AudioInputException.Problem;
import java.io.IOException;

/**
 * Checks the metadata blocks of a FLAC stream before jFLAC reads them: jFLAC allocates arrays from
 * the counts and lengths inside VORBIS_COMMENT and PICTURE blocks without comparing them with the
 * block, so a few corrupt bytes could ask for gigabytes. Every block must fit in the file, and
 * every count and length inside those two block types must fit in its block.
 */
final class FlacMetadataCheck {
  private static final int STREAMINFO = 0;
  private static final int VORBIS_COMMENT = 4;
  private static final int PICTURE = 6;
  private static final int MAX_BLOCKS = 1024;

  private FlacMetadataCheck() {}

  /** Validates the blocks after the "fLaC" marker at {@code offset}; restores the position. */
  static void check(ByteInput in, long offset) throws IOException {
    String src = in.source();
    byte[] h = new byte[4];
    long pos = offset + 4;
    for (int n = 0; ; n++) {
      if (n == MAX_BLOCKS) {
        throw new AudioInputException(
            src, Problem.MALFORMED, "more than " + MAX_BLOCKS + " FLAC metadata blocks");
      }
      in.seek(Math.min(pos, in.size()));
      if (in.readFully(h, 0, 4) < 4) {
        throw new AudioInputException(
            src, Problem.TRUNCATED, "truncated header: FLAC metadata ends early");
      }
      boolean last = (h[0] & 0x80) != 0;
      int type = h[0] & 0x7f;
      long len = (h[1] & 0xffL) << 16 | (h[2] & 0xffL) << 8 | (h[3] & 0xffL);
      long body = pos + 4;
      if (body + len > in.size()) {
        throw new AudioInputException(
            src,
            Problem.TRUNCATED,
            "FLAC metadata block of type "
                + type
                + " claims "
                + len
                + " bytes, "
                + (in.size() - body)
                + " remain");
      }
      if (n == 0 && (type != STREAMINFO || len != 34)) {
        throw new AudioInputException(
            src, Problem.MALFORMED, "FLAC stream does not start with STREAMINFO");
      }
      if (type == 127) {
        throw new AudioInputException(
            src, Problem.MALFORMED, "invalid FLAC metadata block type 127");
      }
      if (type == VORBIS_COMMENT) {
        checkComments(in, body, len, src);
      } else if (type == PICTURE) {
        checkPicture(in, body, len, src);
      }
      pos = body + len;
      if (last) {
        break;
      }
    }
    in.seek(offset);
  }

  private static long le32(ByteInput in, byte[] b) throws IOException {
    if (in.readFully(b, 0, 4) < 4) {
      return Long.MAX_VALUE;
    }
    return (b[0] & 0xffL) | (b[1] & 0xffL) << 8 | (b[2] & 0xffL) << 16 | (b[3] & 0xffL) << 24;
  }

  private static long be32(ByteInput in, byte[] b) throws IOException {
    if (in.readFully(b, 0, 4) < 4) {
      return Long.MAX_VALUE;
    }
    return (b[3] & 0xffL) | (b[2] & 0xffL) << 8 | (b[1] & 0xffL) << 16 | (b[0] & 0xffL) << 24;
  }

  private static void checkComments(ByteInput in, long body, long len, String src)
      throws IOException {
    byte[] b = new byte[4];
    long end = body + len;
    if (len < 8) {
      throw bad(src, "VORBIS_COMMENT block of " + len + " bytes is too short");
    }
    in.seek(body);
    long vendor = le32(in, b);
    long p = body + 4 + vendor;
    if (vendor > len - 8) {
      throw bad(src, "VORBIS_COMMENT vendor length " + vendor + " exceeds its block");
    }
    in.seek(p);
    long count = le32(in, b);
    p += 4;
    if (count > (end - p) / 4) {
      throw bad(
          src,
          "VORBIS_COMMENT claims " + count + " comments, its block holds at most " + (end - p) / 4);
    }
    for (long i = 0; i < count; i++) {
      in.seek(p);
      long l = le32(in, b);
      p += 4;
      if (l > end - p) {
        throw bad(src, "VORBIS_COMMENT comment " + i + " of " + l + " bytes exceeds its block");
      }
      p += l;
    }
  }

  private static void checkPicture(ByteInput in, long body, long len, String src)
      throws IOException {
    byte[] b = new byte[4];
    long end = body + len;
    long p = body + 4; // picture type
    for (String field : new String[] {"MIME type", "description"}) {
      in.seek(Math.min(p, end));
      long l = be32(in, b);
      p += 4;
      if (l > end - p) {
        throw bad(src, "PICTURE " + field + " of " + l + " bytes exceeds its block");
      }
      p += l;
    }
    p += 16; // width, height, depth, colours
    in.seek(Math.min(p, end));
    long data = be32(in, b);
    p += 4;
    if (p > end || data > end - p) {
      throw bad(src, "PICTURE data of " + data + " bytes exceeds its block");
    }
  }

  private static AudioInputException bad(String src, String what) {
    return new AudioInputException(src, Problem.MALFORMED, "corrupt FLAC metadata: " + what);
  }
}
