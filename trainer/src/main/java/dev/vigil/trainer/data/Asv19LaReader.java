package dev.vigil.trainer.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * ASVspoof 2019 LA: protocol {@code ASVspoof2019_LA_cm_protocols/ASVspoof2019.LA.cm.<part>.txt}
 * with lines {@code SPEAKER UTT - SYSTEM KEY}, audio in {@code ASVspoof2019_LA_<part>/flac/}.
 */
public final class Asv19LaReader {
  private Asv19LaReader() {}

  /**
   * Reads one part.
   *
   * @param laRoot the {@code LA} folder
   * @param part {@code train}, {@code dev} or {@code eval}
   * @return the clips; their split is {@code train}, {@code dev} or {@code test}
   * @throws IOException when the protocol file cannot be read
   */
  public static DataSet read(Path laRoot, String part) throws IOException {
    String suffix =
        switch (part) {
          case "train" -> "train.trn";
          case "dev" -> "dev.trl";
          case "eval" -> "eval.trl";
          default ->
              throw new IllegalArgumentException(
                  "unknown ASVspoof 2019 part '" + part + "' (valid: train, dev, eval)");
        };
    Path protocol =
        laRoot
            .resolve("ASVspoof2019_LA_cm_protocols")
            .resolve("ASVspoof2019.LA.cm." + suffix + ".txt");
    Path audio = laRoot.resolve("ASVspoof2019_LA_" + part).resolve("flac");
    String split = "eval".equals(part) ? "test" : part;
    ClipCollector out = new ClipCollector();
    List<String> lines = Files.readAllLines(protocol, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split("\\s+");
      if (f.length < 5 || Labels.parseOrNull(f[4]) == null) {
        out.problem(protocol, i + 1, "expected 'SPEAKER UTT - SYSTEM bonafide|spoof'");
        continue;
      }
      out.add(
          new Clip(
              audio.resolve(f[1] + ".flac"),
              Labels.parse(f[4]),
              "asvspoof2019_la",
              "asvspoof2019_la",
              split,
              f[3],
              f[0],
              "",
              "en",
              "ODC-By-1.0"));
    }
    return out.build("asvspoof2019_la");
  }
}
