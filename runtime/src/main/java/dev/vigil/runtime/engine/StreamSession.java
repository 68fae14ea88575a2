package dev.vigil.runtime.engine;

import dev.vigil.runtime.decode.StreamFormat;
import dev.vigil.runtime.verdict.FileVerdict;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * One live audio stream, scored while it arrives ({@link DetectionEngine#openStream}). Hand it the
 * stream's bytes as they come, in pieces of any size: {@link #offer} never blocks (for an event
 * loop), {@link #push} waits for room (for a thread that reads a pipe). The engine's threads
 * decode, resample and cut them into windows; the windows share batches with every other input of
 * the engine, files and streams; the {@link StreamListener} gets each window's verdict in time
 * order as soon as it and the windows before it are scored. {@link #close()} ends the audio; {@link
 * #result()} then completes with the verdict of the whole stream.
 *
 * <p><b>Equal to a file.</b> The windows, their scores and the final verdict are those that
 * detection of a file holding the same samples gives (the same decoding, down-mix, resampler,
 * windows and features; scores equal up to the batch composition, within 1e-6), whatever the sizes
 * of the pieces.
 *
 * <p><b>The end-aligned last window.</b> A file's last window is aligned to its end (start = length
 * − W) so that every sample is scored, and a file shorter than W gets one window tiled to W. Both
 * depend on the length, which a stream has only at its end: the regular windows (starts 0, hop,
 * 2·hop, …) are emitted as soon as their last sample is in, and the end-aligned window (or the one
 * tiled window of a stream shorter than W) is cut at {@link #close()}, scored like the others and
 * emitted last, just before the result; its start is then not a multiple of the hop, and it
 * overlaps the previous window by more than the hop. So a stream's listener sees exactly the file's
 * windows, the last one only after the close.
 *
 * <p><b>Errors.</b> Bad audio fails the result with the input's {@link
 * dev.vigil.runtime.decode.AudioInputException} (one line: {@code "NAME: problem"}; mid-stream: a
 * bad WAV header, NaN or infinite float samples, more than the detector's maximum duration; at the
 * close: {@code too_short}, {@code silence_only}) after the windows cut before it went to the
 * listener (a silent stream's windows, then {@code silence_only}). The result fails at once with an
 * {@link IllegalStateException} when the engine closes first, an {@link java.io.IOException} when
 * the model or the listener fails, or a {@link CancellationException} after {@link #cancel()}; no
 * window follows. Bytes handed over after a failure are dropped.
 *
 * <p>Thread-safe: any thread may offer, push, close or cancel; bytes are read in the order the
 * calls that handed them over returned. Holds no native resource; an open stream costs its buffer
 * (up to {@link #MAX_BUFFERED_BYTES}) and its window state (O(W) samples), nothing that grows with
 * its length but the window verdicts kept for the result (about 300 bytes per window).
 */
public final class StreamSession implements AutoCloseable {
  /** The most bytes a stream holds while its reading thread catches up. */
  public static final int MAX_BUFFERED_BYTES = 1 << 20;

  private final Job job;
  private final StreamInput input;
  private final StreamBuffer buffer;
  private final StreamFormat format;

  StreamSession(Job job, StreamInput input, StreamBuffer buffer, StreamFormat format) {
    this.job = job;
    this.input = input;
    this.buffer = buffer;
    this.format = format;
  }

  /** The stream's name, as messages and verdicts give it. */
  public String name() {
    return job.name;
  }

  /** The format the stream was opened with. */
  public StreamFormat format() {
    return format;
  }

  /**
   * Hands over the next bytes without blocking: all of them, or none when they do not fit in the
   * buffer (the engine is behind by {@link #MAX_BUFFERED_BYTES}; offer them again later, or slow
   * the source down).
   *
   * @return false when nothing was taken
   * @throws IllegalStateException after {@link #close()} or {@link #cancel()}
   */
  public boolean offer(byte[] b, int off, int len) {
    Objects.checkFromIndexSize(off, len, b.length);
    boolean taken = buffer.offer(b, off, len, System.nanoTime());
    if (taken) {
      input.wake();
    }
    return taken;
  }

  /**
   * {@link #offer(byte[], int, int)} of a buffer's remaining bytes; when they are taken, its
   * position moves to its limit.
   */
  public boolean offer(ByteBuffer bytes) {
    boolean taken = buffer.offer(bytes, System.nanoTime());
    if (taken) {
      input.wake();
    }
    return taken;
  }

  /**
   * Hands over the next bytes, waiting while the buffer is full.
   *
   * @throws InterruptedException when interrupted while waiting (some bytes may have been taken)
   * @throws IllegalStateException after {@link #close()} or {@link #cancel()}
   */
  public void push(byte[] b, int off, int len) throws InterruptedException {
    Objects.checkFromIndexSize(off, len, b.length);
    while (len > 0) {
      int n = buffer.put(b, off, len, System.nanoTime());
      input.wake();
      off += n;
      len -= n;
    }
  }

  /** Bytes handed over and not yet decoded. */
  public int bufferedBytes() {
    return buffer.size();
  }

  /**
   * Completes with the verdict of the whole stream (one per channel when the detector splits
   * channels) after the last window went to the listener, or exceptionally (see the class comment).
   * Cancelling it abandons the stream, as {@link #cancel()} does.
   */
  public CompletableFuture<List<FileVerdict>> result() {
    return job.future;
  }

  /**
   * Ends the audio: the bytes handed over are read to their end, the end-aligned last window is cut
   * and scored, and {@link #result()} completes. Does not wait. Idempotent.
   */
  @Override
  public void close() {
    if (buffer.end()) {
      input.wake();
    }
  }

  /**
   * Abandons the stream: no further window is emitted and {@link #result()} fails with {@link
   * CancellationException}. Idempotent; no effect once the result is complete.
   */
  public void cancel() {
    buffer.end();
    job.fail(new CancellationException(job.name + ": cancelled"));
  }

  /** Whether {@link #close()} or {@link #cancel()} was called. */
  public boolean isClosed() {
    return buffer.ended();
  }
}
