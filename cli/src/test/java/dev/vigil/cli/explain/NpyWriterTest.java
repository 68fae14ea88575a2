package dev.vigil.cli.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyWriterTest {

  @TempDir Path dir;

  @Test
  void headerAndDataFollowTheNpyFormat() throws Exception {
    Path f = dir.resolve("a.npy");
    float[] data = {9f, 1f, 2f, 3f, 4f, 5f, 6f};
    NpyWriter.write(f, data, 1, 1, 2, 3);
    byte[] b = Files.readAllBytes(f);
    assertEquals((byte) 0x93, b[0]);
    assertEquals("NUMPY", new String(b, 1, 5, StandardCharsets.US_ASCII));
    assertEquals(1, b[6]);
    int hlen = (b[8] & 0xff) | (b[9] & 0xff) << 8;
    assertEquals(0, (10 + hlen) % 64);
    String header = new String(b, 10, hlen, StandardCharsets.US_ASCII);
    assertTrue(
        header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2, 3), }"),
        header);
    assertTrue(header.endsWith("\n"));
    ByteBuffer body =
        ByteBuffer.wrap(b, 10 + hlen, b.length - 10 - hlen).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(6 * 4, body.remaining());
    for (int i = 1; i <= 6; i++) {
      assertEquals(i, body.getFloat(), 0);
    }
  }

  @Test
  void oneDimensionHasATrailingComma() throws Exception {
    Path f = dir.resolve("b.npy");
    NpyWriter.write(f, new float[5], 0, 5);
    String all = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
    assertTrue(all.contains("'shape': (5,)"), all);
    assertThrows(IllegalArgumentException.class, () -> NpyWriter.write(f, new float[3], 0, 4));
  }
}
