package dev.vigil.cli.scan;

import java.nio.file.Path;

/**
 * A file the walk hands to the scan, or a place the walk could not read.
 *
 * @param file the file to open
 * @param displayPath how the file is named in results: its scan root argument joined with its
 *     relative path
 * @param relativePath the path relative to its scan root argument, {@code /}-separated (the root
 *     argument itself, as given, when the argument names a file); the shard key
 * @param error null, or why the walk could not read this path (a missing argument, a folder that
 *     cannot be listed): the scan reports it as a failed result
 */
public record Candidate(Path file, String displayPath, String relativePath, String error) {

  /** A file to score. */
  public static Candidate of(Path file, String displayPath, String relativePath) {
    return new Candidate(file, displayPath, relativePath, null);
  }
}
