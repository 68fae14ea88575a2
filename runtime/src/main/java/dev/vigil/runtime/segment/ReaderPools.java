package dev.vigil.runtime.segment;

import dev.vigil.runtime.resample.Resampler;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What closed reading sessions leave (segmenter windows, resampled blocks, resamplers with their
 * block buffers), taken by the next sessions of the same {@link SegmentReader} so that an input
 * costs no large allocation; at most {@value #LIMIT} of each kind are kept. Thread-safe.
 */
final class ReaderPools {
  private static final int LIMIT = 16;

  private final Pool<float[]> windowBuffers = new Pool<>();
  private final Pool<float[]> outBuffers = new Pool<>();
  private final Pool<Resampler> resamplers = new Pool<>();

  /** A segmenter buffer of exactly {@code length} samples. */
  float[] windowBuffer(int length) {
    return windowBuffers.take(b -> b.length == length, () -> new float[length]);
  }

  /** A resampled-block buffer of exactly {@code length} samples. */
  float[] outBuffer(int length) {
    return outBuffers.take(b -> b.length == length, () -> new float[length]);
  }

  /** A resampler for this rate pair, reset for a new stream. */
  Resampler resampler(int inRate, int outRate) {
    Resampler r =
        resamplers.take(
            p -> p.inRate() == inRate && p.outRate() == outRate,
            () -> new Resampler(inRate, outRate));
    r.reset(); // a session closed before its end leaves a stream half read
    return r;
  }

  void giveBackWindow(float[] b) {
    windowBuffers.giveBack(b);
  }

  void giveBackOut(float[] b) {
    outBuffers.giveBack(b);
  }

  void giveBack(Resampler r) {
    resamplers.giveBack(r);
  }

  /** At most {@link #LIMIT} idle objects of one kind. */
  private static final class Pool<T> {
    private final ConcurrentLinkedQueue<T> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();

    /** A pooled object that fits, or a new one (a pooled one that does not fit is let go). */
    T take(Predicate<T> fits, Supplier<T> make) {
      T t = idle.poll();
      if (t == null) {
        return make.get();
      }
      size.decrementAndGet();
      return fits.test(t) ? t : make.get();
    }

    void giveBack(T t) {
      if (size.incrementAndGet() <= LIMIT) {
        idle.offer(t);
      } else {
        size.decrementAndGet();
      }
    }
  }
}
