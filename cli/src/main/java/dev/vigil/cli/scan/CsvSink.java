package dev.vigil.cli.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.runtime.verdict.VerdictJson;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * CSV with a header row: the scalar fields of {@link VerdictJson} as columns, the per-expert means
 * as {@code expert_score.NAME} and {@code gate_weight.NAME} columns, {@code warnings} joined with
 * {@code ;}, and (with {@code --segments}) the timeline as one JSON array in the {@code segments}
 * column. Line breaks inside a value are replaced by spaces, so one row is one line.
 */
final class CsvSink implements ResultSink {

  /** The scalar columns, in order, before the expert columns. */
  static final List<String> LEADING =
      List.of(
          VerdictJson.PATH,
          VerdictJson.CHANNEL,
          VerdictJson.LABEL,
          VerdictJson.SCORE,
          VerdictJson.THRESHOLD,
          VerdictJson.DURATION_S,
          VerdictJson.N_SEGMENTS,
          VerdictJson.N_SILENT_SEGMENTS,
          VerdictJson.MAX_SEGMENT_SCORE);

  /** The scalar columns after the expert columns. */
  static final List<String> TRAILING =
      List.of(
          VerdictJson.CODEC,
          VerdictJson.CONTAINER,
          VerdictJson.SAMPLE_RATE_HZ,
          VerdictJson.CHANNELS,
          VerdictJson.MODEL_ID,
          VerdictJson.MODEL_VERSION,
          VerdictJson.PROCESSING_MS,
          VerdictJson.WARNINGS,
          VerdictJson.ERROR,
          VerdictJson.ERROR_CODE,
          ScanRows.FILE_SIZE_BYTES,
          ScanRows.FILE_MTIME_MS);

  private final Writer out;
  private final List<String> experts;
  private final boolean segments;
  private final CSVFormat format = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();

  CsvSink(Writer out, List<String> experts, boolean segments, boolean writeHeader)
      throws IOException {
    this.out = out;
    this.experts = List.copyOf(experts);
    this.segments = segments;
    if (writeHeader) {
      StringWriter sw = new StringWriter();
      try (CSVPrinter p = new CSVPrinter(sw, format)) {
        p.printRecord(header(experts, segments));
      }
      out.write(sw.toString());
      out.flush();
    }
  }

  /** The header row. */
  static List<String> header(List<String> experts, boolean segments) {
    List<String> h = new ArrayList<>(LEADING);
    for (String e : experts) {
      h.add("expert_score." + e);
    }
    for (String e : experts) {
      h.add("gate_weight." + e);
    }
    h.addAll(TRAILING);
    if (segments) {
      h.add(VerdictJson.SEGMENTS);
    }
    return h;
  }

  @Override
  public void write(List<ObjectNode> rows) throws IOException {
    StringWriter sw = new StringWriter();
    try (CSVPrinter p = new CSVPrinter(sw, format)) {
      for (ObjectNode r : rows) {
        List<String> cells = new ArrayList<>();
        for (String c : LEADING) {
          cells.add(cell(r.get(c)));
        }
        for (String e : experts) {
          cells.add(cell(r.path(VerdictJson.EXPERT_SCORES).get(e)));
        }
        for (String e : experts) {
          cells.add(cell(r.path(VerdictJson.GATE_WEIGHTS).get(e)));
        }
        for (String c : TRAILING) {
          JsonNode v = r.get(c);
          if (c.equals(VerdictJson.WARNINGS) && v != null && v.isArray()) {
            List<String> w = new ArrayList<>();
            v.forEach(x -> w.add(x.asText()));
            cells.add(String.join(";", w));
          } else {
            cells.add(cell(v));
          }
        }
        if (segments) {
          JsonNode s = r.get(VerdictJson.SEGMENTS);
          cells.add(s == null || s.isNull() ? "" : VerdictJson.toLine(s));
        }
        p.printRecord(cells);
      }
    }
    out.write(sw.toString());
    out.flush();
  }

  private static String cell(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return "";
    }
    String s = v.isValueNode() ? v.asText() : VerdictJson.toLine(v);
    return s.replace('\r', ' ').replace('\n', ' ');
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
