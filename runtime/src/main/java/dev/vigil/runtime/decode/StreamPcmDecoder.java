package dev.vigil.runtime.decode;

import dev.vigil.runtime.decode.AudioInputException.Problem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Decodes a pushed stream ({@link StreamFormat}) written in pieces of any size, down to one byte:
 * the frames whose bytes are in are converted at the end of every {@link #write} and handed to the
 * sink; a partial frame waits for its rest. A {@link StreamFormat.Kind#WAV} stream's header is read
 * first (its samples may be in any encoding a WAV file holds; a stated data size ends the samples,
 * later bytes are ignored). The conversion is {@link PcmConverter}'s: a stream's samples equal
 * those of the same bytes read from a WAV file. Not thread-safe.
 */
public final class StreamPcmDecoder {

  /** Receives converted frames. */
  @FunctionalInterface
  public interface FrameSink {
    /**
     * {@code n} frames, at {@code block[c][0 .. n)} for every channel c; valid only during this
     * call. At most {@link #BLOCK_FRAMES} at a time.
     *
     * @throws IOException to stop the stream
     */
    void frames(float[][] block, int n) throws IOException;
  }

  /** The most frames handed to the sink at once. */
  public static final int BLOCK_FRAMES = 4096;

  /** The longest WAV header (every chunk before the samples) a stream may start with. */
  public static final int MAX_HEADER_BYTES = 1 << 20;

  private static final int MAX_BLOCK_BYTES = 1 << 16;

  private final String source;
  private final FrameSink sink;
  private AudioInfo info;

  private PcmConverter converter;
  private byte[] raw;
  private float[][] block;
  private int frameBytes;
  private int fill;
  private long bytesLeft = Long.MAX_VALUE;
  private long frames;

  /** A WAV stream's bytes until its header is read, then null. */
  private byte[] header;

  private int headerLen;
  private int nextAttempt = 12;
  private boolean finished;

  /**
   * @param source the stream's name, for messages
   * @param format raw PCM or WAV
   * @param sink receives the frames, on the thread that calls {@link #write}
   */
  public StreamPcmDecoder(String source, StreamFormat format, FrameSink sink) {
    this.source = Objects.requireNonNull(source, "source");
    this.sink = Objects.requireNonNull(sink, "sink");
    if (format.kind() == StreamFormat.Kind.RAW) {
      PcmEncoding e = format.encoding();
      start(
          e.wav,
          e.bytesPerSample(),
          new AudioInfo(e.wireName(), "raw", format.sampleRate(), format.channels(), -1));
    } else {
      header = new byte[256];
    }
  }

  /** The stream's format: known from the start for raw PCM, after its header for WAV, else null. */
  public AudioInfo info() {
    return info;
  }

  /** Frames handed to the sink so far. */
  public long frames() {
    return frames;
  }

  /**
   * Takes the next bytes of the stream.
   *
   * @throws AudioInputException a bad WAV header (once enough of it is in to tell), NaN or infinite
   *     float samples
   * @throws IOException what the sink throws
   * @throws IllegalStateException after {@link #finish()}
   */
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (finished) {
      throw new IllegalStateException(source + ": stream already finished");
    }
    if (header != null) {
      int take = Math.min(len, MAX_HEADER_BYTES - headerLen);
      appendHeader(b, off, take);
      off += take;
      len -= take;
      if (headerLen < nextAttempt && headerLen < MAX_HEADER_BYTES) {
        return;
      }
      if (!readHeader(false)) {
        return;
      }
    }
    samples(b, off, len);
  }

  /**
   * Ends the stream: a WAV header still incomplete is refused with the parse's error (truncated,
   * empty); a partial last frame is dropped, as a WAV file's is. Idempotent.
   *
   * @throws AudioInputException when the stream ended inside its WAV header
   */
  public void finish() throws IOException {
    if (finished) {
      return;
    }
    finished = true;
    if (header != null) {
      readHeader(true);
    }
  }

  private void appendHeader(byte[] b, int off, int len) {
    if (headerLen + len > header.length) {
      header = Arrays.copyOf(header, Math.max(headerLen + len, 2 * header.length));
    }
    System.arraycopy(b, off, header, headerLen, len);
    headerLen += len;
  }

  /**
   * Parses the header bytes in so far; true when it was read (its samples are then decoded), false
   * when more bytes are needed.
   */
  private boolean readHeader(boolean atEnd) throws IOException {
    WavHeader h;
    ByteArrayInputStream in = new ByteArrayInputStream(header, 0, headerLen);
    try {
      h = WavHeader.read(in, -1, source);
    } catch (AudioInputException e) {
      boolean needMore = e.problem() == Problem.TRUNCATED || e.problem() == Problem.EMPTY;
      if (!needMore || atEnd) {
        throw e;
      }
      if (headerLen >= MAX_HEADER_BYTES) {
        throw new AudioInputException(
            source,
            Problem.MALFORMED,
            "no WAV data chunk within the first " + MAX_HEADER_BYTES + " bytes");
      }
      nextAttempt = Math.max(headerLen + 1, 2 * headerLen);
      return false;
    }
    byte[] rest = header;
    int from = headerLen - in.available();
    int restLen = headerLen;
    header = null;
    start(
        h.encoding(),
        h.bytesPerSample(),
        new AudioInfo(h.codec(), "wav", h.sampleRate(), h.channels(), h.frames()));
    if (h.dataBytes() >= 0) {
      bytesLeft = h.dataBytes();
    }
    samples(rest, from, restLen - from);
    return true;
  }

  private void start(WavHeader.Encoding encoding, int bytesPerSample, AudioInfo info) {
    this.info = info;
    frameBytes = bytesPerSample * info.channels();
    int blockFrames = Math.max(1, Math.min(BLOCK_FRAMES, MAX_BLOCK_BYTES / frameBytes));
    raw = new byte[blockFrames * frameBytes];
    block = new float[info.channels()][blockFrames];
    converter = new PcmConverter(encoding, bytesPerSample, info.channels(), raw);
  }

  private void samples(byte[] b, int off, int len) throws IOException {
    if (bytesLeft != Long.MAX_VALUE) {
      len = (int) Math.min(len, bytesLeft);
      bytesLeft -= len;
    }
    while (len > 0) {
      int n = Math.min(len, raw.length - fill);
      System.arraycopy(b, off, raw, fill, n);
      fill += n;
      off += n;
      len -= n;
      if (fill == raw.length || len == 0) {
        convert();
      }
    }
  }

  private void convert() throws IOException {
    int n = fill / frameBytes;
    if (n == 0) {
      return;
    }
    converter.convert(n, block);
    if (converter.mayHoldNonFinite()) {
      PcmConverter.requireFinite(source, block, info.channels(), n, frames);
    }
    frames += n;
    fill -= n * frameBytes;
    System.arraycopy(raw, n * frameBytes, raw, 0, fill);
    sink.frames(block, n);
  }
}
