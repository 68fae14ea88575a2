package dev.vigil.runtime.segment;

import dev.vigil.runtime.decode.AudioInfo;
import dev.vigil.runtime.decode.AudioInputException;
import dev.vigil.runtime.decode.StreamFormat;
import dev.vigil.runtime.decode.StreamPcmDecoder;
import java.io.IOException;

/**
 * One pushed stream ({@link SegmentReader#openStream}): its bytes come in pieces of any size
 * through {@link #write}, and every window they complete goes to the sink before {@code write}
 * returns. The regular windows (starts 0, hop, 2·hop, …) are the ones a file of the same samples
 * gets; the end-aligned last window, or the one tiled window of a stream shorter than W, depends on
 * the stream's length and so is cut only by {@link #finish}. Memory stays O(W) per scored channel.
 * Not thread-safe; may be passed between threads.
 */
public final class PushSession implements AutoCloseable {
  private final String name;
  private final SegmentReader reader;
  private final SegmentReader.ChannelSink sink;
  private final StreamPcmDecoder decoder;
  private ChannelPipe pipe;
  private long nanos;
  private SegmentReader.Summary summary;
  private boolean finishing;
  private boolean closed;

  PushSession(
      String name, StreamFormat format, SegmentReader.ChannelSink sink, SegmentReader reader)
      throws AudioInputException {
    this.name = name;
    this.reader = reader;
    this.sink = sink;
    this.decoder = new StreamPcmDecoder(name, format, this::frames);
    if (decoder.info() != null) {
      pipe = reader.pipe(name, decoder.info(), true, sink);
    }
  }

  /** The stream's format; null while a WAV stream's header is still to come. */
  public AudioInfo info() {
    return decoder.info();
  }

  /**
   * Takes the next bytes and hands the windows they complete to the sink.
   *
   * @throws AudioInputException bad input: a bad WAV header, an unsupported rate, NaN or infinite
   *     samples, too long
   * @throws IOException what the sink throws
   * @throws IllegalStateException after {@link #finish} or {@link #close}
   */
  public void write(byte[] b, int off, int len) throws IOException {
    requireOpen();
    long t0 = System.nanoTime();
    long sink0 = sinkNanos();
    try {
      decoder.write(b, off, len);
    } finally {
      nanos += System.nanoTime() - t0 - (sinkNanos() - sink0);
    }
  }

  /**
   * Ends the stream: the resampler's last samples, the end-aligned last window (or the tiled window
   * of a short stream), and the rules of a whole input.
   *
   * @return what was read
   * @throws AudioInputException {@code TOO_SHORT}, {@code SILENCE_ONLY}, or a WAV header that never
   *     ended
   * @throws IOException what the sink throws
   * @throws IllegalStateException when called again after it failed, or after {@link #close}
   */
  public SegmentReader.Summary finish() throws IOException {
    if (summary != null) {
      return summary;
    }
    requireOpen();
    finishing = true;
    long t0 = System.nanoTime();
    long sink0 = sinkNanos();
    int windows;
    try {
      decoder.finish();
      if (pipe == null) {
        pipe = reader.pipe(name, decoder.info(), true, sink); // a WAV header and no samples
      }
      windows = pipe.finish();
    } finally {
      nanos += System.nanoTime() - t0 - (sinkNanos() - sink0);
    }
    summary = reader.summarize(decoder.info(), pipe, windows, nanos);
    return summary;
  }

  private void frames(float[][] block, int n) throws IOException {
    if (pipe == null) {
      pipe = reader.pipe(name, decoder.info(), true, sink);
    }
    pipe.push(block, n);
  }

  private long sinkNanos() {
    return pipe == null ? 0 : pipe.sinkNanos();
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException(name + ": stream session is closed");
    }
    if (finishing) {
      throw new IllegalStateException(name + ": stream already finished");
    }
  }

  /** Gives the buffers back to the reader. Idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      if (pipe != null) {
        pipe.release();
      }
    }
  }
}
