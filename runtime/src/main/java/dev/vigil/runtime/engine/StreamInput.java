package dev.vigil.runtime.engine;

import dev.vigil.runtime.segment.PushSession;
import dev.vigil.runtime.segment.SegmentReader;
import java.io.IOException;

/**
 * A pushed stream as a job's input: the bytes handed over wait in a {@link StreamBuffer}; a reading
 * slice decodes them a piece at a time through a {@link PushSession}, and when none are left it
 * parks the stream instead of putting it back in line. The next piece (or the end) wakes it.
 *
 * <p>A parked stream is counted in {@link EngineState#waiting}: it is in flight and not read to its
 * end, yet no window of it can come before more bytes do, so a partial batch need not wait for it.
 */
final class StreamInput implements JobInput {
  /** Bytes decoded per step at most (a piece of the buffer arrived at one time). */
  private static final int STEP_BYTES = 1 << 14;

  private enum Mode {
    PARKED,
    SCHEDULED,
    OVER
  }

  private final EngineState state;
  private final ReadScheduler scheduler;
  private final Job job;
  private final StreamBuffer buffer;
  private final PushSession session;
  private final byte[] piece = new byte[STEP_BYTES];
  private SegmentReader.Summary summary;
  private long arrival;
  private Mode mode = Mode.PARKED;
  private boolean closed;

  /**
   * A parked stream (counted in {@link EngineState#waiting}) whose bytes will go to {@code
   * session}.
   */
  StreamInput(
      EngineState state,
      ReadScheduler scheduler,
      Job job,
      PushSession session,
      StreamBuffer buffer) {
    this.state = state;
    this.scheduler = scheduler;
    this.job = job;
    this.session = session;
    this.buffer = buffer;
    state.waiting.incrementAndGet();
  }

  @Override
  public Step step(Job job) throws IOException {
    int n = buffer.take(piece);
    if (n > 0) {
      arrival = buffer.lastArrival();
      session.write(piece, 0, n);
      return Step.MORE;
    }
    if (n < 0) {
      summary = session.finish();
      return Step.FINISHED;
    }
    return Step.WAITING;
  }

  @Override
  public SegmentReader.Summary summary() {
    return summary;
  }

  @Override
  public long arrivalNanos() {
    return arrival;
  }

  @Override
  public boolean timeLimited() {
    return false;
  }

  /** Puts a parked stream back in line to be read: bytes or the end came. */
  void wake() {
    synchronized (this) {
      if (mode != Mode.PARKED) {
        return;
      }
      mode = Mode.SCHEDULED;
    }
    state.waiting.decrementAndGet();
    try {
      scheduler.schedule(job);
    } catch (RuntimeException e) {
      job.fail(new IllegalStateException("detection engine is closed", e));
    }
  }

  @Override
  public void park() {
    synchronized (this) {
      if (mode != Mode.SCHEDULED) {
        return;
      }
      mode = Mode.PARKED;
    }
    state.waiting.incrementAndGet();
    state.queue.wakeOne(); // fewer inputs are being read: a partial batch may run now
    if (buffer.hasWork()) {
      wake(); // bytes came between the empty step and parking
    }
  }

  @Override
  public void readingEnded() {
    boolean parked;
    synchronized (this) {
      parked = mode == Mode.PARKED;
      mode = Mode.OVER;
    }
    buffer.discard();
    if (parked) {
      state.waiting.decrementAndGet();
      close(); // no slice holds it, and none will come
    }
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      session.close();
    }
  }
}
