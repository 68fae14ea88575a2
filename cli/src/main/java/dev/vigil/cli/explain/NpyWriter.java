package dev.vigil.cli.explain;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes float32 arrays as NumPy {@code .npy} files (format version 1.0, little-endian {@code <f4},
 * C order), readable with {@code numpy.load}.
 */
public final class NpyWriter {

  private NpyWriter() {}

  /**
   * Writes {@code data[offset .. offset + product(shape))} with the given shape.
   *
   * @throws IllegalArgumentException when the shape does not fit the data
   */
  public static void write(Path file, float[] data, int offset, int... shape) throws IOException {
    long n = 1;
    StringBuilder dims = new StringBuilder();
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension " + d);
      }
      n *= d;
      dims.append(d).append(", ");
    }
    if (shape.length > 1) {
      dims.setLength(dims.length() - 2);
    } else if (shape.length == 1) {
      dims.setLength(dims.length() - 1); // keep the trailing comma: (n,)
    }
    if (offset < 0 || offset + n > data.length) {
      throw new IllegalArgumentException(
          "shape needs " + n + " floats from " + offset + ", array has " + data.length);
    }
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
    // magic (6) + version (2) + header length (2) + header, padded with spaces to a multiple of
    // 64 and ended by a newline
    int unpadded = 10 + dict.length() + 1;
    int total = (unpadded + 63) / 64 * 64;
    StringBuilder header = new StringBuilder(dict);
    while (10 + header.length() + 1 < total) {
      header.append(' ');
    }
    header.append('\n');
    byte[] h = header.toString().getBytes(StandardCharsets.US_ASCII);
    ByteBuffer pre = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
    pre.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII));
    pre.put((byte) 1).put((byte) 0).putShort((short) h.length);
    ByteBuffer body = ByteBuffer.allocate((int) n * 4).order(ByteOrder.LITTLE_ENDIAN);
    body.asFloatBuffer().put(data, offset, (int) n);
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(pre.array());
      out.write(h);
      out.write(body.array());
    }
  }
}
