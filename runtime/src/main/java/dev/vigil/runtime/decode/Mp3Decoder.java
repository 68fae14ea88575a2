package dev.vigil.runtime.decode;

import java.io.IOException;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.JavaLayerException;
import javazoom.jl.decoder.SampleBuffer;

/**
 * MPEG audio layers I-III through JLayer ({@code javazoom.jl.decoder}), fed only validated frames
 * by {@link Mp3FrameReader}. The Xing/Info frame is dropped; with a LAME tag the encoder delay plus
 * the decoder's own delay are skipped at the start and the padding at the end, so the output lines
 * up with the original signal sample for sample (as ffmpeg does).
 */
final class Mp3Decoder extends BlockPcmStream {
  /** Delay of the MP3 synthesis filter bank in samples, the value LAME's tag assumes. */
  static final int DECODER_DELAY = 529;

  private final Mp3FrameReader reader;
  private final Bitstream bitstream;
  private final Decoder decoder = new Decoder();
  private final int channels;
  private long toSkip;
  private long remaining;

  Mp3Decoder(String source, Deadline deadline, ByteInput in, long offset) throws IOException {
    super(source, deadline);
    reader = new Mp3FrameReader(in, offset);
    MpegAudioHeader first = reader.nextFrame();
    LameTag tag = LameTag.parse(reader.frameBytes(), reader.frameLength(), first);
    long frames = -1;
    remaining = Long.MAX_VALUE;
    if (tag != null) {
      reader.dropCurrentFrame();
      if (tag.encoderDelay() >= 0) {
        toSkip = tag.encoderDelay() + DECODER_DELAY;
        if (tag.frames() > 0) {
          long total = tag.frames() * first.samplesPerFrame() - tag.encoderDelay() - tag.padding();
          if (total > 0) {
            remaining = total;
            frames = total;
          }
        }
      }
    }
    channels = first.channels();
    bitstream = new Bitstream(reader);
    block = new float[channels][1152];
    String codec = first.layer() == 3 ? "mp3" : "mp" + first.layer();
    setInfo(new AudioInfo(codec, "mp3", first.sampleRate(), channels, frames));
  }

  @Override
  protected String codecLabel() {
    return "MPEG audio";
  }

  @Override
  protected boolean fill() throws IOException {
    while (true) {
      if (remaining <= 0) {
        return false;
      }
      int n;
      try {
        Header h = bitstream.readFrame();
        if (h == null) {
          rethrowReaderFailure();
          return false;
        }
        SampleBuffer sb = (SampleBuffer) decoder.decodeFrame(h, bitstream);
        bitstream.closeFrame();
        n = decodeInto(sb);
      } catch (JavaLayerException e) {
        rethrowReaderFailure();
        throw translate(e);
      }
      int start = (int) Math.min(toSkip, n);
      toSkip -= start;
      int len = (int) Math.min(n - start, remaining);
      if (len <= 0) {
        continue;
      }
      if (start > 0) {
        for (int c = 0; c < channels; c++) {
          System.arraycopy(block[c], start, block[c], 0, len);
        }
      }
      remaining -= len;
      blockLen = len;
      return true;
    }
  }

  private void rethrowReaderFailure() throws AudioInputException {
    if (reader.failure() != null) {
      throw reader.failure();
    }
  }

  private int decodeInto(SampleBuffer sb) throws AudioInputException {
    int outCh = sb.getChannelCount();
    if (outCh != channels) {
      throw new AudioInputException(
          source,
          AudioInputException.Problem.MALFORMED,
          "MPEG audio changes from " + channels + " to " + outCh + " channels");
    }
    short[] x = sb.getBuffer();
    int n = Math.min(sb.getBufferLength() / channels, block[0].length);
    for (int c = 0; c < channels; c++) {
      float[] out = block[c];
      for (int i = 0, p = c; i < n; i++, p += channels) {
        out[i] = x[p] / 32768f;
      }
    }
    return n;
  }

  @Override
  protected void release() throws IOException {
    try {
      bitstream.close();
    } catch (JavaLayerException e) {
      // closing releases nothing but the stream below, closed next
    }
    reader.close();
  }
}
