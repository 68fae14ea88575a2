package dev.vigil.runtime.decode;

import dev.vigil.runtime.decode.AudioInputException.Problem;
import java.io.IOException;
import java.util.Set;

/**
 * Checks an MP4/M4A box tree before a decoding library sees it: every box fits in its parent and in
 * the file, and every sample-table entry count fits in its box (so a lying count cannot drive an
 * allocation). Also reads the first audio track's edit list: the encoder's priming samples and the
 * audio's real duration.
 */
final class Mp4Boxes {
  private static final Set<String> CONTAINERS =
      Set.of(
          "moov", "trak", "mdia", "minf", "stbl", "edts", "dinf", "udta", "mvex", "moof", "traf",
          "mfra", "ilst");
  private static final int MAX_DEPTH = 12;

  private final ByteInput in;
  private final String source;
  private final byte[] b = new byte[32];
  private boolean moov;
  private int movieTimescale;
  private String handler;
  private int mediaTimescale;
  private long editMediaTime = -1;
  private long editDuration = -1;
  private boolean audioFound;
  private long audioMediaTime = -1;
  private long audioEditDuration = -1;
  private int audioTimescale;

  private Mp4Boxes(ByteInput in) {
    this.in = in;
    this.source = in.source();
  }

  /** What the check learnt about the first audio track. */
  record Edit(long primingTicks, long durationTicks, int mediaTimescale, int movieTimescale) {
    /** Priming samples at {@code rate}, or 0. */
    long primingSamples(int rate) {
      return primingTicks <= 0 || mediaTimescale <= 0 ? 0 : primingTicks * rate / mediaTimescale;
    }

    /** Audio frames at {@code rate} the edit list keeps, or -1 when it does not say. */
    long durationSamples(int rate) {
      return durationTicks <= 0 || movieTimescale <= 0 ? -1 : durationTicks * rate / movieTimescale;
    }
  }

  /** Validates the whole box tree; leaves the input at position 0. */
  static Edit check(ByteInput in) throws IOException {
    Mp4Boxes m = new Mp4Boxes(in);
    m.walk(0, in.size(), 0, null);
    in.seek(0);
    if (!m.moov) {
      throw new AudioInputException(m.source, Problem.TRUNCATED, "MP4 file without a moov box");
    }
    if (!m.audioFound) {
      throw new AudioInputException(m.source, Problem.NOT_AUDIO, "MP4 file without an audio track");
    }
    return new Edit(m.audioMediaTime, m.audioEditDuration, m.audioTimescale, m.movieTimescale);
  }

  private AudioInputException bad(String what) {
    return new AudioInputException(source, Problem.MALFORMED, "corrupt MP4: " + what);
  }

  private void read(long pos, int n) throws IOException {
    in.seek(pos);
    if (in.readFully(b, 0, n) < n) {
      throw new AudioInputException(source, Problem.TRUNCATED, "MP4 box cut short at " + pos);
    }
  }

  private long u32(int o) {
    return (b[o] & 0xffL) << 24
        | (b[o + 1] & 0xffL) << 16
        | (b[o + 2] & 0xffL) << 8
        | (b[o + 3] & 0xffL);
  }

  private long u64(int o) {
    return u32(o) << 32 | u32(o + 4);
  }

  private void walk(long start, long end, int depth, String parent) throws IOException {
    if (depth > MAX_DEPTH) {
      throw bad("boxes nested deeper than " + MAX_DEPTH);
    }
    long pos = start;
    while (pos + 8 <= end) {
      read(pos, 8);
      long size = u32(0);
      String type = new String(b, 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
      int header = 8;
      if (size == 1) {
        read(pos, 16);
        size = u64(8);
        header = 16;
      } else if (size == 0) {
        size = end - pos;
      }
      if (size < header) {
        throw bad("box '" + printable(type) + "' declares " + size + " bytes");
      }
      if (size > end - pos) {
        if (depth == 0) {
          throw new AudioInputException(
              source,
              Problem.TRUNCATED,
              "MP4 box '"
                  + printable(type)
                  + "' claims "
                  + size
                  + " bytes, only "
                  + (end - pos)
                  + " remain");
        }
        throw bad("box '" + printable(type) + "' of " + size + " bytes does not fit its parent");
      }
      long body = pos + header;
      long bodyLen = size - header;
      visit(type, body, bodyLen, depth, parent);
      pos += size;
    }
    if (depth > 0 && pos != end && end - pos >= 8) {
      throw bad("trailing bytes inside '" + parent + "'");
    }
  }

  private static String printable(String t) {
    return t.replaceAll("[^\\x20-\\x7e]", "?");
  }

  private void visit(String type, long body, long len, int depth, String parent)
      throws IOException {
    switch (type) {
      case "moov" -> {
        moov = true;
        walk(body, body + len, depth + 1, type);
      }
      case "trak" -> {
        handler = null;
        mediaTimescale = 0;
        editMediaTime = -1;
        editDuration = -1;
        walk(body, body + len, depth + 1, type);
        if ("soun".equals(handler) && !audioFound) {
          audioFound = true;
          audioMediaTime = editMediaTime;
          audioEditDuration = editDuration;
          audioTimescale = mediaTimescale;
        }
      }
      case "meta" -> {
        if (len >= 4) {
          walk(body + 4, body + len, depth + 1, type);
        }
      }
      case "mvhd", "mdhd" -> {
        need(len, 24, type);
        read(body, 1);
        int version = b[0];
        int off = version == 1 ? 20 : 12;
        need(len, off + 4, type);
        read(body + off, 4);
        int ts = (int) Math.min(u32(0), Integer.MAX_VALUE);
        if (type.equals("mvhd")) {
          movieTimescale = ts;
        } else {
          mediaTimescale = ts;
        }
      }
      case "hdlr" -> {
        need(len, 12, type);
        read(body + 8, 4);
        handler = new String(b, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
      }
      case "elst" -> {
        need(len, 8, type);
        read(body, 8);
        int version = b[0];
        long count = u32(4);
        int entry = version == 1 ? 20 : 12;
        table(len, 8, count, entry, type);
        for (long i = 0; i < count && i < 4; i++) {
          read(body + 8 + i * entry, entry);
          long dur = version == 1 ? u64(0) : u32(0);
          long mt = version == 1 ? u64(8) : (int) u32(4);
          if (mt >= 0) {
            editMediaTime = mt;
            editDuration = dur;
            break;
          }
        }
      }
      case "stts", "ctts" -> countTable(body, len, 8, type);
      case "stsc" -> countTable(body, len, 12, type);
      case "stco", "stss" -> countTable(body, len, 4, type);
      case "co64" -> countTable(body, len, 8, type);
      case "stsz" -> {
        need(len, 12, type);
        read(body, 12);
        if (u32(4) == 0) {
          table(len, 12, u32(8), 4, type);
        }
      }
      case "stsd" -> {
        need(len, 8, type);
        walk(body + 8, body + len, depth + 1, type);
      }
      case "mp4a" -> {
        need(len, 28, type);
        walk(body + 28, body + len, depth + 1, type);
      }
      default -> {
        if (CONTAINERS.contains(type)) {
          walk(body, body + len, depth + 1, type);
        }
      }
    }
  }

  private void need(long len, int n, String type) throws AudioInputException {
    if (len < n) {
      throw bad("'" + type + "' box of " + len + " bytes is too short");
    }
  }

  private void countTable(long body, long len, int entry, String type) throws IOException {
    need(len, 8, type);
    read(body, 8);
    table(len, 8, u32(4), entry, type);
  }

  private void table(long len, int head, long count, int entry, String type)
      throws AudioInputException {
    if (count > (len - head) / entry) {
      throw bad(
          "'" + type + "' claims " + count + " entries, its box holds " + (len - head) / entry);
    }
  }
}
