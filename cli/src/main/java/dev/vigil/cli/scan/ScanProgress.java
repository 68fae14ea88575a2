package dev.vigil.cli.scan;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress on stderr while a terminal is attached: files done of the total (counted by a second,
 * cheap walk on a background thread, so the ETA appears once it is known), audio hours and
 * throughput. Silent when disabled.
 */
abstract class ScanProgress implements AutoCloseable {

  /** Records one finished file with this much audio. */
  abstract void fileDone(double audioSeconds);

  @Override
  public abstract void close();

  static ScanProgress start(
      boolean enabled, List<String> paths, WalkOptions walk, PrintWriter err) {
    if (!enabled) {
      return new ScanProgress() {
        @Override
        void fileDone(double audioSeconds) {}

        @Override
        public void close() {}
      };
    }
    return new Bar(paths, walk);
  }

  private static final class Bar extends ScanProgress {
    private final ProgressBar bar;
    private final Thread counter;
    private final long start = System.nanoTime();
    private double audioSeconds;

    Bar(List<String> paths, WalkOptions walk) {
      bar =
          new ProgressBarBuilder()
              .setTaskName("scan")
              .setInitialMax(-1)
              .setStyle(ProgressBarStyle.ASCII)
              .setUnit(" files", 1)
              .setConsumer(new ConsoleProgressBarConsumer(new PrintStream(System.err, true)))
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
      bar.close();
    }
  }
}
