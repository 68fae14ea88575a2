package dev.vigil.trainer.train;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress report with ETA on stderr, at most every {@code intervalMillis}. */
public final class Progress {
  private final PrintStream out;
  private final String label;
  private final long total;
  private final long intervalMillis;
  private final long startNanos = System.nanoTime();
  private long lastPrint;

  /**
   * @param out where to print (stderr)
   * @param label what is counted, e.g. "expert lcnn_logmel epoch 3"
   * @param total units in all
   * @param intervalMillis least time between lines
   */
  public Progress(PrintStream out, String label, long total, long intervalMillis) {
    this.out = out;
    this.label = label;
    this.total = total;
    this.intervalMillis = intervalMillis;
  }

  /** Reports {@code done} of {@code total} units with a message. */
  public void update(long done, String message) {
    long now = System.nanoTime();
    if (done < total && (now - lastPrint) / 1_000_000 < intervalMillis) {
      return;
    }
    lastPrint = now;
    double elapsed = (now - startNanos) / 1e9;
    double eta = done > 0 ? elapsed / done * (total - done) : Double.NaN;
    out.printf(
        Locale.ROOT,
        "%s %d/%d %s elapsed %s eta %s%n",
        label,
        done,
        total,
        message,
        clock(elapsed),
        Double.isNaN(eta) ? "?" : clock(eta));
  }

  static String clock(double s) {
    long t = Math.round(s);
    return String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60);
  }
}
