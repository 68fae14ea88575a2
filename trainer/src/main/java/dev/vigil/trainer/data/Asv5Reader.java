package dev.vigil.trainer.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * ASVspoof 5: a whitespace-separated protocol ({@code .tsv}) whose 1st column is the speaker, 2nd
 * the file name (without {@code .flac}), 8th the attack label and 9th the key ({@code
 * bonafide}/{@code spoof}); audio in one folder.
 */
public final class Asv5Reader {
  private Asv5Reader() {}

  /**
   * Reads one protocol file.
   *
   * @param protocol the protocol file
   * @param audioDir the folder holding {@code <name>.flac}
   * @param split the split these files belong to ({@code train}, {@code dev}, {@code test})
   * @return the clips
   * @throws IOException when the protocol cannot be read
   */
  public static DataSet read(Path protocol, Path audioDir, String split) throws IOException {
    ClipCollector out = new ClipCollector();
    List<String> lines = Files.readAllLines(protocol, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split("\\s+");
      if (f.length < 9 || Labels.parseOrNull(f[8]) == null) {
        out.problem(protocol, i + 1, "expected at least 9 columns with the key in the 9th");
        continue;
      }
      String name = f[1].endsWith(".flac") ? f[1] : f[1] + ".flac";
      out.add(
          new Clip(
              audioDir.resolve(name),
              Labels.parse(f[8]),
              "asvspoof5",
              "asvspoof5",
              split,
              f[7],
              f[0],
              "",
              "en",
              "CC-BY-4.0"));
    }
    return out.build("asvspoof5");
  }
}
