package dev.vigil.cli.scan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.cli.common.CliException;
import dev.vigil.runtime.verdict.VerdictJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Opens a scan's output file for writing, fresh or resumed. A fresh scan writes the sidecar {@code
 * OUTPUT.vigil-scan.json} ({@link ScanHeader}) and truncates the output. A resumed scan checks the
 * sidecar against this run, cuts a half-written last line (a run killed mid-write), and collects
 * the {@link FileKey}s of the finished files so that they are skipped.
 */
final class ResumeState {

  /** Suffix of the sidecar next to the output. */
  static final String SIDECAR_SUFFIX = ".vigil-scan.json";

  final Set<FileKey> done;
  final boolean needsHeader;
  final Writer writer;

  private ResumeState(Set<FileKey> done, boolean needsHeader, Writer writer) {
    this.done = done;
    this.needsHeader = needsHeader;
    this.writer = writer;
  }

  static Path sidecar(Path output) {
    return output.resolveSibling(output.getFileName() + SIDECAR_SUFFIX);
  }

  /**
   * Prepares {@code output}.
   *
   * @throws CliException when resuming into an output written with other settings, or without a
   *     sidecar
   */
  static ResumeState open(Path output, ScanHeader header, boolean resume) throws IOException {
    Path side = sidecar(output);
    boolean hasData = Files.exists(output) && Files.size(output) > 0;
    if (!resume || !hasData) {
      writeSidecar(side, header);
      Writer w =
          Files.newBufferedWriter(
              output,
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE);
      return new ResumeState(new HashSet<>(), true, w);
    }
    if (!Files.exists(side)) {
      throw new CliException(
          output
              + ": cannot resume: its sidecar "
              + side.getFileName()
              + " is missing, so the model, threshold and hop it was written with are unknown");
    }
    ScanHeader old;
    try {
      old = ScanHeader.fromJson(VerdictJson.mapper().readTree(side.toFile()));
    } catch (IOException | IllegalArgumentException e) {
      throw new CliException(side + ": cannot read the resume sidecar: " + e.getMessage(), e);
    }
    String why = header.mismatch(old);
    if (why != null) {
      throw new CliException(
          output
              + ": cannot resume: it was written with "
              + why
              + "; use another --output or drop --resume");
    }
    repairLastLine(output);
    Set<FileKey> done = new HashSet<>();
    boolean needsHeader;
    try (Reader r = Files.newBufferedReader(output, StandardCharsets.UTF_8)) {
      needsHeader =
          header.format().equals("csv") ? readCsv(r, done, output) : readJsonl(r, done, output);
    }
    Writer w =
        Files.newBufferedWriter(
            output, StandardCharsets.UTF_8, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    return new ResumeState(done, needsHeader, w);
  }

  private static void writeSidecar(Path side, ScanHeader header) throws IOException {
    Path tmp = side.resolveSibling(side.getFileName() + ".tmp");
    Files.writeString(tmp, VerdictJson.toLine(header.toJson()) + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, side, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Cuts everything after the last line break (a line the killed run did not finish). */
  static void repairLastLine(Path output) throws IOException {
    try (FileChannel ch =
        FileChannel.open(output, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      ByteBuffer buf = ByteBuffer.allocate(8192);
      long end = size;
      while (end > 0) {
        long start = Math.max(0, end - buf.capacity());
        buf.clear().limit((int) (end - start));
        ch.read(buf, start);
        for (int i = (int) (end - start) - 1; i >= 0; i--) {
          if (buf.get(i) == '\n') {
            long keep = start + i + 1;
            if (keep < size) {
              ch.truncate(keep);
            }
            return;
          }
        }
        end = start;
      }
      ch.truncate(0);
    }
  }

  private static boolean readJsonl(Reader r, Set<FileKey> done, Path output) throws IOException {
    BufferedReader br = new BufferedReader(r);
    String line;
    long n = 0;
    while ((line = br.readLine()) != null) {
      n++;
      if (line.isBlank()) {
        continue;
      }
      JsonNode o;
      try {
        o = VerdictJson.mapper().readTree(line);
      } catch (IOException e) {
        throw new CliException(output + ": line " + n + " is not JSON; cannot resume from it", e);
      }
      add(
          done,
          o.path(VerdictJson.PATH),
          o.path(VerdictJson.FILE_SIZE_BYTES),
          o.path(VerdictJson.FILE_MTIME_MS));
    }
    return false;
  }

  private static boolean readCsv(Reader r, Set<FileKey> done, Path output) throws IOException {
    CSVFormat f = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
    try (CSVParser p = CSVParser.parse(r, f)) {
      if (p.getHeaderMap() == null || p.getHeaderMap().isEmpty()) {
        return true;
      }
      if (!p.getHeaderMap().containsKey(VerdictJson.PATH)
          || !p.getHeaderMap().containsKey(VerdictJson.FILE_SIZE_BYTES)) {
        throw new CliException(output + ": not a vigil scan CSV (no path/file_size_bytes columns)");
      }
      for (CSVRecord rec : p) {
        String size = rec.get(VerdictJson.FILE_SIZE_BYTES);
        String mtime = rec.get(VerdictJson.FILE_MTIME_MS);
        done.add(
            new FileKey(
                rec.get(VerdictJson.PATH),
                size.isEmpty() ? -1 : Long.parseLong(size),
                mtime.isEmpty() ? -1 : Long.parseLong(mtime)));
      }
    } catch (NumberFormatException | IllegalStateException e) {
      throw new CliException(
          output + ": malformed CSV row; cannot resume from it: " + e.getMessage(), e);
    }
    return false;
  }

  private static void add(Set<FileKey> done, JsonNode path, JsonNode size, JsonNode mtime) {
    if (path.isTextual()) {
      done.add(
          new FileKey(
              path.asText(),
              size.isNumber() ? size.asLong() : -1,
              mtime.isNumber() ? mtime.asLong() : -1));
    }
  }
}
