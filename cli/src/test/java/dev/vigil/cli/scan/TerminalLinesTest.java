package dev.vigil.cli.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Rows scroll above the progress line; the progress line is never written into a row. */
class TerminalLinesTest {

  static final String E = TerminalLines.ERASE_LINE;
  static final String NL = System.lineSeparator();

  @Test
  void rowsGoAboveTheProgressLineWhichIsRedrawnBelowThem() throws IOException {
    FakeTerminal tty = new FakeTerminal();
    TerminalLines lines = new TerminalLines(tty.printWriter(), true);
    Writer out = lines.above(tty.writer());
    out.write("HEAD\n");
    out.flush();
    lines.progress("[  ] 0/2");
    out.write("row 1");
    out.write("\n");
    out.flush();
    lines.progress("[= ] 1/2");
    lines.progress("[= ] 1/2"); // unchanged: not drawn again
    out.write("row 2\npartial");
    out.flush(); // only whole lines pass
    lines.progress("[==] 2/2");
    lines.close();
    lines.progress("[==] 2/2 late"); // after close: dropped
    out.close();
    assertEquals(
        "HEAD\n"
            + (E + "[  ] 0/2")
            + (E + "row 1\n" + "[  ] 0/2")
            + (E + "[= ] 1/2")
            + (E + "row 2\n" + "[= ] 1/2")
            + (E + "[==] 2/2")
            + E
            + "partial",
        tty.bytes());
    assertEquals(List.of("HEAD", "row 1", "row 2", "partial"), tty.screen());
  }

  @Test
  void theFinalProgressIsNotLeftOnScreenAndTheSummaryGetsItsLine() throws IOException {
    FakeTerminal tty = new FakeTerminal();
    var err = tty.printWriter();
    TerminalLines lines = new TerminalLines(err, true);
    Writer out = lines.above(tty.writer());
    lines.progress("scan 1/1");
    out.write("row\n");
    out.flush();
    lines.close();
    lines.close();
    err.println("summary");
    err.flush();
    assertEquals(List.of("row", "summary", ""), tty.screen());
    assertEquals(1, count(tty.bytes(), "row"));
  }

  @Test
  void offATerminalNoControlCharacterIsWritten() throws IOException {
    FakeTerminal tty = new FakeTerminal();
    TerminalLines lines = new TerminalLines(tty.printWriter(), false);
    Writer out = lines.above(tty.writer());
    lines.progress("a 0/1");
    out.write("row\n");
    out.flush();
    lines.progress("a 0/1");
    lines.progress("a 1/1");
    lines.close();
    assertEquals("a 0/1" + NL + "row\n" + "a 1/1" + NL, tty.bytes());
    assertFalse(tty.bytes().replace(NL, "\n").contains("\r"));
    assertFalse(tty.bytes().contains("\033"));
  }

  /**
   * The real progress bar library rendering on its own thread while rows are written: no row shares
   * a line with the bar, the bar ends erased, and no state of the bar is drawn twice in a row (the
   * library renders its final state twice when it closes).
   */
  @Test
  void aScanProgressBarAndRowsShareTheTerminal(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    FakeTerminal tty = new FakeTerminal();
    TerminalLines lines = new TerminalLines(tty.printWriter(), true);
    Writer out = lines.above(tty.writer());
    out.write("LABEL PATH\n");
    out.flush();
    List<String> rows = new ArrayList<>();
    int n = 12;
    ScanProgress.Bar bar = new ScanProgress.Bar(List.of("-"), null, lines, () -> 79);
    for (int i = 0; i < n; i++) {
      String row = "bonafide file" + i + ".wav";
      rows.add(row);
      out.write(row + "\n");
      out.flush();
      bar.fileDone(3.0);
      Thread.sleep(i % 3 == 0 ? 130 : 5); // let the library render now and then
    }
    bar.close();
    out.close();
    String bytes = tty.bytes();
    List<String> expected = new ArrayList<>(List.of("LABEL PATH"));
    expected.addAll(rows);
    expected.add("");
    assertEquals(expected, tty.screen(), bytes);
    assertTrue(bytes.contains(E + "scan "), "the bar was drawn at all:\n" + bytes);
    // a row starts a line: after a line feed, or after the progress line is erased
    for (String row : rows) {
      int at = bytes.indexOf(row);
      String before = bytes.substring(0, at);
      assertTrue(before.endsWith("\n") || before.endsWith(E), "row on the bar's line: " + bytes);
    }
    // every drawing of the bar differs from the one before it, the last one is erased
    Matcher m = Pattern.compile(Pattern.quote(E) + "(scan [^\r\n\033]*)").matcher(bytes);
    String last = null;
    List<String> drawn = new ArrayList<>();
    while (m.find()) {
      drawn.add(m.group(1));
    }
    for (String d : drawn) {
      assertFalse(d.equals(last), "drawn twice in a row: " + d + "\n" + bytes);
      last = d;
    }
    assertTrue(bytes.endsWith(E), bytes);
    assertTrue(count(bytes, " " + n + "/") <= 1, "final state drawn twice:\n" + bytes);
  }

  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
