package dev.vigil.runtime.decode;

import dev.vigil.runtime.decode.AudioInputException.Problem;
import java.io.IOException;
import org.jflac.ChannelData;
import org.jflac.FLACDecoder;
import org.jflac.FrameListener;
import org.jflac.frame.Frame;
import org.jflac.metadata.Metadata;
import org.jflac.metadata.StreamInfo;

/**
 * FLAC through jFLAC ({@code org.jflac}), one FLAC frame per block. jFLAC skips corrupt frames and
 * stops quietly at a cut: a skipped frame is reported as MALFORMED, and a stream that ends before
 * the sample count in its STREAMINFO as TRUNCATED.
 */
final class FlacDecoder extends BlockPcmStream {
  private static final int MAX_CHANNELS = 8;

  private final ByteInput in;
  private final FLACDecoder dec;
  private final int channels;
  private final int maxBlock;
  private final long totalSamples;
  private final float[] scale = new float[33];

  FlacDecoder(String source, Deadline deadline, ByteInput in) throws IOException {
    super(source, deadline);
    this.in = in;
    StreamInfo si;
    FlacMetadataCheck.check(in, in.position());
    try {
      dec = new FLACDecoder(in);
      dec.addFrameListener(new FailOnError());
      dec.readMetadata();
      si = dec.getStreamInfo();
    } catch (AudioInputException e) {
      throw e;
    } catch (IOException | RuntimeException | StackOverflowError | OutOfMemoryError e) {
      throw translateHeader(e);
    }
    if (si == null) {
      throw new AudioInputException(source, Problem.MALFORMED, "FLAC stream without STREAMINFO");
    }
    channels = si.getChannels();
    int rate = si.getSampleRate();
    int bits = si.getBitsPerSample();
    if (channels < 1 || channels > MAX_CHANNELS || rate <= 0 || bits < 4 || bits > 32) {
      throw new AudioInputException(
          source,
          Problem.INVALID_FORMAT,
          "FLAC STREAMINFO declares " + channels + " channels, " + rate + " Hz, " + bits + " bits");
    }
    maxBlock = Math.max(16, Math.min(65535, si.getMaxBlockSize()));
    totalSamples = si.getTotalSamples();
    for (int b = 1; b < scale.length; b++) {
      scale[b] = (float) (1.0 / (1L << (b - 1)));
    }
    block = new float[channels][maxBlock];
    setInfo(new AudioInfo("flac", "flac", rate, channels, totalSamples > 0 ? totalSamples : -1));
  }

  /**
   * jFLAC reports a bad frame here and then retries forever if the sync it finds again is the same
   * bad one; throwing gets out of that loop (and makes any corrupt frame an error, not a gap).
   */
  private static final class FailOnError implements FrameListener {
    @Override
    public void processMetadata(Metadata metadata) {}

    @Override
    public void processFrame(Frame frame) {}

    @Override
    public void processError(String msg) {
      throw new BadFrame(msg);
    }
  }

  /** A corrupt frame reported by jFLAC. */
  private static final class BadFrame extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadFrame(String msg) {
      super(msg, null, false, false);
    }
  }

  private AudioInputException translateHeader(Throwable e) {
    if (deadline.expired()) {
      return deadline.timeoutException();
    }
    if (e instanceof java.io.EOFException) {
      return new AudioInputException(
          source, Problem.TRUNCATED, "truncated header: FLAC metadata ends early", e);
    }
    return new AudioInputException(
        source,
        Problem.MALFORMED,
        "corrupt FLAC metadata (" + e.getClass().getSimpleName() + ")",
        e);
  }

  @Override
  protected boolean mayHoldNonFinite() {
    return false; // integer samples, scaled
  }

  @Override
  protected String codecLabel() {
    return "FLAC";
  }

  @Override
  protected boolean fill() throws IOException {
    int bad = dec.getBadFrames();
    Frame f;
    try {
      f = dec.readNextFrame();
    } catch (BadFrame e) {
      if (in.remaining() == 0) {
        throw truncated(); // the cut frame at the end is what jFLAC found corrupt
      }
      throw new AudioInputException(
          source,
          Problem.MALFORMED,
          "corrupt FLAC frame after sample "
              + framesOut()
              + " ("
              + abbreviate(e.getMessage())
              + ")");
    }
    if (dec.getBadFrames() != bad) {
      throw new AudioInputException(
          source, Problem.MALFORMED, "corrupt FLAC frame after sample " + framesOut());
    }
    if (f == null) {
      if (totalSamples > 0 && framesOut() < totalSamples) {
        throw truncated();
      }
      return false;
    }
    int n = f.header.blockSize;
    int bits = f.header.bitsPerSample;
    if (f.header.channels != channels || n > maxBlock || n <= 0 || bits < 4 || bits > 32) {
      throw new AudioInputException(
          source,
          Problem.MALFORMED,
          "FLAC frame at sample "
              + framesOut()
              + " disagrees with STREAMINFO ("
              + f.header.channels
              + " channels, block "
              + n
              + ")");
    }
    ChannelData[] cd = dec.getChannelData();
    float s = scale[bits];
    for (int c = 0; c < channels; c++) {
      int[] x = cd[c].getOutput();
      float[] out = block[c];
      for (int i = 0; i < n; i++) {
        out[i] = x[i] * s;
      }
    }
    blockLen = n;
    return true;
  }

  private AudioInputException truncated() {
    if (totalSamples <= 0) {
      return new AudioInputException(
          source, Problem.TRUNCATED, "FLAC stream ends inside a frame after sample " + framesOut());
    }
    return new AudioInputException(
        source,
        Problem.TRUNCATED,
        "FLAC stream ends after "
            + framesOut()
            + " of "
            + totalSamples
            + " samples ("
            + (totalSamples - framesOut())
            + " missing)");
  }

  private static String abbreviate(String s) {
    if (s == null) {
      return "no detail";
    }
    String one = s.replaceAll("\\s+", " ").strip();
    return one.length() <= 100 ? one : one.substring(0, 97) + "...";
  }

  @Override
  protected void release() throws IOException {
    in.close();
  }
}
