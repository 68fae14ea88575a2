package dev.vigil.runtime.decode;

import dev.vigil.runtime.decode.AudioInputException.Problem;
import java.io.IOException;
import java.io.InputStream;

/**
 * Splits an MPEG audio byte stream into whole, consistent frames and serves them, and only them, as
 * an input stream for JLayer (which never throws on garbage: it decodes anything into noise). Bytes
 * between frames are skipped after a resynchronisation that needs two consecutive frames of the
 * same stream; when more than {@value #MAX_JUNK_PERCENT} % of the bytes read (and over 8 KiB) had
 * to be skipped, the input is MALFORMED. Junk after the last frame (ID3v1, APE tags) is ignored.
 */
final class Mp3FrameReader extends InputStream {
  static final int MAX_JUNK_PERCENT = 5;
  private static final int MAX_FRAME = 4096;
  private static final int MIN_JUNK_BYTES = 8192;

  private final ByteInput in;
  private final String source;
  private final byte[] frame = new byte[MAX_FRAME];
  private final byte[] probe = new byte[4];
  private final byte[] ahead = new byte[4];
  private MpegAudioHeader ref;
  private MpegAudioHeader current;
  private int frameLen;
  private int framePos;
  private long framesRead;
  private long junk;
  private long consumed;
  private boolean eof;
  private AudioInputException failure;

  Mp3FrameReader(ByteInput in, long offset) throws IOException {
    this.in = in;
    this.source = in.source();
    in.seek(offset);
  }

  /** Header of the first frame, after {@link #nextFrame()} returned it once. */
  MpegAudioHeader reference() {
    return ref;
  }

  /** Bytes of the last frame read. */
  byte[] frameBytes() {
    return frame;
  }

  /** Length of the last frame read. */
  int frameLength() {
    return frameLen;
  }

  /** Frames read so far. */
  long framesRead() {
    return framesRead;
  }

  /**
   * Reads the next frame into {@link #frameBytes()}.
   *
   * @return its header, or null at the end
   */
  MpegAudioHeader nextFrame() throws IOException {
    if (eof) {
      return null;
    }
    long skipped = 0;
    while (true) {
      long pos = in.position();
      if (in.readFully(probe, 0, 4) < 4) {
        return end();
      }
      MpegAudioHeader h = MpegAudioHeader.parse(probe, 0);
      boolean ok = h != null && (ref == null || ref.sameStream(h)) && h.frameBytes() <= MAX_FRAME;
      if (ok && pos + h.frameBytes() > in.size()) {
        return end(); // a last frame cut short: ignore it like other decoders do
      }
      if (ok && (skipped > 0 || ref == null)) {
        ok = followedByFrame(pos + h.frameBytes(), h);
      }
      if (ok) {
        System.arraycopy(probe, 0, frame, 0, 4);
        if (in.readFully(frame, 4, h.frameBytes() - 4) < h.frameBytes() - 4) {
          return end();
        }
        if (framesRead > 0) {
          junk += skipped;
        }
        consumed += skipped + h.frameBytes();
        checkJunk();
        ref = ref == null ? h : ref;
        current = h;
        frameLen = h.frameBytes();
        framePos = 0;
        framesRead++;
        return h;
      }
      in.seek(pos + 1);
      skipped++;
      if (ref == null && skipped > 65536) {
        return end();
      }
    }
  }

  private boolean followedByFrame(long next, MpegAudioHeader h) throws IOException {
    long back = in.position();
    try {
      if (next == in.size()) {
        return true;
      }
      in.seek(Math.min(next, in.size()));
      if (in.readFully(ahead, 0, 4) < 4) {
        return true; // the end follows, or a few bytes of a tag
      }
      if (ahead[0] == 'T' && ahead[1] == 'A' && ahead[2] == 'G') {
        return true;
      }
      return h.sameStream(MpegAudioHeader.parse(ahead, 0));
    } finally {
      in.seek(back);
    }
  }

  private MpegAudioHeader end() throws AudioInputException {
    eof = true;
    frameLen = 0;
    framePos = 0;
    if (framesRead == 0) {
      throw fail(
          new AudioInputException(source, Problem.MALFORMED, "no valid MPEG audio frames found"));
    }
    return null;
  }

  private AudioInputException fail(AudioInputException e) {
    failure = e;
    return e;
  }

  /** The error this reader threw, if any (JLayer wraps it in its own exception). */
  AudioInputException failure() {
    return failure;
  }

  private void checkJunk() throws AudioInputException {
    if (junk > MIN_JUNK_BYTES && junk * 100 > consumed * MAX_JUNK_PERCENT) {
      throw fail(
          new AudioInputException(
              source,
              Problem.MALFORMED,
              "MPEG audio frame sync lost too often ("
                  + junk
                  + " of "
                  + consumed
                  + " bytes are not frames)"));
    }
  }

  /** Header of the frame being served. */
  MpegAudioHeader current() {
    return current;
  }

  // --- InputStream view for JLayer: the bytes of whole frames only ---

  @Override
  public int read() throws IOException {
    if (framePos >= frameLen && nextFrame() == null) {
      return -1;
    }
    return frame[framePos++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (framePos >= frameLen && nextFrame() == null) {
      return -1;
    }
    int n = Math.min(len, frameLen - framePos);
    System.arraycopy(frame, framePos, b, off, n);
    framePos += n;
    return n;
  }

  /** Marks the current frame as served, so the next read starts with the next frame. */
  void dropCurrentFrame() {
    framePos = frameLen;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
