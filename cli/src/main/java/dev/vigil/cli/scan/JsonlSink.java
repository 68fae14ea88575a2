package dev.vigil.cli.scan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.runtime.verdict.VerdictJson;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/** JSON lines: one {@link VerdictJson} object per line. */
final class JsonlSink implements ResultSink {
  private final Writer out;
  private final StringBuilder buf = new StringBuilder(1024);

  JsonlSink(Writer out) {
    this.out = out;
  }

  @Override
  public void write(List<ObjectNode> rows) throws IOException {
    buf.setLength(0);
    for (ObjectNode r : rows) {
      buf.append(VerdictJson.toLine(r)).append('\n');
    }
    out.write(buf.toString());
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
