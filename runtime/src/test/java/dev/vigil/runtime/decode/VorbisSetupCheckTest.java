package dev.vigil.runtime.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VorbisSetupCheckTest {

  /** Packs values LSB first, as Vorbis does. */
  private static final class Bits {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int cur;
    private int n;

    Bits put(long v, int bits) {
      for (int i = 0; i < bits; i++) {
        cur |= (int) ((v >>> i) & 1) << n;
        if (++n == 8) {
          out.write(cur);
          cur = 0;
          n = 0;
        }
      }
      return this;
    }

    byte[] packet() {
      if (n > 0) {
        out.write(cur);
      }
      byte[] body = out.toByteArray();
      byte[] p = new byte[7 + body.length];
      p[0] = 5;
      System.arraycopy("vorbis".getBytes(StandardCharsets.US_ASCII), 0, p, 1, 6);
      System.arraycopy(body, 0, p, 7, body.length);
      return p;
    }
  }

  private static Bits orderedBook(Bits b, long entries) {
    b.put(0x564342, 24).put(1, 16).put(entries, 24).put(1, 1).put(0, 5);
    long current = 0;
    while (current < entries) {
      long n = entries - current; // one run holds all remaining entries
      b.put(n, 64 - Long.numberOfLeadingZeros(entries - current));
      current += n;
    }
    return b.put(0, 4); // no lookup table
  }

  @Test
  void hugeOrderedCodebooksAreRefusedBeforeJorbisAllocates() {
    Bits b = new Bits().put(1, 8); // two books
    orderedBook(b, 0xFFFFFF);
    orderedBook(b, 0xFFFFFF);
    byte[] p = b.packet();
    assertEquals(
        "codebooks declare more than " + VorbisSetupCheck.MAX_TOTAL_ENTRIES + " entries",
        VorbisSetupCheck.check(p, 0, p.length));
  }

  @Test
  void ordinaryCodebooksPass() {
    Bits b = new Bits().put(2, 8); // three books
    for (int i = 0; i < 3; i++) {
      orderedBook(b, 1024);
    }
    byte[] p = b.packet();
    assertNull(VorbisSetupCheck.check(p, 0, p.length));
  }

  @Test
  void lookupTablesCountTowardsTheCap() {
    Bits b = new Bits().put(0, 8);
    b.put(0x564342, 24).put(64, 16).put(1 << 16, 24).put(1, 1).put(0, 5).put(1 << 16, 17);
    b.put(2, 4).put(0, 32).put(0, 32).put(0, 4).put(0, 1); // lookup type 2: 64 * 65536 values
    byte[] p = b.packet();
    assertEquals(
        "codebook lookup tables declare more than "
            + VorbisSetupCheck.MAX_TOTAL_ENTRIES
            + " values",
        VorbisSetupCheck.check(p, 0, p.length));
  }
}
