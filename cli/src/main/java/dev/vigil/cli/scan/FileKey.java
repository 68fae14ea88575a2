package dev.vigil.cli.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What {@code --resume} keys a finished file by: its path as shown in results, its size and its
 * modification time. A file changed since it was scanned is scanned again.
 *
 * @param path the result's {@code path}
 * @param size bytes
 * @param mtimeMillis modification time, ms since the epoch
 */
record FileKey(String path, long size, long mtimeMillis) {

  /** The key of a file now, or null when its attributes cannot be read. */
  static FileKey of(String path, Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return new FileKey(path, a.size(), a.lastModifiedTime().toMillis());
    } catch (IOException e) {
      return null;
    }
  }
}
