package dev.vigil.spark;

/**
 * One input row: the file's path on a Hadoop file system, its size and modification time when the
 * listing gave them (-1 when not), and its bytes when the row carries them (Spark's {@code
 * binaryFile} rows), else null.
 */
record InputFile(String path, long size, long mtimeMillis, byte[] content) {

  /** The same file with the size and modification time a file status gave. */
  InputFile withStatus(long size, long mtimeMillis) {
    return new InputFile(path, size, mtimeMillis, content);
  }
}
