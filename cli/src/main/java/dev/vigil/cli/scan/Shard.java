package dev.vigil.cli.scan;

import java.nio.charset.StandardCharsets;

/**
 * One shard of a scan, {@code --shard K/N}: a file belongs to shard K when the 64-bit FNV-1a hash
 * of its path relative to its scan root argument ({@code /}-separated, UTF-8), taken unsigned
 * modulo N, equals K. K is 0-based: {@code 0/4, 1/4, 2/4, 3/4} together cover every file once.
 *
 * @param index K, in [0, N)
 * @param count N, &gt;= 1
 */
public record Shard(int index, int count) {

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  /** Validates. */
  public Shard {
    if (count < 1 || index < 0 || index >= count) {
      throw new IllegalArgumentException(
          "shard must be K/N with N >= 1 and 0 <= K < N (K is 0-based), got "
              + index
              + "/"
              + count);
    }
  }

  /**
   * Parses {@code K/N}.
   *
   * @throws IllegalArgumentException naming the valid form
   */
  public static Shard parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException(
          "shard must be K/N with 0 <= K < N (K is 0-based), got '" + text + "'");
    }
    try {
      return new Shard(
          Integer.parseInt(text.substring(0, slash).strip()),
          Integer.parseInt(text.substring(slash + 1).strip()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "shard must be K/N with 0 <= K < N (K is 0-based), got '" + text + "'", e);
    }
  }

  /** True when the file with this relative path belongs to this shard. */
  public boolean contains(String relativePath) {
    return Long.remainderUnsigned(fnv1a64(relativePath), count) == index;
  }

  /** The 64-bit FNV-1a hash of the string's UTF-8 bytes. */
  public static long fnv1a64(String s) {
    long h = FNV_OFFSET;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= FNV_PRIME;
    }
    return h;
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
