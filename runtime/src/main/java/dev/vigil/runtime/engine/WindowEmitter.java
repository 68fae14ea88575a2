package dev.vigil.runtime.engine;

import dev.vigil.runtime.verdict.SegmentCollector;
import dev.vigil.runtime.verdict.SegmentVerdict;
import dev.vigil.runtime.verdict.WindowVerdict;
import java.util.Arrays;

/**
 * Hands one input's scored windows to its {@link StreamListener} in time order, although batches on
 * different inference threads score them in any order: a window goes out once it and every earlier
 * window of its channel are scored. Keeps when each window's bytes arrived.
 */
final class WindowEmitter {
  private final StreamListener listener;
  private final String name;
  private final double threshold;
  private final boolean split;

  /** Arrival per window index (the same for every channel: their windows are cut together). */
  private long[] arrivals = new long[64];

  /** The next window to hand out, per scored stream; guarded by the job's lock. */
  private int[] next = new int[1];

  /** Windows handed out, over all streams; guarded by the job's lock. */
  private int emitted;

  WindowEmitter(StreamListener listener, String name, double threshold, boolean split) {
    this.listener = listener;
    this.name = name;
    this.threshold = threshold;
    this.split = split;
  }

  /** Window {@code index}'s bytes arrived at {@code nanos} (reading thread). */
  synchronized void arrived(int index, long nanos) {
    if (index >= arrivals.length) {
      arrivals = Arrays.copyOf(arrivals, Math.max(index + 1, 2 * arrivals.length));
    }
    arrivals[index] = nanos;
  }

  private synchronized long arrival(int index) {
    return arrivals[index];
  }

  /**
   * Hands out every window that follows the ones handed out and is scored; call it under the job's
   * lock after each delivery.
   *
   * @throws RuntimeException what the listener throws
   */
  void emitReady(SegmentCollector collector) {
    int streams = collector.streams();
    if (streams > next.length) {
      next = Arrays.copyOf(next, streams);
    }
    for (int s = 0; s < streams; s++) {
      SegmentVerdict v;
      while ((v = collector.get(s, next[s])) != null) {
        listener.onWindow(WindowVerdict.of(name, split ? s : -1, v, threshold, arrival(next[s])));
        next[s]++;
        emitted++;
      }
    }
  }

  /** Windows handed out so far, over all streams (under the job's lock). */
  int emitted() {
    return emitted;
  }
}
