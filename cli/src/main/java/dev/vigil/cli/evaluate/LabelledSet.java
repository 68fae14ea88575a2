package dev.vigil.cli.evaluate;

import dev.vigil.cli.common.CliException;
import dev.vigil.cli.scan.Candidate;
import dev.vigil.cli.scan.FileWalker;
import dev.vigil.cli.scan.WalkOptions;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Reads an evaluation set: a labelled folder or a CSV of {@code path,label[,source]}. */
final class LabelledSet {

  private LabelledSet() {}

  /**
   * The label of a folder name or CSV cell, or null when it names none. Genuine, bona fide,
   * bonafide, pristine and real mean bona fide; fake, spoof and generated mean spoof
   * (decisions.md).
   */
  static Boolean parseLabel(String s) {
    String t =
        s.strip().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(" ", "");
    return switch (t) {
      case "bonafide", "genuine", "pristine", "real" -> Boolean.FALSE;
      case "spoof", "fake", "generated" -> Boolean.TRUE;
      default -> null;
    };
  }

  /**
   * The files under {@code root}'s label folders ({@code bonafide/}, {@code spoof/} or their
   * synonyms), the next folder level naming the source. Folders of other names are ignored.
   */
  static List<LabelledFile> fromFolder(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new CliException(
          root + ": not a folder (--labels folder needs bonafide/ and spoof/ in it)");
    }
    List<LabelledFile> out = new ArrayList<>();
    List<Path> dirs = new ArrayList<>();
    try (var s = Files.list(root)) {
      s.filter(Files::isDirectory).sorted().forEach(dirs::add);
    }
    boolean any = false;
    for (Path d : dirs) {
      Boolean spoof = parseLabel(d.getFileName().toString());
      if (spoof == null) {
        continue;
      }
      any = true;
      FileWalker w = new FileWalker(List.of(d.toString()), null, WalkOptions.all());
      while (w.hasNext()) {
        Candidate c = w.next();
        if (c.error() != null) {
          throw new CliException(c.error());
        }
        String rel = c.relativePath();
        int slash = rel.indexOf('/');
        String source = slash > 0 ? rel.substring(0, slash) : "-";
        out.add(new LabelledFile(c.file(), c.displayPath(), spoof, source));
      }
    }
    if (!any) {
      throw new CliException(
          root + ": no label folders (expected bonafide/ and spoof/, or genuine/real and fake)");
    }
    return out;
  }

  /**
   * The rows of a CSV with a header naming {@code path} and {@code label} (and optionally {@code
   * source}); relative paths are taken relative to {@code base}. Rows whose label is neither class
   * (e.g. {@code noise}) are counted per label in {@code ignored} and left out.
   */
  static List<LabelledFile> fromCsv(Path csv, Path base, Map<String, Integer> ignored)
      throws IOException {
    List<LabelledFile> out = new ArrayList<>();
    CSVFormat f =
        CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
    try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
        CSVParser p = CSVParser.parse(r, f)) {
      var h = p.getHeaderMap();
      if (h == null || !h.containsKey("path") || !h.containsKey("label")) {
        throw new CliException(csv + ": needs a header row with path,label[,source] columns");
      }
      boolean hasSource = h.containsKey("source");
      for (CSVRecord rec : p) {
        String path = rec.get("path");
        String label = rec.get("label");
        Boolean spoof = parseLabel(label);
        if (spoof == null) {
          ignored.merge(label, 1, Integer::sum);
          continue;
        }
        Path file = base.resolve(path);
        String source = hasSource && !rec.get("source").isEmpty() ? rec.get("source") : "-";
        out.add(new LabelledFile(file, path, spoof, source));
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new CliException(csv + ": malformed CSV: " + e.getMessage(), e);
    }
    return out;
  }
}
