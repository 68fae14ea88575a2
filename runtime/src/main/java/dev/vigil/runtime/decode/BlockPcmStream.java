package dev.vigil.runtime.decode;

import dev.vigil.runtime.decode.AudioInputException.Problem;
import java.io.IOException;

/**
 * The shared part of every decoder: the closed-state guard, the deadline check on each read, the
 * NaN/Inf check, and the conversion of anything a decoding library throws into an {@link
 * AudioInputException}. A subclass decodes one block at a time in {@link #fill()} and points {@link
 * #block}/{@link #blockLen} at it; this class hands it out in pieces of any size.
 */
abstract class BlockPcmStream implements PcmStream {
  /** The source's name, for messages. */
  protected final String source;

  /** The deadline of this decode. */
  protected final Deadline deadline;

  /** The current block, one array per channel; set by {@link #fill()}. */
  protected float[][] block;

  /** Frames in {@link #block}; set by {@link #fill()}. */
  protected int blockLen;

  private int blockPos;
  private AudioInfo info;
  private boolean closed;
  private boolean ended;
  private long framesOut;

  BlockPcmStream(String source, Deadline deadline) {
    this.source = source;
    this.deadline = deadline;
  }

  /** Sets the format; called once by the subclass constructor. */
  protected final void setInfo(AudioInfo info) {
    this.info = info;
  }

  @Override
  public final AudioInfo info() {
    return info;
  }

  /** Frames handed out so far. */
  protected final long framesOut() {
    return framesOut;
  }

  /**
   * Decodes the next block into {@link #block}/{@link #blockLen} (a block of 0 frames is allowed).
   *
   * @return false at the end of the stream
   */
  protected abstract boolean fill() throws IOException;

  /** Releases what the subclass holds; called once. */
  protected abstract void release() throws IOException;

  /**
   * Whether a decoded block can hold NaN or infinity, and so must be checked; false for samples
   * scaled from integers, which cannot.
   */
  protected boolean mayHoldNonFinite() {
    return true;
  }

  /** A short name of the codec for messages, e.g. "FLAC". */
  protected abstract String codecLabel();

  @Override
  public final int read(float[][] out, int offset, int maxFrames) throws IOException {
    if (closed) {
      throw new IllegalStateException(source + ": the PCM stream is closed");
    }
    if (out.length != info.channels()) {
      throw new IllegalArgumentException(
          "out has " + out.length + " channel arrays, the stream has " + info.channels());
    }
    if (maxFrames < 0 || offset < 0) {
      throw new IllegalArgumentException("offset and maxFrames must be >= 0");
    }
    for (float[] ch : out) {
      if (ch.length - offset < maxFrames) {
        throw new IllegalArgumentException(
            "a channel array of "
                + ch.length
                + " floats cannot take "
                + maxFrames
                + " at "
                + offset);
      }
    }
    if (maxFrames == 0) {
      return 0;
    }
    while (blockPos >= blockLen) {
      if (ended) {
        return -1;
      }
      deadline.check();
      blockPos = 0;
      blockLen = 0;
      if (!fillGuarded()) {
        ended = true;
        blockLen = 0;
        return -1;
      }
      if (mayHoldNonFinite()) {
        checkFinite();
      }
    }
    int n = Math.min(maxFrames, blockLen - blockPos);
    for (int c = 0; c < out.length; c++) {
      System.arraycopy(block[c], blockPos, out[c], offset, n);
    }
    blockPos += n;
    framesOut += n;
    return n;
  }

  private boolean fillGuarded() throws IOException {
    try {
      return fill();
    } catch (AudioInputException e) {
      throw e;
    } catch (IOException | RuntimeException | StackOverflowError e) {
      throw translate(e);
    } catch (OutOfMemoryError e) {
      // a library allocating from a corrupt length field: one failed allocation, not a heap leak
      throw translate(e);
    }
  }

  /** Maps a failure inside a decoding library to the input's problem. */
  protected AudioInputException translate(Throwable e) {
    if (deadline.expired()) {
      return deadline.timeoutException();
    }
    if (e instanceof AudioInputException aie) {
      return aie;
    }
    if (e instanceof java.io.EOFException) {
      return new AudioInputException(
          source, Problem.TRUNCATED, codecLabel() + " data ends in the middle of a frame", e);
    }
    String what = e.getClass().getSimpleName();
    String msg = e.getMessage();
    return new AudioInputException(
        source,
        Problem.MALFORMED,
        "corrupt "
            + codecLabel()
            + " data at frame "
            + framesOut
            + " ("
            + what
            + (msg == null || msg.isBlank() ? "" : ": " + abbreviate(msg))
            + ")",
        e);
  }

  private static String abbreviate(String s) {
    String one = s.replaceAll("\\s+", " ").strip();
    return one.length() <= 120 ? one : one.substring(0, 117) + "...";
  }

  private void checkFinite() throws AudioInputException {
    PcmConverter.requireFinite(source, block, info.channels(), blockLen, framesOut);
  }

  @Override
  public final void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    release();
  }
}
