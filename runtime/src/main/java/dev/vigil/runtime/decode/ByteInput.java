package dev.vigil.runtime.decode;

import dev.vigil.runtime.decode.AudioInputException.Problem;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;

/**
 * The encoded bytes of one source as a buffered, seekable input stream: a file (or another source's
 * {@link SeekableByteChannel}) read in 64 KiB blocks, or an array. Every refill checks the
 * deadline, {@link #cancel()} makes every later read fail (so a library stuck in a read loop gets
 * out), and {@link #skip(long)} past the end throws {@link EOFException} instead of returning 0
 * (some decoders loop forever on a 0). Not thread-safe except {@link #cancel()}.
 */
final class ByteInput extends InputStream {
  private static final int BUFFER = 1 << 16;

  private final String source;
  private final Deadline deadline;
  private final SeekableByteChannel channel;
  private final long size;
  private final byte[] buf;
  private long bufStart;
  private int bufLen;
  private int bufPos;
  private volatile boolean cancelled;
  private boolean closed;
  private int calls;

  private ByteInput(
      String source, Deadline deadline, SeekableByteChannel channel, byte[] bytes, long size) {
    this.source = source;
    this.deadline = deadline;
    this.channel = channel;
    this.size = size;
    if (channel == null) {
      this.buf = bytes;
      this.bufLen = bytes.length;
    } else {
      this.buf = new byte[BUFFER];
    }
  }

  /** Opens the source; a missing or unreadable file or channel is UNREADABLE. */
  static ByteInput open(AudioSource src, Deadline deadline) throws AudioInputException {
    if (src.bytes() != null) {
      return new ByteInput(src.name(), deadline, null, src.bytes(), src.bytes().length);
    }
    if (src.path() != null && Files.isDirectory(src.path())) {
      throw new AudioInputException(src.name(), Problem.UNREADABLE, "is a directory, not a file");
    }
    SeekableByteChannel ch = null;
    try {
      ch =
          src.path() != null
              ? FileChannel.open(src.path(), StandardOpenOption.READ)
              : src.channel().open();
      return new ByteInput(src.name(), deadline, ch, null, ch.size());
    } catch (NoSuchFileException | FileNotFoundException e) {
      throw new AudioInputException(src.name(), Problem.UNREADABLE, "no such file", e);
    } catch (AccessDeniedException e) {
      throw new AudioInputException(src.name(), Problem.UNREADABLE, "permission denied", e);
    } catch (IOException | RuntimeException e) {
      closeQuietly(ch);
      throw new AudioInputException(
          src.name(), Problem.UNREADABLE, "cannot be read (" + e.getMessage() + ")", e);
    }
  }

  private static void closeQuietly(SeekableByteChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // already failing
      }
    }
  }

  String source() {
    return source;
  }

  /** Total bytes of the source. */
  long size() {
    return size;
  }

  /** Position of the next byte read. */
  long position() {
    return bufStart + bufPos;
  }

  /** Bytes from the position to the end. */
  long remaining() {
    return size - position();
  }

  /** Moves the read position (0 ≤ pos ≤ size). */
  void seek(long pos) throws IOException {
    ensureOpen();
    if (pos < 0 || pos > size) {
      throw new EOFException("seek to " + pos + " outside 0.." + size);
    }
    if (channel == null) {
      bufPos = (int) pos;
    } else if (pos >= bufStart && pos <= bufStart + bufLen) {
      bufPos = (int) (pos - bufStart);
    } else {
      bufStart = pos;
      bufLen = 0;
      bufPos = 0;
    }
  }

  /** Makes every later read throw; safe from any thread. */
  void cancel() {
    cancelled = true;
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException(source + ": input is closed");
    }
    if (cancelled) {
      throw deadline.expired()
          ? deadline.timeoutException()
          : new IOException(source + ": decoding was cancelled");
    }
  }

  /** Refills the buffer; false at the end. */
  private boolean refill() throws IOException {
    ensureOpen();
    deadline.check();
    if (channel == null) {
      return false;
    }
    bufStart += bufLen;
    bufPos = 0;
    bufLen = 0;
    if (bufStart >= size) {
      return false;
    }
    ByteBuffer bb = ByteBuffer.wrap(buf);
    channel.position(bufStart);
    while (bb.hasRemaining()) {
      if (channel.read(bb) < 0) {
        break;
      }
    }
    bufLen = bb.position();
    return bufLen > 0;
  }

  /**
   * A library can loop inside one call without exhausting the buffer (an in-memory upload is one
   * buffer): every 256th read call also checks the deadline and cancellation.
   */
  private void tick() throws IOException {
    if ((++calls & 0xff) == 0) {
      ensureOpen();
      deadline.check();
    }
  }

  @Override
  public int read() throws IOException {
    tick();
    if (bufPos >= bufLen && !refill()) {
      return -1;
    }
    return buf[bufPos++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    ensureOpen();
    tick();
    if (len == 0) {
      return 0;
    }
    if (bufPos >= bufLen && !refill()) {
      return -1;
    }
    int n = Math.min(len, bufLen - bufPos);
    System.arraycopy(buf, bufPos, b, off, n);
    bufPos += n;
    return n;
  }

  /** Reads exactly {@code len} bytes or returns how many there were before the end. */
  int readFully(byte[] b, int off, int len) throws IOException {
    int done = 0;
    while (done < len) {
      int n = read(b, off + done, len - done);
      if (n < 0) {
        break;
      }
      done += n;
    }
    return done;
  }

  @Override
  public long skip(long n) throws IOException {
    ensureOpen();
    if (n <= 0) {
      return 0;
    }
    long rem = remaining();
    if (rem <= 0) {
      throw new EOFException(source + ": skip past the end of the input");
    }
    long k = Math.min(n, rem);
    seek(position() + k);
    return k;
  }

  @Override
  public int available() {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(0, remaining()));
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (channel != null) {
      channel.close();
    }
  }
}
