package dev.vigil.cli.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.runtime.verdict.VerdictCsv;
import dev.vigil.runtime.verdict.VerdictJson;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * CSV with a header row, in {@link VerdictCsv}'s layout: the scalar fields of {@link VerdictJson}
 * as columns, the per-expert means as {@code expert_score.NAME} and {@code gate_weight.NAME}
 * columns, {@code warnings} joined with {@code ;}, and (with {@code --segments}) the timeline as
 * one JSON array in the {@code segments} column. Line breaks inside a value are replaced by spaces,
 * so one row is one line.
 */
final class CsvSink implements ResultSink {

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
        p.printRecord(VerdictCsv.header(experts, segments));
      }
      out.write(sw.toString());
      out.flush();
    }
  }

  @Override
  public void write(List<ObjectNode> rows) throws IOException {
    StringWriter sw = new StringWriter();
    try (CSVPrinter p = new CSVPrinter(sw, format)) {
      for (ObjectNode r : rows) {
        List<String> cells = new ArrayList<>();
        for (String c : VerdictCsv.LEADING) {
          cells.add(cell(r.get(c)));
        }
        for (String e : experts) {
          cells.add(cell(r.path(VerdictJson.EXPERT_SCORES).get(e)));
        }
        for (String e : experts) {
          cells.add(cell(r.path(VerdictJson.GATE_WEIGHTS).get(e)));
        }
        for (String c : VerdictCsv.TRAILING) {
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
