package dev.vigil.runtime.decode;

import dev.vigil.runtime.decode.AudioInputException.Problem;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs a decoder that may hang or spin inside a library call on a daemon worker thread, two blocks
 * ahead of the reader, and gives up at the deadline: the reader gets TIMEOUT and the worker is
 * cancelled (its input is closed and it is interrupted). A worker stuck in a loop that neither
 * reads nor checks interruption keeps its thread until it returns; it holds no lock of the
 * caller's.
 */
final class WatchdogPcmStream extends BlockPcmStream {
  /** The decoder run on the worker thread. */
  interface Producer {
    /** Opens the container and learns the format. */
    AudioInfo start() throws Exception;

    /** Most frames one {@link #next(float[][])} writes. */
    int maxFrames();

    /** Decodes the next frames into {@code buf[c][0 ..]}; -1 at the end. */
    int next(float[][] buf) throws Exception;

    /** Makes blocking calls fail; called from another thread. */
    void cancel();

    /** Releases the input; called on the worker thread when it ends. */
    void close() throws IOException;
  }

  private static final int QUEUE = 2;
  private static final int POOL = QUEUE + 2;
  private static final Object END = new Object();

  private record Filled(float[][] buf, int len) {}

  private final Producer producer;
  private final String label;
  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE);
  private final Thread worker;
  private volatile boolean stop;

  WatchdogPcmStream(String source, Deadline deadline, String label, Producer producer)
      throws IOException {
    super(source, deadline);
    this.producer = producer;
    this.label = label;
    worker = new Thread(this::run, "vigil-decode-" + label);
    worker.setDaemon(true);
    worker.start();
    Object first = take();
    if (first instanceof AudioInfo info) {
      setInfo(info);
    } else {
      throw failure(first);
    }
  }

  @Override
  protected String codecLabel() {
    return label;
  }

  private void run() {
    try {
      AudioInfo info = producer.start();
      if (!offer(info)) {
        return;
      }
      float[][][] pool = new float[POOL][info.channels()][producer.maxFrames()];
      for (int i = 0; !stop; i = (i + 1) % POOL) {
        int n = producer.next(pool[i]);
        if (n < 0) {
          offer(END);
          return;
        }
        if (n > 0 && !offer(new Filled(pool[i], n))) {
          return;
        }
      }
    } catch (Throwable e) { // a hostile input can make the library throw anything
      offer(e);
    } finally {
      try {
        producer.close();
      } catch (IOException | RuntimeException ignored) {
        // the outcome is already on its way to the reader
      }
    }
  }

  private boolean offer(Object o) {
    try {
      while (!stop) {
        if (queue.offer(o, 50, TimeUnit.MILLISECONDS)) {
          return true;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  private Object take() throws AudioInputException {
    try {
      Object o = queue.poll(deadline.remainingNanos(), TimeUnit.NANOSECONDS);
      if (o == null) {
        cancel();
        throw deadline.timeoutException();
      }
      return o;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancel();
      throw new AudioInputException(source, Problem.UNREADABLE, "decoding was interrupted", e);
    }
  }

  private AudioInputException failure(Object o) {
    cancel();
    if (o instanceof Throwable t) {
      return translate(t);
    }
    return new AudioInputException(source, Problem.MALFORMED, "no " + label + " audio found");
  }

  @Override
  protected boolean fill() throws IOException {
    Object o = take();
    if (o == END) {
      return false;
    }
    if (o instanceof Filled f) {
      block = f.buf();
      blockLen = f.len();
      return true;
    }
    throw failure(o);
  }

  private void cancel() {
    stop = true;
    producer.cancel();
    worker.interrupt();
  }

  @Override
  protected void release() {
    cancel();
    queue.clear();
  }
}
