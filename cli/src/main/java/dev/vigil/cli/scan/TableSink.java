package dev.vigil.cli.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.runtime.verdict.VerdictJson;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/** Aligned columns for a terminal: label, score, duration, segments, path, then notes. */
final class TableSink implements ResultSink {
  private final Writer out;

  TableSink(Writer out) throws IOException {
    this.out = out;
    out.write(
        String.format(
            Locale.ROOT, "%-8s %6s %8s %5s  %s%n", "LABEL", "SCORE", "DUR_S", "SEGS", "PATH"));
    out.flush();
  }

  @Override
  public void write(List<ObjectNode> rows) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (ObjectNode r : rows) {
      JsonNode err = r.get(VerdictJson.ERROR);
      String path = r.path(VerdictJson.PATH).asText();
      JsonNode ch = r.get(VerdictJson.CHANNEL);
      if (ch != null && !ch.isNull()) {
        path = path + " [ch " + ch.asInt() + "]";
      }
      if (err != null && !err.isNull()) {
        sb.append(
            String.format(
                Locale.ROOT, "%-8s %6s %8s %5s  %s%n", "ERROR", "-", "-", "-", err.asText()));
        continue;
      }
      sb.append(
          String.format(
              Locale.ROOT,
              "%-8s %6.3f %8.2f %5d  %s",
              r.path(VerdictJson.LABEL).asText(),
              r.path(VerdictJson.SCORE).asDouble(),
              r.path(VerdictJson.DURATION_S).asDouble(),
              r.path(VerdictJson.N_SEGMENTS).asInt(),
              path));
      JsonNode w = r.get(VerdictJson.WARNINGS);
      if (w != null && w.size() > 0) {
        sb.append("  (");
        for (int i = 0; i < w.size(); i++) {
          sb.append(i == 0 ? "" : ", ").append(w.get(i).asText());
        }
        sb.append(')');
      }
      sb.append(System.lineSeparator());
    }
    out.write(sb.toString());
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.flush();
  }
}
