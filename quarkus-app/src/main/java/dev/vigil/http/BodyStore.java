package dev.vigil.http;

import dev.vigil.runtime.decode.AudioSource;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.jboss.logging.Logger;

/**
 * The bytes of one upload as they arrive: in a heap array while they stay at or under the spill
 * threshold and the shared {@link BodyMemory} has room for the array, else in a temporary file in
 * the spill directory, written synchronously chunk by chunk (as Netty's own disk uploads are).
 * Every array is reserved in the {@link BodyMemory} before it is allocated, including the copy made
 * while it grows, so the heap held by bodies never exceeds that budget. {@link #release()} deletes
 * the file and gives the heap back; it is idempotent and may run on any thread.
 */
final class BodyStore {
  private static final Logger LOG = Logger.getLogger(BodyStore.class);

  /** Temporary files are named {@code vigil-upload-*.tmp}. */
  static final String PREFIX = "vigil-upload-";

  /** See {@link #PREFIX}. */
  static final String SUFFIX = ".tmp";

  private static final int FIRST_CAPACITY = 64 * 1024;

  /** The first bytes kept aside for a look at the header before the rest arrives. */
  static final int HEAD_BYTES = 4096;

  private final BodyMemory memory;
  private final long threshold;
  private final Path directory;
  private final long sizeHint;
  private byte[] heap = new byte[0];
  private final byte[] head = new byte[HEAD_BYTES];
  private int headLength;
  private long reserved;
  private long size;
  private Path file;
  private FileChannel channel;
  private boolean finished;
  private boolean released;

  /**
   * @param sizeHint the body's declared length, or -1: the array is sized for it when it fits under
   *     the threshold, and a larger one goes to a file from its first byte
   */
  BodyStore(BodyMemory memory, BodyLimits limits, long sizeHint) {
    this.memory = memory;
    this.threshold = limits.spillThreshold();
    this.directory = limits.spillDirectory();
    this.sizeHint = sizeHint;
  }

  /** Whether the declared length already says the body goes to a file. */
  private boolean declaredTooLarge() {
    return sizeHint > threshold;
  }

  /**
   * Appends the readable bytes of {@code chunk} (its indexes are left alone).
   *
   * @throws UncheckedIOException when the temporary file cannot be created or written
   */
  synchronized void write(ByteBuf chunk) {
    if (finished || released) {
      throw new IllegalStateException("body store already " + (released ? "released" : "done"));
    }
    int n = chunk.readableBytes();
    if (n == 0) {
      return;
    }
    if (headLength < HEAD_BYTES) {
      int k = Math.min(n, HEAD_BYTES - headLength);
      chunk.getBytes(chunk.readerIndex(), head, headLength, k);
      headLength += k;
    }
    if (heap != null && (declaredTooLarge() || !fitsInHeap(size + n))) {
      spill();
    }
    if (heap != null) {
      chunk.getBytes(chunk.readerIndex(), heap, (int) size, n);
    } else {
      writeToFile(chunk, n);
    }
    size += n;
  }

  /** Bytes written so far. */
  synchronized long size() {
    return size;
  }

  /** The first {@link #headLength()} bytes written (at most {@link #HEAD_BYTES}); do not modify. */
  synchronized byte[] head() {
    return head;
  }

  /** How many of the first bytes {@link #head()} holds. */
  synchronized int headLength() {
    return headLength;
  }

  /** Whether the bytes are in a temporary file. */
  synchronized boolean inFile() {
    return file != null;
  }

  /**
   * Ends the writing and hands out the bytes: the heap array (trimmed to size, or written to a file
   * when the budget has no room for the trimmed copy), or the temporary file. The store keeps
   * owning them: release it when the source is no longer read.
   */
  synchronized AudioSource finish(String name) {
    if (finished || released) {
      throw new IllegalStateException("body store already " + (released ? "released" : "done"));
    }
    finished = true;
    if (heap != null && heap.length != size) {
      if (memory.tryReserve(size)) {
        byte[] exact = Arrays.copyOf(heap, (int) size);
        memory.release(heap.length);
        reserved += size - heap.length;
        heap = exact;
      } else {
        spill();
      }
    }
    if (heap != null) {
      return AudioSource.of(heap, name);
    }
    closeChannel();
    return new AudioSource(name, file, null);
  }

  /** Deletes the temporary file, if any, and gives the heap back; later calls do nothing. */
  synchronized void release() {
    if (released) {
      return;
    }
    released = true;
    heap = null;
    closeChannel();
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        LOG.warnf("cannot delete the upload's temporary file %s: %s", file, e);
      }
    }
    memory.release(reserved);
    reserved = 0;
  }

  /** Grows the array to hold {@code need} bytes if the threshold and the budget allow. */
  private boolean fitsInHeap(long need) {
    if (need <= heap.length) {
      return true;
    }
    if (need > threshold) {
      return false;
    }
    long grown;
    if (sizeHint >= need && sizeHint <= threshold) {
      grown = sizeHint;
    } else {
      grown = Math.max(need, Math.min(threshold, Math.max(FIRST_CAPACITY, 2L * heap.length)));
    }
    if (!memory.tryReserve(grown)) {
      if (grown == need || !memory.tryReserve(need)) {
        return false;
      }
      grown = need;
    }
    byte[] bigger = Arrays.copyOf(heap, (int) grown);
    memory.release(heap.length);
    reserved += grown - heap.length;
    heap = bigger;
    return true;
  }

  /** Moves what is in the heap to a new temporary file and gives the heap back. */
  private void spill() {
    try {
      file = Files.createTempFile(directory, PREFIX, SUFFIX);
      channel = FileChannel.open(file, StandardOpenOption.WRITE);
      ByteBuffer held = ByteBuffer.wrap(heap, 0, (int) size);
      while (held.hasRemaining()) {
        channel.write(held);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write an upload to the spill directory " + directory + ": " + e.getMessage(), e);
    }
    memory.release(reserved);
    reserved = 0;
    heap = null;
  }

  private void writeToFile(ByteBuf chunk, int n) {
    try {
      int index = chunk.readerIndex();
      int done = 0;
      while (done < n) {
        done += chunk.getBytes(index + done, channel, size + done, n - done);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write an upload to " + file + ": " + e.getMessage(), e);
    }
  }

  private void closeChannel() {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      LOG.warnf("cannot close the upload's temporary file %s: %s", file, e);
    }
    channel = null;
  }
}
