package dev.vigil.cli.scan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.cli.common.CliException;
import dev.vigil.cli.common.ExitCodes;
import dev.vigil.cli.common.ModelMixin;
import dev.vigil.cli.common.Tty;
import dev.vigil.cli.common.VerdictOptions;
import dev.vigil.runtime.Detector;
import dev.vigil.runtime.DetectorOptions;
import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.engine.DetectionEngine;
import dev.vigil.runtime.verdict.FileVerdict;
import dev.vigil.runtime.verdict.Label;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigil scan PATH...}: scores files and folders. */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    description = {
      "Scores audio and video files: one result per file (per channel with --channels split).",
      "PATH is a file, a folder (walked recursively, entries in name order) or - (read paths from"
          + " stdin, one per line). Results are written in input order."
    },
    footer = ExitCodes.HELP_FOOTER)
public final class ScanCommand implements Callable<Integer> {

  /** How many results may wait for an earlier file to finish before the scan waits for it. */
  static final int REORDER_WINDOW = 256;

  @Spec CommandSpec spec;

  @Mixin ModelMixin model;

  @Mixin VerdictOptions verdict;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files, folders, or - for stdin.")
  List<String> paths;

  @Option(
      names = "--include",
      paramLabel = "GLOB",
      description =
          "Only walked files matching a glob (repeatable). Without '/' it matches the file name,"
              + " with '/' the path relative to the PATH argument.")
  List<String> includes = new ArrayList<>();

  @Option(
      names = "--exclude",
      paramLabel = "GLOB",
      description = "Drop walked files and folders matching a glob (repeatable).")
  List<String> excludes = new ArrayList<>();

  @Option(
      names = "--hidden",
      description = "Walk hidden files and folders (names starting with .).")
  boolean hidden;

  @Option(
      names = "--follow-links",
      description = "Follow symbolic links met while walking (folder cycles are cut).")
  boolean followLinks;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description =
          "jsonl, csv or table. Default: table on a terminal, else csv when --output ends in .csv,"
              + " else jsonl.")
  OutputFormat format;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write results to FILE (flushed per file) instead of stdout.")
  Path output;

  @Option(names = "--segments", description = "Add each file's segment timeline to its result.")
  boolean segments;

  @Option(
      names = "--channels",
      paramLabel = "MODE",
      defaultValue = "mix",
      completionCandidates = ChannelModes.class,
      description =
          "mix (one result per file) or split (one per channel). Default: ${DEFAULT-VALUE}.")
  DetectorOptions.ChannelMode channels;

  @Option(
      names = "--file-timeout",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description =
          "A file not finished within SECONDS fails with a timeout. Default: ${DEFAULT-VALUE}.")
  double fileTimeout;

  @Option(
      names = "--shard",
      paramLabel = "K/N",
      description =
          "Score only shard K of N (K from 0): files whose 64-bit FNV-1a hash of the path relative"
              + " to its PATH argument, modulo N, is K.")
  String shard;

  @Option(
      names = "--resume",
      description =
          "Skip files already in --output (same path, size and mtime); refuse an output written"
              + " with another model, threshold or hop.")
  boolean resume;

  @Option(
      names = "--progress",
      negatable = true,
      description =
          "Progress on stderr: a line below the rows on a terminal, else plain lines. Default: on"
              + " when stdin, stdout and stderr are a terminal.")
  Boolean progress;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    OutputFormat fmt = resolveFormat();
    WalkOptions walk;
    try {
      walk =
          new WalkOptions(
              includes, excludes, hidden, followLinks, shard == null ? null : Shard.parse(shard));
    } catch (IllegalArgumentException e) {
      throw new CliException("--shard/--include/--exclude: " + e.getMessage(), e);
    }
    if (resume && (output == null || fmt == OutputFormat.TABLE)) {
      throw new CliException("--resume needs --output FILE in jsonl or csv format");
    }
    if (output != null) {
      Path parent = output.toAbsolutePath().getParent();
      if (parent != null && !java.nio.file.Files.isDirectory(parent)) {
        throw new CliException("--output " + output + ": folder " + parent + " does not exist");
      }
      if (java.nio.file.Files.isDirectory(output)) {
        throw new CliException("--output " + output + " is a folder; name a file");
      }
    }
    DetectorOptions.ChannelMode mode = channels;
    if (!(fileTimeout > 0)) {
      throw new CliException("--file-timeout must be > 0 seconds, got " + fileTimeout);
    }
    Duration timeout = Duration.ofMillis(Math.round(fileTimeout * 1000));
    DetectorOptions options;
    try {
      options =
          verdict
              .applyTo(model.batchDetectorOptions())
              .withChannelMode(mode)
              .withDecodeTimeout(timeout);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), e);
    }
    int threads = model.threads();
    boolean showProgress = showProgress();
    // the progress line and, when they share its terminal, the result rows go through one owner
    TerminalLines lines = new TerminalLines(err, showProgress && Tty.stderr());
    ScanStats stats = new ScanStats();
    long wallStart = System.nanoTime();
    try (Detector detector = ModelMixin.openDetector(options);
        DetectionEngine engine =
            DetectionEngine.create(detector, model.engineOptions().withFileTimeout(timeout))) {
      ScanHeader header =
          new ScanHeader(
              fmt.name().toLowerCase(Locale.ROOT),
              detector.model().id(),
              detector.model().version(),
              detector.threshold(),
              detector.segmentConfig().hopSamples()
                  / (double) detector.segmentConfig().sampleRate(),
              mode.name().toLowerCase(Locale.ROOT),
              segments,
              detector.model().metadata().expertNames());
      Set<FileKey> done = Set.of();
      Writer writer;
      boolean writeHeader = true;
      if (output != null && fmt != OutputFormat.TABLE) {
        ResumeState rs;
        try {
          rs = ResumeState.open(output, header, resume);
        } catch (IOException e) {
          throw new CliException("cannot write --output " + output + ": " + e, e);
        }
        done = rs.done;
        writer = rs.writer;
        writeHeader = rs.needsHeader;
      } else if (output != null) {
        writer = java.nio.file.Files.newBufferedWriter(output, StandardCharsets.UTF_8);
      } else {
        writer = new NonClosingWriter(spec.commandLine().getOut());
        if (lines.ansi() && Tty.stdout()) {
          writer = lines.above(writer);
        }
      }
      ScanRows rows =
          new ScanRows(header.modelId(), header.modelVersion(), header.threshold(), segments);
      BufferedReader stdin =
          paths.contains("-")
              ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
              : null;
      FileWalker walker = new FileWalker(paths, stdin, walk);
      try (ResultSink sink = sink(fmt, writer, header.experts(), writeHeader);
          ScanProgress prog =
              showProgress ? ScanProgress.start(paths, walk, lines) : ScanProgress.none()) {
        run(engine, walker, done, rows, sink, stats, prog);
      }
      stats.skippedNotMedia = walker.skippedNotMedia();
      stats.skippedLinks = walker.skippedLinks();
      stats.skippedOtherShard = walker.skippedOtherShard();
      stats.skippedFiltered = walker.skippedFiltered();
    }
    double wall = (System.nanoTime() - wallStart) / 1e9;
    err.println(stats.summary(wall));
    err.flush();
    return ExitCodes.of(stats.spoof > 0, stats.failed > 0);
  }

  /** One submitted file waiting for its turn to be written. */
  private record Pending(
      Candidate candidate, FileKey key, CompletableFuture<List<FileVerdict>> future, long start) {}

  private void run(
      DetectionEngine engine,
      FileWalker walker,
      Set<FileKey> done,
      ScanRows rows,
      ResultSink sink,
      ScanStats stats,
      ScanProgress prog)
      throws IOException, InterruptedException {
    Deque<Pending> pending = new ArrayDeque<>();
    while (walker.hasNext()) {
      Candidate c = walker.next();
      if (c.error() != null) {
        if (done.contains(new FileKey(c.displayPath(), -1, -1))) {
          stats.resumed++;
          continue;
        }
        drain(pending, 0, rows, sink, stats, prog);
        sink.write(List.of(rows.walkFailure(c.displayPath(), c.error(), null)));
        stats.failed++;
        prog.fileDone(0);
        continue;
      }
      FileKey key = FileKey.of(c.displayPath(), c.file());
      if (key != null && done.contains(key)) {
        stats.resumed++;
        prog.fileDone(0);
        continue;
      }
      CompletableFuture<List<FileVerdict>> f =
          engine.submit(new AudioSource(c.displayPath(), c.file(), null));
      pending.addLast(new Pending(c, key, f, System.nanoTime()));
      drain(pending, REORDER_WINDOW, rows, sink, stats, prog);
    }
    drain(pending, 0, rows, sink, stats, prog);
  }

  /** Writes finished results at the head of the queue; waits while more than {@code keep} wait. */
  private static void drain(
      Deque<Pending> pending,
      int keep,
      ScanRows rows,
      ResultSink sink,
      ScanStats stats,
      ScanProgress prog)
      throws IOException, InterruptedException {
    while (!pending.isEmpty() && (pending.peekFirst().future().isDone() || pending.size() > keep)) {
      Pending p = pending.removeFirst();
      String path = p.candidate().displayPath();
      List<ObjectNode> out;
      double seconds = 0;
      try {
        List<FileVerdict> vs = p.future().get();
        out = rows.verdicts(path, vs, p.key());
        stats.scored++;
        boolean spoof = false;
        for (FileVerdict v : vs) {
          spoof |= v.label() == Label.SPOOF;
          stats.warned += v.warnings().isEmpty() ? 0 : 1;
        }
        if (!vs.isEmpty()) {
          seconds = vs.get(0).durationSeconds();
        }
        stats.audioSeconds += seconds;
        if (spoof) {
          stats.spoof++;
        }
      } catch (ExecutionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        double ms = (System.nanoTime() - p.start()) / 1e6;
        out = List.of(rows.failure(path, cause, ms, p.key()));
        stats.failed++;
      }
      sink.write(out);
      prog.fileDone(seconds);
    }
  }

  private ResultSink sink(OutputFormat fmt, Writer w, List<String> experts, boolean header)
      throws IOException {
    return switch (fmt) {
      case JSONL -> new JsonlSink(w);
      case CSV -> new CsvSink(w, experts, segments, header);
      case TABLE -> new TableSink(w);
    };
  }

  private OutputFormat resolveFormat() {
    if (format == null) {
      if (output == null) {
        return System.console() != null ? OutputFormat.TABLE : OutputFormat.JSONL;
      }
      return output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")
          ? OutputFormat.CSV
          : OutputFormat.JSONL;
    }
    return format;
  }

  /** The values of {@code --channels} as they are typed, for completion. */
  static final class ChannelModes implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return java.util.Arrays.stream(DetectorOptions.ChannelMode.values())
          .map(m -> m.name().toLowerCase(Locale.ROOT))
          .iterator();
    }
  }

  /** {@code --[no-]progress}, else on when stdin, stdout and stderr are a terminal. */
  private boolean showProgress() {
    return progress != null ? progress : System.console() != null && Tty.stderr();
  }

  /** Writes to picocli's stdout writer without closing it. */
  private static final class NonClosingWriter extends java.io.FilterWriter {
    NonClosingWriter(Writer out) {
      super(out);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
