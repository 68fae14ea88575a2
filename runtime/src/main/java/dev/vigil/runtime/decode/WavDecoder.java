package dev.vigil.runtime.decode;

import java.io.IOException;
import java.io.InputStream;

/**
 * Streams the samples of a WAV file ({@link WavHeader}) in blocks of at most 4096 frames (64 KiB of
 * encoded bytes), so memory does not depend on the file's length. A trailing partial frame is
 * dropped.
 */
final class WavDecoder extends BlockPcmStream {
  private static final int MAX_BLOCK_BYTES = 1 << 16;
  private static final int MAX_BLOCK_FRAMES = 4096;

  private final InputStream in;
  private final byte[] raw;
  private final int frameBytes;

  private final PcmConverter converter;

  private long bytesLeft;
  private int carry;

  /**
   * @param in the input positioned at the first sample byte; closed by {@link #close()}
   */
  WavDecoder(String source, Deadline deadline, InputStream in, WavHeader h, String container) {
    super(source, deadline);
    this.in = in;
    this.frameBytes = h.frameBytes();
    int frames = Math.max(1, Math.min(MAX_BLOCK_FRAMES, MAX_BLOCK_BYTES / frameBytes));
    this.raw = new byte[frames * frameBytes];
    this.block = new float[h.channels()][frames];
    this.converter = new PcmConverter(h.encoding(), h.bytesPerSample(), h.channels(), raw);
    this.bytesLeft = h.dataBytes() < 0 ? Long.MAX_VALUE : h.dataBytes();
    setInfo(new AudioInfo(h.codec(), container, h.sampleRate(), h.channels(), h.frames()));
  }

  @Override
  protected boolean mayHoldNonFinite() {
    return converter.mayHoldNonFinite();
  }

  @Override
  protected String codecLabel() {
    return "WAV";
  }

  @Override
  protected boolean fill() throws IOException {
    int got = carry;
    int limit = carry + (int) Math.min(raw.length - carry, bytesLeft);
    while (got < limit) {
      int k = in.read(raw, got, limit - got);
      if (k < 0) {
        bytesLeft = 0;
        break;
      }
      got += k;
    }
    if (bytesLeft != Long.MAX_VALUE) {
      bytesLeft -= Math.min(bytesLeft, got - carry);
    }
    int frames = got / frameBytes;
    carry = got - frames * frameBytes;
    if (frames == 0) {
      return false; // the end; a partial last frame is dropped
    }
    converter.convert(frames, block);
    if (carry > 0) {
      System.arraycopy(raw, frames * frameBytes, raw, 0, carry);
    }
    blockLen = frames;
    return true;
  }

  @Override
  protected void release() throws IOException {
    in.close();
  }
}
