package dev.vigil.cli.scan;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Walks the scan's arguments lazily, depth first, each folder's entries in name order (so runs and
 * shards are reproducible): only the folders on the current path are held in memory, never the
 * whole file list. An argument {@code -} reads more arguments from a reader, one per line.
 *
 * <p>Arguments that name files are always taken (no filters, no media check). Inside folders:
 * hidden entries (name starting with a dot) are skipped unless {@code hidden}; symbolic links are
 * skipped unless {@code followLinks} (then folder cycles are cut); {@code excludes} drop files and
 * prune folders; {@code includes}, when given, keep only matching files; files that are not
 * audio/video ({@link MediaSniffer}) are skipped and counted; finally the shard keeps its files.
 */
public final class FileWalker implements Iterator<Candidate> {

  private final Iterator<String> roots;
  private final BufferedReader stdin;
  private final WalkOptions options;
  private final List<PathMatcher> includes;
  private final List<PathMatcher> excludes;
  private final Deque<Frame> stack = new ArrayDeque<>();
  private final Set<Object> activeDirs = new HashSet<>();
  private Candidate next;
  private boolean readingStdin;
  private long skippedNotMedia;
  private long skippedLinks;
  private long skippedOtherShard;
  private long skippedFiltered;

  /** One folder being walked. */
  private record Frame(String root, Path rootPath, Iterator<Path> entries, Object key) {}

  /**
   * @param arguments the scan's arguments (files, folders, or {@code -})
   * @param stdin where {@code -} reads paths from, or null
   * @param options filters and shard
   */
  public FileWalker(List<String> arguments, BufferedReader stdin, WalkOptions options) {
    this.roots = List.copyOf(arguments).iterator();
    this.stdin = stdin;
    this.options = options;
    this.includes = options.includeMatchers();
    this.excludes = options.excludeMatchers();
  }

  /** Files skipped as neither audio nor video. */
  public long skippedNotMedia() {
    return skippedNotMedia;
  }

  /** Symbolic links skipped (no {@code --follow-links}) or cut as cycles. */
  public long skippedLinks() {
    return skippedLinks;
  }

  /** Files left to other shards. */
  public long skippedOtherShard() {
    return skippedOtherShard;
  }

  /** Files dropped by {@code --include}/{@code --exclude}. */
  public long skippedFiltered() {
    return skippedFiltered;
  }

  @Override
  public boolean hasNext() {
    while (next == null) {
      if (!stack.isEmpty()) {
        stepFolder();
      } else {
        String root = nextRoot();
        if (root == null) {
          return false;
        }
        startRoot(root);
      }
    }
    return true;
  }

  @Override
  public Candidate next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Candidate c = next;
    next = null;
    return c;
  }

  private String nextRoot() {
    while (true) {
      if (readingStdin) {
        try {
          String line = stdin.readLine();
          if (line == null) {
            readingStdin = false;
            continue;
          }
          if (!line.isBlank()) {
            return line.strip();
          }
          continue;
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read paths from stdin: " + e.getMessage(), e);
        }
      }
      if (!roots.hasNext()) {
        return null;
      }
      String r = roots.next();
      if (r.equals("-")) {
        if (stdin == null) {
          throw new IllegalArgumentException("'-' given but no standard input to read paths from");
        }
        readingStdin = true;
        continue;
      }
      return r;
    }
  }

  private void startRoot(String root) {
    Path p = Path.of(root);
    if (Files.isDirectory(p)) {
      Object key = folderKey(p);
      pushFolder(root, p, p, key);
    } else if (Files.exists(p)) {
      String rel = slashes(root);
      offerShard(Candidate.of(p, root, rel));
    } else {
      next = new Candidate(p, root, slashes(root), root + ": no such file or folder");
    }
  }

  private void pushFolder(String root, Path rootPath, Path dir, Object key) {
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path e : ds) {
        entries.add(e);
      }
    } catch (IOException e) {
      String shown = display(root, rootPath, dir);
      next =
          new Candidate(
              dir,
              shown,
              slashes(rootPath.relativize(dir).toString()),
              shown + ": cannot list folder (" + reason(e) + ")");
      return;
    }
    entries.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    if (key != null) {
      activeDirs.add(key);
    }
    stack.push(new Frame(root, rootPath, entries.iterator(), key));
  }

  private void stepFolder() {
    Frame f = stack.peek();
    if (!f.entries().hasNext()) {
      stack.pop();
      if (f.key() != null) {
        activeDirs.remove(f.key());
      }
      return;
    }
    Path e = f.entries().next();
    String name = e.getFileName().toString();
    if (!options.hidden() && name.startsWith(".")) {
      return;
    }
    Path rel = f.rootPath().relativize(e);
    boolean link = Files.isSymbolicLink(e);
    if (link && !options.followLinks()) {
      skippedLinks++;
      return;
    }
    if (Files.isDirectory(e)) {
      if (WalkOptions.any(excludes, rel)) {
        return;
      }
      Object key = folderKey(e);
      if (key != null && activeDirs.contains(key)) {
        skippedLinks++; // a link back to a folder above: a cycle
        return;
      }
      pushFolder(f.root(), f.rootPath(), e, key);
      return;
    }
    if (!Files.isRegularFile(e)) {
      return; // broken link, fifo, socket, device
    }
    if (WalkOptions.any(excludes, rel)
        || (!includes.isEmpty() && !WalkOptions.any(includes, rel))) {
      skippedFiltered++;
      return;
    }
    if (!MediaSniffer.isMedia(e)) {
      skippedNotMedia++;
      return;
    }
    offerShard(Candidate.of(e, display(f.root(), f.rootPath(), e), slashes(rel.toString())));
  }

  private void offerShard(Candidate c) {
    if (options.shard() != null && !options.shard().contains(c.relativePath())) {
      skippedOtherShard++;
      return;
    }
    next = c;
  }

  private static String display(String root, Path rootPath, Path p) {
    String rel = rootPath.relativize(p).toString();
    if (rel.isEmpty()) {
      return root;
    }
    return root.endsWith("/") || root.endsWith(java.io.File.separator)
        ? root + rel
        : root + java.io.File.separator + rel;
  }

  private static Object folderKey(Path dir) {
    try {
      Object k =
          Files.readAttributes(dir, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
      return k != null ? k : dir.toRealPath().toString();
    } catch (IOException e) {
      return null;
    }
  }

  private static String slashes(String s) {
    return s.replace(java.io.File.separatorChar, '/');
  }

  private static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such folder";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
