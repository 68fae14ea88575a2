package dev.vigil.trainer.vocode;

import dev.vigil.runtime.decode.DecodeOptions;
import dev.vigil.runtime.verdict.Label;
import dev.vigil.trainer.audio.ClipAudio;
import dev.vigil.trainer.data.DemoData;
import dev.vigil.trainer.data.Labels;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Renders copy-synthesis of the bona fide rows of a kit manifest: each selected method's copy of
 * each clip as 16-bit WAV at {@code OUT/<method>/<the row's path, extension .wav>}, and {@code
 * OUT/manifest.csv} ({@link #COLUMNS}) with label spoof, source {@code copysynth-<method>}, system
 * {@code <method>}, the real clip's language, speaker and origin, its licence with {@link
 * #LICENSE_NOTE} appended, and its path as {@code twin}. Rows follow the kit's order and every copy
 * is seeded by (seed, method, path), so the output does not depend on the thread count. Copies
 * already on disk are kept and listed, so a stopped run resumes.
 */
public final class CopySynthRenderer {
  /** The columns of the manifest written. */
  public static final List<String> COLUMNS =
      List.of(
          "path", "label", "source", "system", "language", "speaker", "origin", "license", "twin");

  /** Appended to the real clip's licence. */
  public static final String LICENSE_NOTE = "copy-synthesis by vigil-train";

  /**
   * What a run did.
   *
   * @param clips bona fide rows in the kit
   * @param written copies rendered now
   * @param existing copies found already on disk
   * @param skipped clips reported and skipped (not decodable, too short, a name taken twice)
   * @param rows rows of the manifest written
   * @param seconds wall time
   */
  public record Summary(
      int clips, int written, int existing, int skipped, int rows, double seconds) {}

  private record Row(String path, Map<String, String> columns) {
    String get(String column) {
      return columns.getOrDefault(column, "");
    }
  }

  private record Done(List<CopySynthesis.Method> present, int written, String problem) {}

  private final List<CopySynthesis.Method> methods;
  private final long seed;
  private final int threads;

  /**
   * @param methods the methods to render
   * @param seed the run's seed
   * @param threads worker threads (at least 1)
   */
  public CopySynthRenderer(List<CopySynthesis.Method> methods, long seed, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    this.methods = List.copyOf(methods);
    this.seed = seed;
    this.threads = threads;
  }

  /**
   * Renders every bona fide row of {@code kit} into {@code outDir}; a row that cannot be decoded or
   * rendered is reported on stderr with its path and skipped.
   *
   * @param kit the kit manifest (CSV with a header naming at least {@code path} and {@code label})
   * @param outDir the output folder
   * @return what was done; the manifest is not written when it would be empty
   * @throws IOException when the kit cannot be read, has no bona fide row, or the output cannot be
   *     written
   */
  public Summary render(Path kit, Path outDir) throws IOException {
    long t0 = System.nanoTime();
    List<Row> rows = read(kit);
    if (rows.isEmpty()) {
      throw new IOException(kit + ": no bona fide rows");
    }
    Path base = kit.toAbsolutePath().getParent();
    Files.createDirectories(outDir);
    ThreadLocal<Vocoder[]> vocoders =
        ThreadLocal.withInitial(
            () -> methods.stream().map(CopySynthesis.Method::create).toArray(Vocoder[]::new));
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "copysynth");
              t.setDaemon(true);
              return t;
            });
    List<Future<Done>> futures = new ArrayList<>();
    Set<String> names = new HashSet<>();
    try {
      for (Row row : rows) {
        String name = wavName(row.path());
        if (!names.add(name)) {
          futures.add(
              CompletableFuture.completedFuture(
                  new Done(
                      List.of(), 0, "its copy's name " + name + " is taken by an earlier row")));
          continue;
        }
        futures.add(pool.submit(() -> render(row, base.resolve(row.path()), outDir, vocoders)));
      }
      List<String[]> manifest = new ArrayList<>();
      int written = 0;
      int existing = 0;
      int skipped = 0;
      for (int i = 0; i < rows.size(); i++) {
        Row row = rows.get(i);
        Done d = get(futures.get(i));
        if (d.problem() != null) {
          System.err.println("skipped " + row.path() + ": " + d.problem());
          skipped++;
        }
        written += d.written();
        existing += d.present().size() - d.written();
        for (CopySynthesis.Method m : d.present()) {
          manifest.add(manifestRow(row, m));
        }
      }
      if (!manifest.isEmpty()) {
        writeManifest(outDir.resolve("manifest.csv"), manifest);
      }
      return new Summary(
          rows.size(), written, existing, skipped, manifest.size(), (System.nanoTime() - t0) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }

  private Done render(Row row, Path file, Path outDir, ThreadLocal<Vocoder[]> vocoders)
      throws IOException {
    List<CopySynthesis.Method> present = new ArrayList<>();
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < methods.size(); i++) {
      if (Files.isRegularFile(outDir.resolve(relative(methods.get(i), row.path())))) {
        present.add(methods.get(i));
      } else {
        missing.add(i);
      }
    }
    if (missing.isEmpty()) {
      return new Done(present, 0, null);
    }
    float[] x;
    try {
      x = ClipAudio.load(file, DecodeOptions.defaults());
    } catch (IOException | RuntimeException e) {
      return new Done(present, 0, oneLine(e));
    }
    int written = 0;
    String problem = null;
    for (int i : missing) {
      CopySynthesis.Method m = methods.get(i);
      float[] y;
      try {
        y = vocoders.get()[i].render(x, CopySynthesis.seed(seed, m.name(), row.path()));
      } catch (IllegalArgumentException | IllegalStateException e) {
        problem = m.name() + ": " + oneLine(e);
        continue;
      }
      Path out = outDir.resolve(relative(m, row.path()));
      Files.createDirectories(out.getParent());
      Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
      DemoData.writeWav(tmp, y);
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      present.add(m);
      written++;
    }
    present.sort((a, b) -> Integer.compare(methods.indexOf(a), methods.indexOf(b)));
    return new Done(present, written, problem);
  }

  private static Done get(Future<Done> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      if (c instanceof RuntimeException re) {
        throw re;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IOException(c);
    }
  }

  private static List<Row> read(Path kit) throws IOException {
    if (!Files.isRegularFile(kit)) {
      throw new IOException(kit + ": no such file");
    }
    CSVFormat fmt =
        CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
    List<Row> rows = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(kit, StandardCharsets.UTF_8);
        CSVParser p = CSVParser.parse(r, fmt)) {
      if (!p.getHeaderMap().containsKey("path") || !p.getHeaderMap().containsKey("label")) {
        throw new IOException(
            kit
                + ": header must name the columns 'path' and 'label' (found "
                + p.getHeaderMap().keySet()
                + ")");
      }
      for (CSVRecord rec : p) {
        Map<String, String> columns = rec.toMap();
        String path = columns.getOrDefault("path", "").strip();
        if (!path.isEmpty() && Labels.parseOrNull(columns.get("label")) == Label.BONAFIDE) {
          rows.add(new Row(path, columns));
        }
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IOException(kit + ": not a valid CSV manifest: " + e.getMessage(), e);
    }
    return rows;
  }

  private static String[] manifestRow(Row row, CopySynthesis.Method m) {
    String license = row.get("license").strip();
    return new String[] {
      relative(m, row.path()),
      "spoof",
      "copysynth-" + m.name(),
      m.name(),
      row.get("language"),
      row.get("speaker"),
      row.get("origin"),
      license.isEmpty() ? LICENSE_NOTE : license + "; " + LICENSE_NOTE,
      row.path()
    };
  }

  private static void writeManifest(Path file, List<String[]> rows) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      w.write(String.join(",", COLUMNS) + "\n");
      for (String[] r : rows) {
        List<String> fields = new ArrayList<>();
        for (String v : r) {
          fields.add(csv(v));
        }
        w.write(String.join(",", fields) + "\n");
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** A CSV field, quoted when it holds a comma, quote or line break. */
  static String csv(String s) {
    return s.matches("(?s).*[,\"\r\n].*") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  /** {@code <method>/<path as .wav>}, relative to the output folder. */
  static String relative(CopySynthesis.Method m, String path) {
    return m.name() + "/" + wavName(path);
  }

  /**
   * The path with its extension replaced by {@code .wav}, made relative: separators as '/', a root
   * and '.' dropped, '..' written '_' (so a copy never lands outside the output folder).
   */
  static String wavName(String path) {
    List<String> parts = new ArrayList<>();
    for (String p : path.replace('\\', '/').split("/")) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      parts.add(p.equals("..") ? "_" : p);
    }
    String last = parts.isEmpty() ? "clip" : parts.remove(parts.size() - 1);
    int dot = last.lastIndexOf('.');
    parts.add((dot > 0 ? last.substring(0, dot) : last) + ".wav");
    return String.join("/", parts);
  }

  private static String oneLine(Exception e) {
    String msg = e.getMessage() == null ? e.toString() : e.getMessage();
    return msg.replaceAll("\\s*\\R\\s*", " ");
  }
}
