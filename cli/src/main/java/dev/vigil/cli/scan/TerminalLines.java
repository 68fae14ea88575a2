package dev.vigil.cli.scan;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * The one owner of the terminal a scan shares between its result rows (stdout) and its progress
 * line (stderr): rows scroll above the progress line, which is redrawn below them, as cargo and pip
 * do. Both streams are written under one lock and flushed before the other is written, so a row
 * never lands on the progress line.
 *
 * <p>On a terminal ({@code ansi}) the progress line is drawn in place: {@link #ERASE_LINE} and the
 * text, no newline. Before rows it is erased, after them drawn again; an unchanged line is not
 * drawn again; {@link #close()} erases it for good (the scan's summary line follows). Anywhere else
 * (progress forced into a file or a pipe) no control character is written: each new progress text
 * is a line of its own and rows are written as they come.
 */
final class TerminalLines {

  /** Carriage return, then erase the whole line (ECMA-48 EL 2): the only control sequence used. */
  static final String ERASE_LINE = "\r\033[2K";

  private final PrintWriter status;
  private final boolean ansi;
  private String shown;
  private boolean closed;
  private Thread hook;

  /**
   * @param status where the progress line goes (stderr)
   * @param ansi whether {@code status} is a terminal the progress line may be redrawn on
   */
  TerminalLines(PrintWriter status, boolean ansi) {
    this.status = status;
    this.ansi = ansi;
  }

  /** Whether the progress line is redrawn in place. */
  boolean ansi() {
    return ansi;
  }

  /** Shows {@code text} (one line, no line break) as the progress line. */
  synchronized void progress(String text) {
    if (closed || text.equals(shown)) {
      return;
    }
    if (ansi) {
      if (shown == null) {
        installHook();
      }
      status.print(ERASE_LINE + text);
    } else {
      status.print(text + System.lineSeparator());
    }
    status.flush();
    shown = text;
  }

  /** Writes {@code text}, whole lines, to {@code out} above the progress line and flushes. */
  synchronized void rows(Writer out, String text) throws IOException {
    boolean redraw = ansi && shown != null && !closed;
    if (redraw) {
      status.print(ERASE_LINE);
      status.flush();
    }
    out.write(text);
    out.flush();
    if (redraw) {
      status.print(shown);
      status.flush();
    }
  }

  /** Erases the progress line for good; progress shown after this is dropped. Idempotent. */
  synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (ansi && shown != null) {
      status.print(ERASE_LINE);
      status.flush();
    }
    if (hook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down already: the hook runs and finds the line closed
      }
    }
  }

  /**
   * A writer to {@code out} that holds what it is given until {@link Writer#flush()} and then
   * passes the complete lines through {@link #rows}; closing it writes the rest and closes {@code
   * out}.
   */
  Writer above(Writer out) {
    return new Writer() {
      private final StringBuilder pending = new StringBuilder();

      @Override
      public void write(char[] cbuf, int off, int len) {
        pending.append(cbuf, off, len);
      }

      @Override
      public void write(String s, int off, int len) {
        pending.append(s, off, off + len);
      }

      @Override
      public void flush() throws IOException {
        int end = pending.lastIndexOf("\n") + 1;
        if (end > 0) {
          String text = pending.substring(0, end);
          pending.delete(0, end);
          rows(out, text);
        } else {
          out.flush();
        }
      }

      @Override
      public void close() throws IOException {
        flush();
        if (pending.length() > 0) {
          rows(out, pending.toString());
          pending.setLength(0);
        }
        out.close();
      }
    };
  }

  /**
   * Ends an interrupted scan's progress line (Ctrl-C runs shutdown hooks, not the scan's cleanup)
   * with a line break, so the shell's prompt starts on a line of its own under the last progress.
   */
  private void installHook() {
    hook =
        new Thread(
            () -> {
              synchronized (this) {
                if (!closed && shown != null) {
                  closed = true;
                  status.print(System.lineSeparator());
                  status.flush();
                }
              }
            },
            "vigil-progress-line");
    try {
      Runtime.getRuntime().addShutdownHook(hook);
    } catch (IllegalStateException e) {
      hook = null; // shutting down already
    }
  }
}
