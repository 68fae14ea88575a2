package dev.vigil.runtime.engine;

import dev.vigil.runtime.pipeline.Pipeline;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The windows between the reading threads and the inference threads: a pool of {@link Slot}s
 * allocated once and the queue of filled ones, plus a wake sentinel that tells a waiting inference
 * thread to look again (an input's reading ended, or an inline reading task was queued).
 */
final class SegmentQueue {
  private final Pipeline pipeline;
  private final ArrayBlockingQueue<Slot> free;
  private final BlockingQueue<Slot> ready;

  /**
   * Never holds a window. At most one is queued at a time ({@link #wakeQueued}), so the bounded
   * queue keeps one place for it. It reaches one thread, maybe not the one waiting, so a partial
   * batch also looks again in slices ({@link InferenceWorker}).
   */
  private final Slot wake = new Slot(new float[0][], null);

  private final AtomicBoolean wakeQueued = new AtomicBoolean();

  /**
   * @param capacity pooled slots
   * @param bounded whether the queue is bounded by the pool (with worker threads, which block on
   *     it); inline reading stops a slice once a batch is queued and never blocks
   */
  SegmentQueue(Pipeline pipeline, int capacity, boolean bounded) {
    this.pipeline = pipeline;
    this.free = new ArrayBlockingQueue<>(capacity);
    this.ready = bounded ? new ArrayBlockingQueue<>(capacity + 1) : new LinkedBlockingQueue<>();
    for (int i = 0; i < capacity; i++) {
      free.add(newSlot());
    }
  }

  /** A free slot, or null when the pool is empty. */
  Slot pollFree() {
    return free.poll();
  }

  /** A free slot, waiting for one. */
  Slot takeFree() throws InterruptedException {
    return free.take();
  }

  /** A slot outside the pool, for a reader that must not block (it is let go when returned). */
  Slot newSlot() {
    return new Slot(pipeline.newFeatureBuffers(), pipeline.newWaveformBuffer());
  }

  /** Returns a slot to the pool. */
  void release(Slot slot) {
    slot.job = null;
    slot.window = null;
    free.offer(slot);
  }

  /** Queues a filled slot for inference. */
  void enqueue(Slot slot) {
    if (!ready.offer(slot)) {
      release(slot);
      throw new IllegalStateException("segment queue overflow");
    }
  }

  /** The next queued slot (possibly the wake sentinel), or null. */
  Slot poll() {
    return ready.poll();
  }

  /** The next queued slot (possibly the wake sentinel), waiting at most {@code nanos}. */
  Slot poll(long nanos) throws InterruptedException {
    return ready.poll(nanos, TimeUnit.NANOSECONDS);
  }

  /** Whether {@code slot} is the wake sentinel; if so it is taken off (the next wake can queue). */
  boolean consumedWake(Slot slot) {
    if (slot != wake) {
      return false;
    }
    wakeQueued.set(false);
    return true;
  }

  /** Puts the wake sentinel on the queue unless it is there already. */
  void wakeOne() {
    if (wakeQueued.compareAndSet(false, true)) {
      ready.offer(wake);
    }
  }

  /** Windows waiting for inference. */
  int queued() {
    return Math.max(0, ready.size() - (wakeQueued.get() ? 1 : 0));
  }
}
