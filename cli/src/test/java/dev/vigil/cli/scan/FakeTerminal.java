package dev.vigil.cli.scan;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * One terminal that stdout and stderr both write to: the bytes in the order they arrive, and the
 * screen they leave (carriage return, erase line and line feed as a terminal with onlcr does them;
 * no scrolling limit).
 */
final class FakeTerminal {
  private final StringBuilder bytes = new StringBuilder();

  /** A writer onto this terminal (stdout or stderr). */
  Writer writer() {
    return new Writer() {
      @Override
      public void write(char[] cbuf, int off, int len) {
        synchronized (bytes) {
          bytes.append(cbuf, off, len);
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
  }

  /** A print writer onto this terminal. */
  PrintWriter printWriter() {
    return new PrintWriter(writer());
  }

  /** Everything written, in order. */
  String bytes() {
    synchronized (bytes) {
      return bytes.toString();
    }
  }

  /** The screen's lines, the cursor's line last (empty when the cursor is on a fresh line). */
  List<String> screen() {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    int col = 0;
    String b = bytes();
    for (int i = 0; i < b.length(); i++) {
      char c = b.charAt(i);
      if (b.startsWith("\033[2K", i)) {
        line.setLength(0);
        i += 3;
      } else if (c == '\033') {
        throw new AssertionError("unexpected escape sequence at " + i + ": " + b.substring(i));
      } else if (c == '\r') {
        col = 0;
      } else if (c == '\n') {
        lines.add(line.toString().stripTrailing());
        line.setLength(0);
        col = 0;
      } else {
        while (line.length() < col) {
          line.append(' ');
        }
        if (col < line.length()) {
          line.setCharAt(col, c);
        } else {
          line.append(c);
        }
        col++;
      }
    }
    lines.add(line.toString().stripTrailing());
    return lines;
  }
}
