package dev.vigil.cli.scan;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress on stderr: files done of the total (counted by a second, cheap walk on a background
 * thread, so the ETA appears once it is known), audio hours and throughput. The bar is rendered by
 * the progressbar library and drawn on the {@link TerminalLines} the result rows go through, so
 * rows scroll above it; closing erases it (the scan's summary line follows). Silent when disabled.
 */
abstract class ScanProgress implements AutoCloseable {

  /** Records one finished file with this much audio. */
  abstract void fileDone(double audioSeconds);

  @Override
  public abstract void close();

  /** No progress. */
  static ScanProgress none() {
    return new ScanProgress() {
      @Override
      void fileDone(double audioSeconds) {}

      @Override
      public void close() {}
    };
  }

  /**
   * Starts the bar on {@code lines}, as wide as stderr's terminal (the library asks the terminal).
   */
  static ScanProgress start(List<String> paths, WalkOptions walk, TerminalLines lines) {
    ConsoleProgressBarConsumer probe =
        new ConsoleProgressBarConsumer(new PrintStream(OutputStream.nullOutputStream()));
    return new Bar(paths, walk, lines, probe::getMaxRenderedLength);
  }

  static final class Bar extends ScanProgress {
    private final TerminalLines lines;
    private final ProgressBar bar;
    private final Thread counter;
    private final long start = System.nanoTime();
    private double audioSeconds;

    /**
     * @param paths the scan's PATH arguments, walked again to count the files (not for "-")
     * @param width the longest progress line, in characters
     */
    Bar(List<String> paths, WalkOptions walk, TerminalLines lines, IntSupplier width) {
      this.lines = lines;
      bar =
          new ProgressBarBuilder()
              .setTaskName("scan")
              .setInitialMax(-1)
              .setStyle(ProgressBarStyle.ASCII)
              .setUnit(" files", 1)
              // on a terminal the line is redrawn in place 10 times a second at most, so the bar
              // drawn under each row is current; elsewhere each rendering is a line of its own
              .setUpdateIntervalMillis(lines.ansi() ? 100 : 1000)
              .setConsumer(new LineConsumer(lines, width))
              .build();
      if (paths.contains("-")) {
        counter = null;
      } else {
        counter =
            new Thread(
                () -> {
                  FileWalker w = new FileWalker(paths, null, walk);
                  long n = 0;
                  while (w.hasNext() && !Thread.currentThread().isInterrupted()) {
                    w.next();
                    n++;
                  }
                  if (!Thread.currentThread().isInterrupted()) {
                    bar.maxHint(n);
                  }
                },
                "vigil-scan-count");
        counter.setDaemon(true);
        counter.start();
      }
    }

    @Override
    synchronized void fileDone(double seconds) {
      audioSeconds += seconds;
      double wall = (System.nanoTime() - start) / 1e9;
      bar.step();
      bar.setExtraMessage(
          String.format(
              Locale.ROOT,
              " %.2f h audio, %.0fx real time",
              audioSeconds / 3600,
              wall > 0 ? audioSeconds / wall : 0));
    }

    @Override
    public void close() {
      if (counter != null) {
        counter.interrupt();
      }
      // erase the line before the library's last renderings (it draws the final state twice when
      // it closes); they are dropped, and the summary line takes the bar's place
      lines.close();
      bar.close();
    }
  }

  /** Hands each rendering of the bar to the progress line, cut to the line's width. */
  static final class LineConsumer implements ProgressBarConsumer {
    private final TerminalLines lines;
    private final IntSupplier width;

    LineConsumer(TerminalLines lines, IntSupplier width) {
      this.lines = lines;
      this.width = width;
    }

    @Override
    public int getMaxRenderedLength() {
      return width.getAsInt();
    }

    @Override
    public void accept(String rendered) {
      int w = width.getAsInt();
      // a line wider than the terminal wraps, and erasing it would leave its first part behind
      lines.progress(
          lines.ansi() && w > 0 && rendered.length() > w ? rendered.substring(0, w) : rendered);
    }

    @Override
    public void close() {
      lines.close();
    }
  }
}
