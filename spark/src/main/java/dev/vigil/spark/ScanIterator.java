package dev.vigil.spark;

import dev.vigil.runtime.decode.AudioInputException;
import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.engine.DetectionEngine;
import dev.vigil.runtime.verdict.FileVerdict;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.spark.sql.Row;

/**
 * One partition's result rows in input order, as {@code vigil scan} writes its results: files are
 * submitted ahead of the row being read (the engine's admission limit makes a submit wait, which
 * keeps the engine full and memory flat), a finished file at the head is handed out at once, and at
 * most {@value #REORDER_WINDOW} files wait behind an unfinished one. Each file's verdicts, or its
 * failure, become rows. Closing it abandons the files not finished and gives the engine back. Used
 * by one task thread.
 */
final class ScanIterator implements Iterator<Row>, AutoCloseable {

  /** {@code vigil scan}'s reorder window: files submitted ahead of the oldest unfinished one. */
  static final int REORDER_WINDOW = 256;

  private record Pending(InputFile in, CompletableFuture<List<FileVerdict>> future, long start) {}

  private final ExecutorEngines.Lease lease;
  private final DetectionEngine engine;
  private final Iterator<Row> rows;
  private final InputColumns columns;
  private final HadoopFiles files;
  private final boolean selectMedia;
  private final ScanCounters counters;
  private final ResultRows results;
  private final Deque<Pending> pending = new ArrayDeque<>();
  private final Deque<Row> ready = new ArrayDeque<>();
  private boolean closed;

  ScanIterator(
      ExecutorEngines.Lease lease,
      Iterator<Row> rows,
      InputColumns columns,
      HadoopFiles files,
      boolean selectMedia,
      boolean segments,
      ScanCounters counters) {
    this.lease = lease;
    this.engine = lease.engine();
    this.rows = rows;
    this.columns = columns;
    this.files = files;
    this.selectMedia = selectMedia;
    this.counters = counters;
    this.results =
        new ResultRows(engine.model().id(), engine.model().version(), engine.threshold(), segments);
  }

  @Override
  public boolean hasNext() {
    while (ready.isEmpty()) {
      if (closed) {
        return false;
      }
      if (!pending.isEmpty() && pending.peekFirst().future().isDone()) {
        finish(pending.removeFirst());
      } else if (pending.size() < REORDER_WINDOW && rows.hasNext()) {
        submit(columns.read(rows.next()));
      } else if (!pending.isEmpty()) {
        finish(pending.removeFirst());
      } else {
        close();
        return false;
      }
    }
    return true;
  }

  @Override
  public Row next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return ready.removeFirst();
  }

  /** Submits one input (waiting while the engine is full), or fails or skips it. */
  private void submit(InputFile row) {
    long start = System.nanoTime();
    InputFile in = row;
    AudioSource source;
    try {
      in = files.withStatus(row);
      source = files.source(in);
    } catch (AudioInputException e) {
      pending.addLast(new Pending(in, CompletableFuture.failedFuture(e), start));
      return;
    }
    if (selectMedia && !MediaChoice.isMedia(in, source)) {
      count(ScanCounters::fileSkipped);
      return;
    }
    try {
      pending.addLast(new Pending(in, engine.submit(source), start));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(in.path() + ": interrupted (task killed)", e);
    }
  }

  private void finish(Pending p) {
    try {
      List<FileVerdict> vs = p.future().get();
      ready.addAll(results.verdicts(p.in(), vs));
      count(c -> c.fileScored(vs));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      ready.add(results.failure(p.in(), cause, (System.nanoTime() - p.start()) / 1e6));
      count(ScanCounters::fileFailed);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(p.in().path() + ": interrupted (task killed)", e);
    }
  }

  private void count(java.util.function.Consumer<ScanCounters> c) {
    if (counters != null) {
      c.accept(counters);
    }
  }

  /** Abandons the files still in flight and gives the engine back. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Pending p : pending) {
      p.future().cancel(true);
    }
    pending.clear();
    lease.close();
  }
}
