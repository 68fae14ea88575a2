package dev.vigil.trainer.data;

import dev.vigil.runtime.verdict.Label;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Folder-per-label layouts: {@code <root>/bonafide/**} and {@code <root>/spoof/**} (any label word
 * of {@link Labels} as the folder name, e.g. {@code real}/{@code fake}), and Fake-or-Real's {@code
 * <root>/{training,validation,testing}/{real,fake}/*}.
 */
public final class FolderReader {
  /** File name endings taken as audio. */
  public static final List<String> AUDIO_EXTENSIONS =
      List.of(".wav", ".flac", ".mp3", ".ogg", ".opus", ".m4a", ".aac", ".au", ".aiff");

  private FolderReader() {}

  /**
   * Reads a folder-per-label tree (files below each label folder, recursively, sorted by path).
   *
   * @param root the folder holding the label folders
   * @param dataset the data set name to record
   * @param split the split to record (may be empty)
   * @return the clips; the first folder below the label folder, if any, is the system
   * @throws IOException when the tree cannot be listed
   */
  public static DataSet read(Path root, String dataset, String split) throws IOException {
    ClipCollector out = new ClipCollector();
    addLabelFolders(root, dataset, split, out);
    return out.build(dataset);
  }

  /**
   * Reads Fake-or-Real: {@code training}, {@code validation}, {@code testing} map to the splits
   * {@code train}, {@code dev}, {@code test}.
   *
   * @param root e.g. {@code for-original-wav}
   * @return the clips of every split found
   * @throws IOException when the tree cannot be listed
   */
  public static DataSet readFakeOrReal(Path root) throws IOException {
    ClipCollector out = new ClipCollector();
    String[][] parts = {{"training", "train"}, {"validation", "dev"}, {"testing", "test"}};
    boolean any = false;
    for (String[] p : parts) {
      Path dir = root.resolve(p[0]);
      if (Files.isDirectory(dir)) {
        any = true;
        addLabelFolders(dir, "fake_or_real", p[1], out);
      }
    }
    if (!any) {
      throw new IOException(
          root + ": no Fake-or-Real split folder (expected training, validation or testing)");
    }
    return out.build("fake_or_real");
  }

  private static void addLabelFolders(Path root, String dataset, String split, ClipCollector out)
      throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IOException(root + ": not a folder");
    }
    boolean any = false;
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path d : dirs.sorted().toList()) {
        Label label = Labels.parseOrNull(d.getFileName().toString());
        if (label == null || !Files.isDirectory(d)) {
          continue;
        }
        any = true;
        try (Stream<Path> files = Files.walk(d)) {
          for (Path f : files.filter(FolderReader::isAudio).sorted().toList()) {
            Path rel = d.relativize(f);
            String system = rel.getNameCount() > 1 ? rel.getName(0).toString() : "";
            out.add(new Clip(f, label, dataset, dataset, split, system, "", "", "", ""));
          }
        }
      }
    }
    if (!any) {
      throw new IOException(
          root + ": no label folder (expected bonafide/ and spoof/, or real/" + " and fake/)");
    }
  }

  static boolean isAudio(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return AUDIO_EXTENSIONS.stream().anyMatch(n::endsWith);
  }
}
