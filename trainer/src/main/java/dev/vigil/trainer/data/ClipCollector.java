package dev.vigil.trainer.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Collects clips for a reader, skipping (and recording) files that are missing or unreadable. */
final class ClipCollector {
  private final List<Clip> clips = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();

  /** Adds the clip when its file is a readable regular file, else records the problem. */
  void add(Clip c) {
    Path p = c.path();
    if (!Files.exists(p)) {
      problems.add(p + ": missing file");
    } else if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
      problems.add(p + ": unreadable file");
    } else {
      clips.add(c);
    }
  }

  /** Records a problem with a line of an index file. */
  void problem(Path file, int line, String what) {
    problems.add(file + ":" + line + ": " + what);
  }

  DataSet build(String name) {
    return new DataSet(name, clips, problems);
  }
}
