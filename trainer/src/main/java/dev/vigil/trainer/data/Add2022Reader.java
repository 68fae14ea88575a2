package dev.vigil.trainer.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * ADD 2022: a label file of lines {@code <file name> genuine|fake} and an audio folder, e.g. {@code
 * ADD_train_dev/label/train_label.txt} with {@code ADD_train_dev/train/}.
 */
public final class Add2022Reader {
  private Add2022Reader() {}

  /**
   * Reads one label file.
   *
   * @param labelFile the label file
   * @param audioDir the folder the file names are relative to
   * @param split the split ({@code train}, {@code dev}, {@code test})
   * @return the clips
   * @throws IOException when the label file cannot be read
   */
  public static DataSet read(Path labelFile, Path audioDir, String split) throws IOException {
    ClipCollector out = new ClipCollector();
    List<String> lines = Files.readAllLines(labelFile, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split("\\s+");
      if (f.length < 2 || Labels.parseOrNull(f[1]) == null) {
        out.problem(labelFile, i + 1, "expected '<file> genuine|fake'");
        continue;
      }
      out.add(
          new Clip(
              audioDir.resolve(f[0]),
              Labels.parse(f[1]),
              "add2022",
              "add2022",
              split,
              "",
              "",
              "",
              "zh",
              ""));
    }
    return out.build("add2022");
  }
}
