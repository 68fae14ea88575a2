package dev.vigil.spark;

import dev.vigil.runtime.verdict.VerdictJson;
import java.io.Serializable;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Where an input row keeps what a scan reads: a {@code path} string column (required), a size
 * ({@code length} as {@code binaryFile} and {@link VigilSpark#listInputs} name it, or {@code
 * file_size_bytes}), a modification time ({@code modificationTime}, a timestamp, or {@code
 * file_mtime_ms}, ms since the epoch) and the bytes ({@code content}, binary); all but the path are
 * optional. Found once on the driver, by name.
 *
 * @param path index of the path column
 * @param size index of the size column, or -1
 * @param mtime index of the modification time column, or -1
 * @param content index of the bytes column, or -1
 */
record InputColumns(int path, int size, int mtime, int content) implements Serializable {

  /** The path column's name. */
  static final String PATH = "path";

  /**
   * The columns of {@code schema}.
   *
   * @throws IllegalArgumentException without a string {@code path} column
   */
  static InputColumns of(StructType schema) {
    String[] names = schema.fieldNames();
    int path = Arrays.asList(names).indexOf(PATH);
    if (path < 0 || !schema.fields()[path].dataType().equals(DataTypes.StringType)) {
      throw new IllegalArgumentException(
          "inputs need a string column 'path'; they have " + schema.simpleString());
    }
    return new InputColumns(
        path,
        first(names, "length", VerdictJson.FILE_SIZE_BYTES),
        first(names, "modificationTime", VerdictJson.FILE_MTIME_MS),
        Arrays.asList(names).indexOf("content"));
  }

  private static int first(String[] names, String a, String b) {
    int i = Arrays.asList(names).indexOf(a);
    return i >= 0 ? i : Arrays.asList(names).indexOf(b);
  }

  /** The input a row describes. */
  InputFile read(Row r) {
    return new InputFile(
        r.getString(path),
        size < 0 || r.isNullAt(size) ? -1 : ((Number) r.get(size)).longValue(),
        mtime < 0 || r.isNullAt(mtime) ? -1 : millis(r.get(mtime)),
        content < 0 || r.isNullAt(content) ? null : (byte[]) r.get(content));
  }

  private static long millis(Object o) {
    if (o instanceof Timestamp t) {
      return t.getTime();
    }
    if (o instanceof Instant i) {
      return i.toEpochMilli();
    }
    return ((Number) o).longValue();
  }
}
