package dev.vigil.cli.listen;

import dev.vigil.runtime.verdict.FileVerdict;
import dev.vigil.runtime.verdict.SegmentVerdict;
import dev.vigil.runtime.verdict.VerdictJson;
import dev.vigil.runtime.verdict.WindowVerdict;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * Writes {@code vigil listen}'s lines, each flushed at once: one per window as it is scored, then
 * the result. JSON lines are {@link VerdictJson#window} and {@link VerdictJson#result}; the table
 * has a column per window field. Thread-safe: windows come from an engine thread.
 */
final class LinePrinter {

  /** Output formats: {@code --format}, case-insensitive; {@link #toString()} is what users type. */
  enum Format {
    /** One JSON object per line. */
    JSONL,
    /** Aligned columns for a terminal. */
    TABLE;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Format format;
  private final PrintWriter out;
  private final List<String> experts;
  private final String modelId;
  private final String modelVersion;
  private final double threshold;

  LinePrinter(
      Format format,
      PrintWriter out,
      List<String> experts,
      String modelId,
      String modelVersion,
      double threshold) {
    this.format = format;
    this.out = out;
    this.experts = experts;
    this.modelId = modelId;
    this.modelVersion = modelVersion;
    this.threshold = threshold;
  }

  /** The table's column names; nothing for JSON lines. */
  synchronized void header() {
    if (format == Format.TABLE) {
      line(String.format(Locale.ROOT, "%8s %8s %6s  %s", "START_S", "END_S", "SCORE", "LABEL"));
    }
  }

  /** One scored window. */
  synchronized void window(WindowVerdict w) {
    if (format == Format.JSONL) {
      line(VerdictJson.toLine(VerdictJson.window(w, experts)));
      return;
    }
    SegmentVerdict s = w.segment();
    line(
        String.format(
            Locale.ROOT,
            "%8.2f %8.2f %6.3f  %s%s",
            s.startSeconds(),
            s.endSeconds(),
            s.score(),
            w.label().wireName(),
            s.silent() ? " (silent)" : ""));
  }

  /** The verdict of the whole input. */
  synchronized void result(List<FileVerdict> verdicts) {
    for (FileVerdict v : verdicts) {
      if (format == Format.JSONL) {
        line(
            VerdictJson.toLine(
                VerdictJson.result(VerdictJson.verdict(v, modelId, modelVersion, false))));
        continue;
      }
      line(
          String.format(
              Locale.ROOT,
              "RESULT %s %.3f (threshold %.3f), %.2f s, %d window%s: %s%s",
              v.label().wireName(),
              v.score(),
              v.threshold(),
              v.durationSeconds(),
              v.segments().size(),
              v.segments().size() == 1 ? "" : "s",
              v.source(),
              v.warnings().isEmpty() ? "" : " (" + String.join(", ", v.warnings()) + ")"));
    }
  }

  /** The input failed. */
  synchronized void failure(String name, Throwable error, double millis) {
    if (format == Format.JSONL) {
      line(
          VerdictJson.toLine(
              VerdictJson.result(
                  VerdictJson.failure(name, error, threshold, modelId, modelVersion, millis))));
      return;
    }
    line(
        "ERROR "
            + VerdictJson.failure(name, error, threshold, modelId, modelVersion, millis)
                .get(VerdictJson.ERROR)
                .asText());
  }

  private void line(String s) {
    out.println(s);
    out.flush();
  }
}
