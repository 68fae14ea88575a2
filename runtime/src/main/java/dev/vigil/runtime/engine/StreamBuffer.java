package dev.vigil.runtime.engine;

import java.nio.ByteBuffer;

/**
 * The bytes of one stream between the thread that hands them over and the reading thread that
 * decodes them: a ring of at most {@code capacity} bytes (starting at 64 KiB, grown on demand),
 * with the time each piece arrived so that a window's latency can be told. Thread-safe; no
 * allocation per piece once grown.
 */
final class StreamBuffer {
  private static final int INITIAL = 1 << 16;

  /** Pieces whose arrival is kept apart; beyond, a piece joins the newest (and its time). */
  private static final int RECORDS = 64;

  private final String name;
  private final int capacity;
  private byte[] ring;
  private int head;
  private int size;
  private final long[] recordEnd = new long[RECORDS];
  private final long[] recordNanos = new long[RECORDS];
  private int recordHead;
  private int records;
  private long written;
  private long taken;
  private long lastArrival;
  private boolean ended;
  private boolean discarding;

  /**
   * @param name the stream's name, for messages
   */
  StreamBuffer(String name, int capacity) {
    this.name = name;
    this.capacity = capacity;
    this.ring = new byte[Math.min(INITIAL, capacity)];
  }

  /**
   * Takes all of {@code b[off .. off + len)}, or nothing when it does not fit.
   *
   * @throws IllegalStateException after {@link #end()}
   */
  synchronized boolean offer(byte[] b, int off, int len, long nanos) {
    requireOpen();
    if (discarding) {
      return true;
    }
    if (len > capacity - size) {
      return false;
    }
    append(b, off, null, len, nanos);
    return true;
  }

  /** Takes all of {@code src}'s remaining bytes (advancing it), or nothing when they do not fit. */
  synchronized boolean offer(ByteBuffer src, long nanos) {
    requireOpen();
    int len = src.remaining();
    if (discarding) {
      src.position(src.limit());
      return true;
    }
    if (len > capacity - size) {
      return false;
    }
    append(null, 0, src, len, nanos);
    return true;
  }

  /**
   * Takes as many of {@code b[off .. off + len)} as fit, waiting while none do.
   *
   * @return the bytes taken, at least 1 (all of them when the stream is being discarded)
   */
  synchronized int put(byte[] b, int off, int len, long nanos) throws InterruptedException {
    requireOpen();
    while (size == capacity && !discarding) {
      wait();
      requireOpen();
    }
    if (discarding) {
      return len;
    }
    int n = Math.min(len, capacity - size);
    append(b, off, null, n, nanos);
    return n;
  }

  private void append(byte[] b, int off, ByteBuffer src, int len, long nanos) {
    if (len == 0) {
      return;
    }
    if (size + len > ring.length) {
      grow(size + len);
    }
    int tail = (head + size) % ring.length;
    int first = Math.min(len, ring.length - tail);
    copyIn(b, off, src, tail, first);
    copyIn(b, off + first, src, 0, len - first);
    size += len;
    written += len;
    if (records == RECORDS) {
      recordEnd[(recordHead + records - 1) % RECORDS] = written; // joins the newest piece
    } else {
      int i = (recordHead + records) % RECORDS;
      recordEnd[i] = written;
      recordNanos[i] = nanos;
      records++;
    }
  }

  private void copyIn(byte[] b, int off, ByteBuffer src, int at, int len) {
    if (len == 0) {
      return;
    }
    if (src != null) {
      src.get(ring, at, len);
    } else {
      System.arraycopy(b, off, ring, at, len);
    }
  }

  private void grow(int needed) {
    byte[] bigger = new byte[Math.min(capacity, Math.max(needed, 2 * ring.length))];
    int first = Math.min(size, ring.length - head);
    System.arraycopy(ring, head, bigger, 0, first);
    System.arraycopy(ring, 0, bigger, first, size - first);
    ring = bigger;
    head = 0;
  }

  /**
   * Moves the oldest bytes of one piece (at most {@code dst.length}) into {@code dst}; {@link
   * #lastArrival()} then tells when they arrived.
   *
   * @return the bytes moved; 0 when there are none yet, -1 when there are none and the stream ended
   */
  synchronized int take(byte[] dst) {
    if (size == 0) {
      return ended || discarding ? -1 : 0;
    }
    int n = (int) Math.min(Math.min(dst.length, size), recordEnd[recordHead] - taken);
    int first = Math.min(n, ring.length - head);
    System.arraycopy(ring, head, dst, 0, first);
    System.arraycopy(ring, 0, dst, first, n - first);
    head = (head + n) % ring.length;
    size -= n;
    taken += n;
    lastArrival = recordNanos[recordHead];
    if (taken == recordEnd[recordHead]) {
      recordHead = (recordHead + 1) % RECORDS;
      records--;
    }
    notifyAll(); // room for a waiting put
    return n;
  }

  /** When the bytes of the last {@link #take} arrived, on the {@link System#nanoTime()} scale. */
  synchronized long lastArrival() {
    return lastArrival;
  }

  private void requireOpen() {
    if (ended) {
      throw new IllegalStateException(name + ": stream is closed");
    }
  }

  /**
   * No more bytes will come.
   *
   * @return false when the end was already marked
   */
  synchronized boolean end() {
    boolean first = !ended;
    ended = true;
    notifyAll(); // a waiting put fails
    return first;
  }

  /** Whether {@link #end()} was called. */
  synchronized boolean ended() {
    return ended;
  }

  /** Drops what is held and every later byte, and frees a waiting put: the stream is over. */
  synchronized void discard() {
    discarding = true;
    size = 0;
    records = 0;
    notifyAll();
  }

  /** Whether a reading step has something to do: bytes, or the end. */
  synchronized boolean hasWork() {
    return size > 0 || ended;
  }

  /** Bytes held. */
  synchronized int size() {
    return size;
  }
}
