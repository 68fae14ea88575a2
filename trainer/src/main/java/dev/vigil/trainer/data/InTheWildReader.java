package dev.vigil.trainer.data;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * In-the-Wild: {@code meta.csv} with the header {@code file,speaker,label} (labels {@code
 * bona-fide}/{@code spoof}); the audio next to it, or in {@code wavs/}. The release has no split:
 * read it unsplit and apply {@link Splits}.
 */
public final class InTheWildReader {
  private InTheWildReader() {}

  /**
   * Reads the release folder.
   *
   * @param root the folder holding {@code meta.csv}
   * @return the clips, split empty; speaker and origin set to the speaker
   * @throws IOException when {@code meta.csv} cannot be read
   */
  public static DataSet read(Path root) throws IOException {
    Path meta = root.resolve("meta.csv");
    Path audio = Files.isDirectory(root.resolve("wavs")) ? root.resolve("wavs") : root;
    ClipCollector out = new ClipCollector();
    CSVFormat fmt =
        CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
    try (Reader r = Files.newBufferedReader(meta, StandardCharsets.UTF_8);
        CSVParser p = CSVParser.parse(r, fmt)) {
      if (!p.getHeaderMap().keySet().containsAll(List.of("file", "speaker", "label"))) {
        throw new IOException(meta + ": header must be file,speaker,label");
      }
      List<CSVRecord> rows = new ArrayList<>(p.getRecords());
      for (CSVRecord rec : rows) {
        String word = rec.get("label");
        if (Labels.parseOrNull(word) == null) {
          out.problem(meta, (int) rec.getRecordNumber() + 1, "unknown label '" + word + "'");
          continue;
        }
        out.add(
            new Clip(
                audio.resolve(rec.get("file")),
                Labels.parse(word),
                "in_the_wild",
                "in_the_wild",
                "",
                "",
                rec.get("speaker"),
                "",
                "en",
                ""));
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IOException(meta + ": not a valid meta.csv: " + e.getMessage(), e);
    }
    return out.build("in_the_wild");
  }
}
