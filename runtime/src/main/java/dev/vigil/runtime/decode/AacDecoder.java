package dev.vigil.runtime.decode;

import dev.vigil.runtime.decode.AudioInputException.Problem;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.sourceforge.jaad.aac.Decoder;
import net.sourceforge.jaad.aac.SampleBuffer;
import net.sourceforge.jaad.adts.ADTSDemultiplexer;
import net.sourceforge.jaad.mp4.MP4Container;
import net.sourceforge.jaad.mp4.api.AudioTrack;
import net.sourceforge.jaad.mp4.api.Frame;
import net.sourceforge.jaad.mp4.api.Track;

/**
 * AAC in MP4/M4A or ADTS through JAAD ({@code net.sourceforge.jaad}), which is unsafe on hostile
 * input (it throws anything and can spin forever): the box tree is checked by {@link Mp4Boxes}
 * first, and JAAD runs behind a {@link WatchdogPcmStream}. In MP4 the edit list's priming samples
 * are skipped and the audio is cut to the edited duration, as ffmpeg does.
 */
final class AacDecoder implements WatchdogPcmStream.Producer {
  /**
   * JAAD logs every corrupt frame with a stack trace; its errors reach the caller as exceptions.
   */
  private static final java.util.logging.Logger JAAD_LOG =
      java.util.logging.Logger.getLogger("jaad");

  /** An AAC frame this long holds real content; digital silence codes in a few bytes. */
  private static final int SILENT_FRAME_BYTES = 48;

  private final String source;
  private final ByteInput in;
  private final boolean adts;
  private final long offset;
  private final Mp4Boxes.Edit edit;
  private final Path tempFile;
  private final Path file;
  private RandomAccessFile raf;
  private Decoder decoder;
  private AudioTrack track;
  private ADTSDemultiplexer demux;
  private final SampleBuffer sb = new SampleBuffer();
  private int channels;
  private long skip;
  private long remaining = Long.MAX_VALUE;
  private boolean pendingFirst;
  private volatile boolean cancelled;
  private int lastFrameBytes;
  private long decodedFrames;
  private long silencedFrames;

  private AacDecoder(
      String source, ByteInput in, boolean adts, long offset, Mp4Boxes.Edit edit, Path tempFile) {
    this.source = source;
    this.in = in;
    this.adts = adts;
    this.offset = offset;
    this.edit = edit;
    this.tempFile = tempFile;
    this.file = tempFile;
  }

  private AacDecoder(String source, ByteInput in, Path file, Mp4Boxes.Edit edit) {
    this.source = source;
    this.in = in;
    this.adts = false;
    this.offset = 0;
    this.edit = edit;
    this.tempFile = null;
    this.file = file;
  }

  /** Opens AAC in MP4 ({@code adts == false}) or ADTS starting at {@code offset}. */
  static PcmStream open(AudioSource src, Deadline deadline, ByteInput in, boolean adts, long offset)
      throws IOException {
    Mp4Boxes.Edit edit = adts ? null : Mp4Boxes.check(in);
    Path temp = null;
    if (!adts && src.path() == null) {
      // JAAD needs random access when the moov box follows the media data
      temp = SourceCopies.toTempFile(src, "vigil-aac-", ".m4a");
    }
    AacDecoder p =
        adts || temp != null
            ? new AacDecoder(src.name(), in, adts, offset, edit, temp)
            : new AacDecoder(src.name(), in, src.path(), edit);
    try {
      return new WatchdogPcmStream(src.name(), deadline, "AAC", p);
    } catch (IOException | RuntimeException e) {
      p.deleteTemp();
      throw e;
    }
  }

  @Override
  public AudioInfo start() throws Exception {
    sb.setBigEndian(false);
    if (adts) {
      in.seek(offset);
      demux = new ADTSDemultiplexer(in);
      decoder = new Decoder(demux.getDecoderSpecificInfo());
    } else {
      raf = new RandomAccessFile(file.toFile(), "r");
      MP4Container c = new MP4Container(raf);
      List<Track> tracks = c.getMovie().getTracks(AudioTrack.AudioCodec.AAC);
      if (tracks.isEmpty()) {
        throw new AudioInputException(
            source, Problem.UNSUPPORTED_FORMAT, "MP4 audio track is not AAC (needs ffmpeg)");
      }
      track = (AudioTrack) tracks.get(0);
      decoder = new Decoder(track.getDecoderSpecificInfo());
    }
    JAAD_LOG.setLevel(java.util.logging.Level.OFF); // after JAAD's static set-up of its logger
    if (!decodeNext()) {
      throw new AudioInputException(source, Problem.MALFORMED, "no AAC frames");
    }
    pendingFirst = true;
    channels = sb.getChannels();
    int rate = sb.getSampleRate();
    if (channels < 1 || channels > 8 || rate <= 0 || sb.getBitsPerSample() != 16) {
      throw new AudioInputException(
          source,
          Problem.INVALID_FORMAT,
          "AAC stream declares " + channels + " channels, " + rate + " Hz");
    }
    long frames = -1;
    if (edit != null) {
      skip = edit.primingSamples(rate);
      long d = edit.durationSamples(rate);
      if (d > 0) {
        remaining = d;
        frames = d;
      }
    }
    return new AudioInfo("aac", adts ? "adts" : "mp4", rate, channels, frames);
  }

  private boolean decodeNext() throws IOException {
    byte[] data;
    if (adts) {
      try {
        data = demux.readNextFrame();
      } catch (java.io.EOFException e) {
        return false;
      }
    } else {
      if (!track.hasMoreFrames()) {
        return false;
      }
      Frame f = track.readNextFrame();
      if (f == null) {
        return false;
      }
      data = f.getData();
    }
    if (data == null) {
      return false;
    }
    lastFrameBytes = data.length;
    decoder.decodeFrame(data, sb);
    return true;
  }

  @Override
  public int maxFrames() {
    return 4096;
  }

  @Override
  public int next(float[][] buf) throws Exception {
    while (true) {
      if (cancelled) {
        throw new IOException("cancelled");
      }
      if (remaining <= 0) {
        return -1;
      }
      if (!pendingFirst && !decodeNext()) {
        checkSilenced(true);
        return -1;
      }
      pendingFirst = false;
      if (sb.getChannels() != channels) {
        throw new AudioInputException(source, Problem.MALFORMED, "AAC channel count changes");
      }
      byte[] d = sb.getData();
      countSilenced(d);
      int n = Math.min(d.length / (2 * channels), buf[0].length);
      int start = (int) Math.min(skip, n);
      skip -= start;
      int len = (int) Math.min(n - start, remaining);
      for (int c = 0; c < channels; c++) {
        float[] out = buf[c];
        for (int i = 0, p = 2 * ((start * channels) + c); i < len; i++, p += 2 * channels) {
          out[i] = (short) ((d[p] & 0xff) | d[p + 1] << 8) / 32768f;
        }
      }
      checkSilenced(false);
      if (len > 0) {
        remaining -= len;
        return len;
      }
    }
  }

  /**
   * JAAD decodes perceptual noise substitution (PNS) as digital silence: a frame that carries real
   * data but decodes to exact zeros. When that is most frames, the output would be wrong, so the
   * stream is refused rather than scored.
   */
  private void countSilenced(byte[] d) {
    decodedFrames++;
    if (lastFrameBytes < SILENT_FRAME_BYTES) {
      return;
    }
    for (byte x : d) {
      if (x != 0) {
        return;
      }
    }
    silencedFrames++;
  }

  private void checkSilenced(boolean atEnd) throws AudioInputException {
    if ((atEnd || decodedFrames >= 16) && silencedFrames * 4 > decodedFrames) {
      throw new AudioInputException(
          source,
          Problem.UNSUPPORTED_FORMAT,
          "AAC uses features JAAD decodes as silence ("
              + silencedFrames
              + " of "
              + decodedFrames
              + " frames); it needs ffmpeg on PATH");
    }
  }

  @Override
  public void cancel() {
    cancelled = true;
    in.cancel();
    RandomAccessFile r = raf;
    if (r != null) {
      try {
        r.close();
      } catch (IOException ignored) {
        // closing is how the worker gets out of a read loop
      }
    }
  }

  @Override
  public void close() throws IOException {
    try {
      if (raf != null) {
        raf.close();
      }
      in.close();
    } finally {
      deleteTemp();
    }
  }

  private void deleteTemp() {
    if (tempFile != null) {
      try {
        Files.deleteIfExists(tempFile);
      } catch (IOException ignored) {
        // a temp file left behind is harmless
      }
    }
  }
}
