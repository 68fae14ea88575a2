package dev.vigil.runtime.decode;

import dev.vigil.runtime.decode.AudioInputException.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * The parsed header of a RIFF/RF64 WAVE file: where the samples are and how they are coded. Chunks
 * may come in any order (a data chunk before the fmt chunk needs a seekable input); odd-sized
 * chunks are followed by a pad byte; unknown chunks are skipped.
 *
 * @param codec ffmpeg-style codec name, e.g. {@code pcm_s16le}
 * @param encoding how samples are stored
 * @param channels channel count
 * @param sampleRate frames per second
 * @param bytesPerSample bytes of one sample of one channel
 * @param dataOffset where the first sample byte is
 * @param dataBytes the data chunk's size, or -1 when it runs to the end of the input
 */
record WavHeader(
    String codec,
    Encoding encoding,
    int channels,
    int sampleRate,
    int bytesPerSample,
    long dataOffset,
    long dataBytes) {

  /** How samples are stored. */
  enum Encoding {
    UNSIGNED8,
    SIGNED_INT,
    FLOAT,
    ALAW,
    MULAW
  }

  static final int MAX_CHANNELS = 256;
  static final int MAX_RATE = 2_000_000;
  private static final int TAG_PCM = 1;
  private static final int TAG_FLOAT = 3;
  private static final int TAG_ALAW = 6;
  private static final int TAG_MULAW = 7;
  private static final int TAG_EXTENSIBLE = 0xFFFE;
  private static final long UNKNOWN32 = 0xFFFFFFFFL;

  /** Bytes of one frame. */
  int frameBytes() {
    return channels * bytesPerSample;
  }

  /** Frames in the data chunk, or -1 when it runs to the end of the input. */
  long frames() {
    return dataBytes < 0 ? -1 : dataBytes / frameBytes();
  }

  /**
   * Reads the header; on return the input is positioned at the first sample byte.
   *
   * @param in the input, positioned at the RIFF header; a {@link ByteInput} allows a data chunk
   *     before the fmt chunk and lets lying chunk sizes be caught against the file size
   * @param size the input's size in bytes, or -1 when unknown (a pipe)
   * @param source the input's name for messages
   */
  static WavHeader read(InputStream in, long size, String source) throws IOException {
    return new Parser(in, size, source).parse();
  }

  /** What a WAV format tag is called, for messages. */
  static String tagName(int tag) {
    return switch (tag) {
      case 0x0001 -> "PCM";
      case 0x0002 -> "Microsoft ADPCM";
      case 0x0003 -> "IEEE float";
      case 0x0006 -> "A-law";
      case 0x0007 -> "mu-law";
      case 0x0011 -> "IMA ADPCM";
      case 0x0031 -> "GSM 6.10";
      case 0x0050 -> "MPEG audio";
      case 0x0055 -> "MP3";
      case 0x00FF, 0x1610 -> "AAC";
      case 0x0161, 0x0162, 0x0163 -> "Windows Media Audio";
      case 0xF1AC -> "FLAC";
      default -> "unknown codec";
    };
  }

  /** The parse state: a position counter over a forward-only stream. */
  private static final class Parser {
    private final InputStream in;
    private final long size;
    private final String source;
    private final byte[] b = new byte[64];
    private long pos;

    Parser(InputStream in, long size, String source) {
      this.in = in;
      this.size = size;
      this.source = source;
    }

    private AudioInputException error(Problem p, String detail) {
      return new AudioInputException(source, p, detail);
    }

    private int readUpTo(int n) throws IOException {
      int done = 0;
      while (done < n) {
        int k = in.read(b, done, n - done);
        if (k < 0) {
          break;
        }
        done += k;
      }
      pos += done;
      return done;
    }

    private void readHeaderBytes(int n, String what) throws IOException {
      int got = readUpTo(n);
      if (got < n) {
        throw error(
            Problem.TRUNCATED,
            "truncated header: the file ends inside the "
                + what
                + " ("
                + got
                + " of "
                + n
                + " bytes)");
      }
    }

    private void skipBytes(long n, String what) throws IOException {
      long left = n;
      while (left > 0) {
        int k = readSkip((int) Math.min(left, b.length));
        if (k <= 0) {
          throw error(
              Problem.TRUNCATED,
              "truncated header: the file ends inside the "
                  + what
                  + " ("
                  + (n - left)
                  + " of "
                  + n
                  + " bytes)");
        }
        left -= k;
      }
    }

    private int readSkip(int n) throws IOException {
      if (in instanceof ByteInput bi) {
        long k = Math.min(n, bi.remaining());
        if (k <= 0) {
          return -1;
        }
        bi.seek(bi.position() + k);
        pos += k;
        return (int) k;
      }
      int k = in.read(b, 0, n);
      if (k > 0) {
        pos += k;
      }
      return k;
    }

    private static int u16(byte[] a, int o) {
      return (a[o] & 0xff) | (a[o + 1] & 0xff) << 8;
    }

    private static long u32(byte[] a, int o) {
      return u16(a, o) | (long) u16(a, o + 2) << 16;
    }

    private static long u64(byte[] a, int o) {
      return u32(a, o) | u32(a, o + 4) << 32;
    }

    private static String fourcc(byte[] a, int o) {
      StringBuilder sb = new StringBuilder(4);
      for (int i = 0; i < 4; i++) {
        int c = a[o + i] & 0xff;
        sb.append(c >= 32 && c < 127 ? (char) c : '?');
      }
      return sb.toString();
    }

    WavHeader parse() throws IOException {
      int got = readUpTo(12);
      if (got == 0) {
        throw error(Problem.EMPTY, "empty file");
      }
      if (got < 12) {
        throw error(Problem.TRUNCATED, "truncated header (" + got + " of 12 bytes)");
      }
      String riff = fourcc(b, 0);
      boolean rf64 = riff.equals("RF64") || riff.equals("BW64");
      if (!(riff.equals("RIFF") || rf64) || !fourcc(b, 8).equals("WAVE")) {
        throw error(Problem.NOT_AUDIO, "not a RIFF/WAVE file");
      }
      long riffSize = u32(b, 4);
      long ds64Data = -1;
      int[] fmt = null; // tag, channels, rate, bits, blockAlign, validBits
      long dataOffset = -1;
      long dataBytes = -1;
      boolean first = true;
      while (true) {
        if (fmt != null && dataOffset >= 0) {
          break;
        }
        int h = readUpTo(8);
        if (h < 8) {
          if (fmt == null) {
            throw error(
                Problem.TRUNCATED, "truncated header: the file ends before a fmt chunk was found");
          }
          throw error(
              Problem.TRUNCATED, "truncated header: the file ends before a data chunk was found");
        }
        String id = fourcc(b, 0);
        long len = u32(b, 4);
        long remaining = size < 0 ? Long.MAX_VALUE : size - pos;
        if (rf64 && first && !id.equals("ds64")) {
          throw error(Problem.MALFORMED, "RF64 file without a ds64 chunk first");
        }
        first = false;
        switch (id) {
          case "ds64" -> {
            if (len < 24 || len > remaining) {
              throw error(Problem.MALFORMED, "ds64 chunk size " + len + " is invalid");
            }
            readHeaderBytes(24, "ds64 chunk");
            ds64Data = u64(b, 8);
            skipBytes(len - 24 + (len & 1), "ds64 chunk");
          }
          case "fmt " -> {
            if (len < 16) {
              throw error(Problem.MALFORMED, "fmt chunk of " + len + " bytes (at least 16 needed)");
            }
            if (len > remaining) {
              throw error(
                  Problem.TRUNCATED,
                  "truncated header: fmt chunk claims "
                      + len
                      + " bytes but only "
                      + remaining
                      + " remain");
            }
            int take = (int) Math.min(len, 40);
            readHeaderBytes(take, "fmt chunk");
            fmt = parseFmt(b, take);
            skipBytes(len - take + (len & 1), "fmt chunk");
          }
          case "data" -> {
            long declared = len;
            if (rf64 && len == UNKNOWN32) {
              declared = ds64Data;
            }
            boolean placeholder =
                declared == UNKNOWN32
                    || (declared == 0 && (riffSize == 0 || riffSize == UNKNOWN32));
            long avail = size < 0 ? -1 : size - pos;
            long bytes;
            if (placeholder || declared < 0) {
              bytes = -1; // runs to the end: a streaming writer or a recorder that was killed
            } else if (avail >= 0 && declared > avail) {
              throw error(
                  Problem.TRUNCATED,
                  "data chunk declares "
                      + declared
                      + " bytes but the file holds "
                      + avail
                      + " ("
                      + (declared - avail)
                      + " bytes missing)");
            } else {
              bytes = declared;
            }
            dataOffset = pos;
            dataBytes = bytes;
            if (fmt == null) {
              // data before fmt: look further, then come back
              if (!(in instanceof ByteInput) || bytes < 0) {
                throw error(
                    Problem.MALFORMED, "data chunk before the fmt chunk in a non-seekable input");
              }
              skipBytes(bytes + (bytes & 1), "data chunk");
            }
          }
          default -> {
            if (len > remaining) {
              throw error(
                  Problem.MALFORMED,
                  "chunk '" + id + "' claims " + len + " bytes but only " + remaining + " remain");
            }
            skipBytes(len + (len & 1), "'" + id + "' chunk");
          }
        }
      }
      if (pos != dataOffset) {
        ((ByteInput) in).seek(dataOffset);
        pos = dataOffset;
      }
      return build(fmt, dataOffset, dataBytes);
    }

    private int[] parseFmt(byte[] a, int len) throws AudioInputException {
      int tag = u16(a, 0);
      int channels = u16(a, 2);
      long rate = u32(a, 4);
      int blockAlign = u16(a, 12);
      int bits = u16(a, 14);
      int valid = bits;
      if (tag == TAG_EXTENSIBLE) {
        if (len < 40 || u16(a, 16) < 22) {
          throw error(Problem.MALFORMED, "WAVE_FORMAT_EXTENSIBLE fmt chunk too short");
        }
        valid = u16(a, 18);
        tag = u16(a, 24);
      }
      return new int[] {
        tag, channels, (int) Math.min(rate, Integer.MAX_VALUE), bits, blockAlign, valid
      };
    }

    private WavHeader build(int[] f, long dataOffset, long dataBytes) throws AudioInputException {
      int tag = f[0];
      int channels = f[1];
      int rate = f[2];
      int bits = f[3];
      int blockAlign = f[4];
      if (channels == 0) {
        throw error(Problem.INVALID_FORMAT, "fmt chunk declares 0 channels");
      }
      if (rate == 0) {
        throw error(Problem.INVALID_FORMAT, "fmt chunk declares a sample rate of 0 Hz");
      }
      if (channels > MAX_CHANNELS) {
        throw error(
            Problem.INVALID_FORMAT,
            "fmt chunk declares "
                + channels
                + " channels (at most "
                + MAX_CHANNELS
                + " supported)");
      }
      if (rate > MAX_RATE) {
        throw error(
            Problem.INVALID_FORMAT,
            "fmt chunk declares " + rate + " Hz (at most " + MAX_RATE + " supported)");
      }
      Encoding enc;
      String codec;
      int bytes = (bits + 7) / 8;
      switch (tag) {
        case TAG_PCM -> {
          if (bits < 1 || bits > 32) {
            throw error(
                Problem.INVALID_FORMAT,
                "PCM with " + bits + " bits per sample (1 to 32 supported)");
          }
          enc = bytes == 1 ? Encoding.UNSIGNED8 : Encoding.SIGNED_INT;
          codec = bytes == 1 ? "pcm_u8" : "pcm_s" + (8 * bytes) + "le";
        }
        case TAG_FLOAT -> {
          if (bits != 32 && bits != 64) {
            throw error(
                Problem.INVALID_FORMAT,
                "IEEE float with " + bits + " bits per sample (32 or 64 supported)");
          }
          enc = Encoding.FLOAT;
          codec = "pcm_f" + bits + "le";
        }
        case TAG_ALAW, TAG_MULAW -> {
          if (bits != 8) {
            throw error(
                Problem.INVALID_FORMAT, tagName(tag) + " with " + bits + " bits (8 expected)");
          }
          enc = tag == TAG_ALAW ? Encoding.ALAW : Encoding.MULAW;
          codec = tag == TAG_ALAW ? "pcm_alaw" : "pcm_mulaw";
        }
        default ->
            throw new AudioInputException(
                source,
                Problem.UNSUPPORTED_FORMAT,
                String.format(
                    Locale.ROOT,
                    "WAV format tag 0x%04X (%s) is not supported (supported: PCM 0x0001, IEEE"
                        + " float 0x0003, A-law 0x0006, mu-law 0x0007)",
                    tag,
                    tagName(tag)));
      }
      if (blockAlign != channels * bytes) {
        throw error(
            Problem.MALFORMED,
            "block align "
                + blockAlign
                + " does not match "
                + channels
                + " channels of "
                + bytes
                + " bytes");
      }
      return new WavHeader(codec, enc, channels, rate, bytes, dataOffset, dataBytes);
    }
  }
}
