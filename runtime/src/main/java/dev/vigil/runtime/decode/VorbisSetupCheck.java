package dev.vigil.runtime.decode;

/**
 * Walks the codebooks of a Vorbis setup header before JOrbis unpacks it. JOrbis allocates arrays
 * sized by each codebook's 24-bit entry count (and by entries × dimensions for lookup tables), and
 * an "ordered" codebook can claim 16 million entries in a few bits: 256 such books would exhaust
 * the heap. Real encoders use a few thousand entries per book; this caps the total.
 */
final class VorbisSetupCheck {
  /** The most codebook entries (and lookup values) all books of one stream may declare together. */
  static final long MAX_TOTAL_ENTRIES = 1L << 20;

  private final byte[] b;
  private final int end;
  private long bit;

  private VorbisSetupCheck(byte[] b, int start, int len) {
    this.b = b;
    this.end = Math.min(b.length, start + len);
    this.bit = 8L * start;
  }

  /**
   * Checks the setup header packet {@code b[start .. start+len)}.
   *
   * @return null when it is acceptable (or not a setup header: JOrbis refuses that itself), else
   *     what is wrong
   */
  static String check(byte[] b, int start, int len) {
    if (len < 8 || b[start] != 5) {
      return null;
    }
    VorbisSetupCheck c = new VorbisSetupCheck(b, start + 7, len - 7);
    return c.codebooks();
  }

  /** Reads n ≤ 32 bits LSB first; -1 past the end. */
  private long read(int n) {
    if (bit + n > 8L * end) {
      bit = 8L * end;
      return -1;
    }
    long v = 0;
    for (int i = 0; i < n; i++, bit++) {
      v |= (long) ((b[(int) (bit >>> 3)] >>> (bit & 7)) & 1) << i;
    }
    return v;
  }

  private static int ilog(long v) {
    return v <= 0 ? 0 : 64 - Long.numberOfLeadingZeros(v);
  }

  private String codebooks() {
    long count = read(8);
    if (count < 0) {
      return null;
    }
    long total = 0;
    for (long book = 0; book <= count; book++) {
      if (read(24) != 0x564342) {
        return null; // JOrbis reports the bad sync
      }
      long dims = read(16);
      long entries = read(24);
      if (dims < 0 || entries < 0) {
        return null;
      }
      total += entries;
      if (total > MAX_TOTAL_ENTRIES) {
        return "codebooks declare more than " + MAX_TOTAL_ENTRIES + " entries";
      }
      long ordered = read(1);
      if (ordered == 0) {
        long sparse = read(1);
        for (long e = 0; e < entries; e++) {
          if (sparse == 1 && read(1) != 1) {
            continue;
          }
          if (read(5) < 0) {
            return null;
          }
        }
      } else {
        read(5);
        long current = 0;
        while (current < entries) {
          long n = read(ilog(entries - current));
          if (n < 0) {
            return null;
          }
          current += n;
        }
        if (current > entries) {
          return null;
        }
      }
      long lookup = read(4);
      if (lookup == 1 || lookup == 2) {
        read(32);
        read(32);
        long valueBits = read(4) + 1;
        read(1);
        long values = lookup == 1 ? lookup1Values(entries, dims) : entries * dims;
        total += values;
        if (total > MAX_TOTAL_ENTRIES) {
          return "codebook lookup tables declare more than " + MAX_TOTAL_ENTRIES + " values";
        }
        if (bit + values * valueBits > 8L * end) {
          return null; // truncated: JOrbis reports it
        }
        bit += values * valueBits;
      } else if (lookup != 0) {
        return null;
      }
    }
    return null;
  }

  /** The largest r with r^dims ≤ entries (Vorbis I spec, lookup1_values). */
  private static long lookup1Values(long entries, long dims) {
    if (dims <= 0) {
      return 0;
    }
    long r = (long) Math.floor(Math.exp(Math.log(Math.max(entries, 1)) / dims));
    while (pow(r + 1, dims) <= entries) {
      r++;
    }
    while (r > 0 && pow(r, dims) > entries) {
      r--;
    }
    return r;
  }

  private static long pow(long base, long exp) {
    long v = 1;
    for (long i = 0; i < exp; i++) {
      v *= base;
      if (v > (1L << 40)) {
        return Long.MAX_VALUE;
      }
    }
    return v;
  }
}
