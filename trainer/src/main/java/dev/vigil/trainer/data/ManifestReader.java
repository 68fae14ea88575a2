package dev.vigil.trainer.data;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV manifest with a header: required {@code path,label}; optional {@code domain, split, source,
 * system, speaker, origin, language, license}. Paths are relative to the manifest's folder unless
 * absolute. The domain defaults to {@code source}, else the data set name.
 */
public final class ManifestReader {
  private ManifestReader() {}

  /**
   * Reads a manifest.
   *
   * @param manifest the CSV file
   * @param dataset the data set name to record
   * @return the clips
   * @throws IOException when the file cannot be read or lacks the {@code path} or {@code label}
   *     column
   */
  public static DataSet read(Path manifest, String dataset) throws IOException {
    Path base = manifest.toAbsolutePath().getParent();
    ClipCollector out = new ClipCollector();
    CSVFormat fmt =
        CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
    try (Reader r = Files.newBufferedReader(manifest, StandardCharsets.UTF_8);
        CSVParser p = CSVParser.parse(r, fmt)) {
      Map<String, Integer> header = p.getHeaderMap();
      if (!header.containsKey("path") || !header.containsKey("label")) {
        throw new IOException(
            manifest
                + ": header must name the columns 'path' and 'label' (found "
                + header.keySet()
                + ")");
      }
      for (CSVRecord rec : p) {
        int line = (int) rec.getRecordNumber() + 1;
        String path = get(rec, "path");
        String word = get(rec, "label");
        if (path.isEmpty() || Labels.parseOrNull(word) == null) {
          out.problem(
              manifest,
              line,
              "bad row (path '"
                  + path
                  + "', label '"
                  + word
                  + "'; valid"
                  + " labels: "
                  + Labels.VALID
                  + ")");
          continue;
        }
        String source = get(rec, "source");
        String domain = get(rec, "domain");
        if (domain.isEmpty()) {
          domain = source.isEmpty() ? dataset : source;
        }
        out.add(
            new Clip(
                base.resolve(path),
                Labels.parse(word),
                dataset,
                domain,
                get(rec, "split"),
                get(rec, "system"),
                get(rec, "speaker"),
                get(rec, "origin"),
                get(rec, "language"),
                get(rec, "license")));
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IOException(manifest + ": not a valid CSV manifest: " + e.getMessage(), e);
    }
    return out.build(dataset);
  }

  private static String get(CSVRecord rec, String column) {
    return rec.isMapped(column) && rec.isSet(column) ? rec.get(column).strip() : "";
  }
}
