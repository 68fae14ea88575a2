package dev.vigil.cli.scan;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * What the walk takes.
 *
 * @param includes glob patterns a walked file must match (one of them) when any are given
 * @param excludes glob patterns that drop a walked file or prune a folder
 * @param hidden take hidden files and folders (names starting with a dot)
 * @param followLinks follow symbolic links found while walking
 * @param shard the shard to keep, or null for all
 */
public record WalkOptions(
    List<String> includes,
    List<String> excludes,
    boolean hidden,
    boolean followLinks,
    Shard shard) {

  /** Copies; checks the patterns compile. */
  public WalkOptions {
    includes = List.copyOf(includes);
    excludes = List.copyOf(excludes);
    compile(includes);
    compile(excludes);
  }

  /** Everything, no filters. */
  public static WalkOptions all() {
    return new WalkOptions(List.of(), List.of(), false, false, null);
  }

  List<PathMatcher> includeMatchers() {
    return compile(includes);
  }

  List<PathMatcher> excludeMatchers() {
    return compile(excludes);
  }

  private static List<PathMatcher> compile(List<String> globs) {
    List<PathMatcher> out = new ArrayList<>();
    for (String g : globs) {
      try {
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + g);
        // a pattern without '/' matches the file name; with '/', the relative path
        out.add(g.contains("/") ? m : p -> m.matches(p.getFileName()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("bad glob '" + g + "': " + e.getMessage(), e);
      }
    }
    return out;
  }

  static boolean any(List<PathMatcher> ms, Path p) {
    for (PathMatcher m : ms) {
      if (m.matches(p)) {
        return true;
      }
    }
    return false;
  }
}
