package dev.vigil.spark;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import org.apache.hadoop.fs.FSDataInputStream;

/**
 * A read-only {@link SeekableByteChannel} over a Hadoop {@link FSDataInputStream} of a file of
 * known length: what the runtime's decoders read a file of HDFS, S3 or any Hadoop file system
 * through, block by block, with seeks, never whole. Not thread-safe.
 */
final class HadoopChannel implements SeekableByteChannel {
  private final FSDataInputStream in;
  private final long size;
  private byte[] scratch;
  private boolean open = true;

  /**
   * @param in the stream, owned from here on (closed with the channel)
   * @param size the file's length in bytes
   */
  HadoopChannel(FSDataInputStream in, long size) {
    this.in = in;
    this.size = size;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    ensureOpen();
    if (!dst.hasRemaining()) {
      return 0;
    }
    if (dst.hasArray()) {
      int n = in.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
      if (n > 0) {
        dst.position(dst.position() + n);
      }
      return n;
    }
    if (scratch == null) {
      scratch = new byte[1 << 16];
    }
    int n = in.read(scratch, 0, Math.min(scratch.length, dst.remaining()));
    if (n > 0) {
      dst.put(scratch, 0, n);
    }
    return n;
  }

  @Override
  public int write(ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public long position() throws IOException {
    ensureOpen();
    return in.getPos();
  }

  @Override
  public SeekableByteChannel position(long p) throws IOException {
    ensureOpen();
    if (p != in.getPos()) {
      in.seek(p);
    }
    return this;
  }

  @Override
  public long size() throws IOException {
    ensureOpen();
    return size;
  }

  @Override
  public SeekableByteChannel truncate(long n) {
    throw new NonWritableChannelException();
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() throws IOException {
    if (open) {
      open = false;
      in.close();
    }
  }

  private void ensureOpen() throws ClosedChannelException {
    if (!open) {
      throw new ClosedChannelException();
    }
  }
}
