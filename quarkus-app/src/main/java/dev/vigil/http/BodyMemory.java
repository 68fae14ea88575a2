package dev.vigil.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The heap that request bodies may hold at once, shared by every upload ({@code
 * vigil.limits.body-memory}). An upload reserves bytes before it allocates them and gives them back
 * when it is released; an upload that finds no room goes to a temporary file instead. Thread-safe.
 */
final class BodyMemory {
  private final long capacity;
  private final AtomicLong used = new AtomicLong();

  /**
   * @param capacity bytes, &gt;= 0 (0: every body goes to a temporary file)
   */
  BodyMemory(long capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("body memory must be >= 0 bytes, got " + capacity);
    }
    this.capacity = capacity;
  }

  /** Reserves {@code bytes} if they fit beside what is held; false (and nothing held) if not. */
  boolean tryReserve(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("cannot reserve " + bytes + " bytes");
    }
    while (true) {
      long now = used.get();
      if (now + bytes > capacity) {
        return false;
      }
      if (used.compareAndSet(now, now + bytes)) {
        return true;
      }
    }
  }

  /** Gives back bytes reserved earlier. */
  void release(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("cannot release " + bytes + " bytes");
    }
    long left = used.addAndGet(-bytes);
    if (left < 0) {
      throw new IllegalStateException(
          "released " + bytes + " bytes of body memory, more than was held (" + left + " left)");
    }
  }

  /** Bytes held now. */
  long used() {
    return used.get();
  }

  /** The capacity, bytes. */
  long capacity() {
    return capacity;
  }
}
