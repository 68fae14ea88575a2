package dev.vigil.runtime.segment;

import dev.vigil.runtime.decode.AudioDecoders;
import dev.vigil.runtime.decode.AudioInfo;
import dev.vigil.runtime.decode.AudioInputException;
import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.decode.DecodeOptions;
import dev.vigil.runtime.decode.PcmStream;
import dev.vigil.runtime.decode.StreamFormat;
import dev.vigil.runtime.resample.Resampler;
import java.io.IOException;
import java.util.concurrent.CancellationException;

/**
 * Decodes one input block by block, down-mixes it (mean of the channels) or splits it (one stream
 * per channel), resamples to the model's rate and segments it, handing each window to a sink as
 * soon as it is complete. Memory stays O(W) per scored channel whatever the input's length.
 * Reusable for many inputs; sessions may be opened from several threads at once (the engine's
 * workers do), each session used by one thread at a time. Closed sessions leave their buffers for
 * the next ones.
 */
public final class SegmentReader {
  /** Frames decoded per block. */
  public static final int BLOCK_FRAMES = 4096;

  private static final int BLOCK = BLOCK_FRAMES;

  /** Consecutive reads returning no frames before the input is declared stuck. */
  private static final int MAX_EMPTY_READS = 10_000;

  private final SegmentConfig config;
  private final boolean split;
  private final DecodeOptions decodeOptions;
  private final double maxDurationSeconds;

  private final ReaderPools pools = new ReaderPools();

  /** Receives the windows of one scored channel. */
  @FunctionalInterface
  public interface ChannelSink {
    /**
     * One complete window of scored stream {@code stream} (0 when mixed; the channel when split).
     *
     * @see WindowSink#accept
     */
    void accept(int stream, Window window, float[] samples, int offset) throws IOException;
  }

  /**
   * What was read.
   *
   * @param info the source format
   * @param streams scored streams: 1 when mixed, the channel count when split
   * @param samples samples per stream at the model's rate
   * @param windows windows emitted per stream (the same for every stream)
   * @param durationSeconds duration at the model's rate
   * @param decodeNanos wall time spent decoding, resampling and segmenting, excluding the sink
   */
  public record Summary(
      AudioInfo info,
      int streams,
      long samples,
      int windows,
      double durationSeconds,
      long decodeNanos) {}

  /**
   * @param config the model's segmentation (with the hop to use)
   * @param split score each channel on its own instead of their mean
   * @param decodeOptions decoder choice and per-file deadline
   * @param maxDurationSeconds longer inputs are refused as too long; 0 = no limit
   */
  public SegmentReader(
      SegmentConfig config, boolean split, DecodeOptions decodeOptions, double maxDurationSeconds) {
    this.config = config;
    this.split = split;
    this.decodeOptions = decodeOptions;
    this.maxDurationSeconds = maxDurationSeconds;
  }

  /**
   * Reads one input to its end.
   *
   * @param source the input
   * @param sink receives the windows (called on this thread)
   * @return what was read; an interrupt of this thread stops the read with {@link
   *     CancellationException}
   * @throws AudioInputException bad input: undecodable, too short, too long, silence only, time-out
   * @throws IOException I/O errors and what the sink throws
   */
  public Summary read(AudioSource source, ChannelSink sink) throws IOException {
    try (Session session = open(source, sink)) {
      while (true) {
        if (Thread.currentThread().isInterrupted()) {
          throw new CancellationException(source.name() + ": cancelled");
        }
        if (session.step(1)) {
          return session.summary();
        }
      }
    }
  }

  /**
   * Opens an input for reading in steps, so one thread can take turns between many inputs (the
   * {@link dev.vigil.runtime.engine.DetectionEngine} does). Close the session where it was opened.
   *
   * @param source the input
   * @param sink receives the windows, on the thread that calls {@link Session#step}
   * @throws AudioInputException when the input cannot be decoded
   * @throws IOException on I/O errors
   */
  public Session open(AudioSource source, ChannelSink sink) throws IOException {
    long t0 = System.nanoTime();
    PcmStream pcm = AudioDecoders.open(source, decodeOptions);
    try {
      return new Session(source, pcm, sink, System.nanoTime() - t0);
    } catch (IOException | RuntimeException | Error e) {
      pcm.close();
      throw e;
    }
  }

  /**
   * Opens a pushed stream: its bytes come in pieces through {@link PushSession#write} instead of
   * from a decoder, and are cut into the same windows as a file of the same samples (the
   * end-aligned last window at {@link PushSession#finish}). Resampling does not hold back a block
   * ({@link dev.vigil.runtime.resample.Resampler#drain}), so each window is cut as soon as its last
   * sample is in.
   *
   * @param name the stream's name, in messages and verdicts
   * @param format raw PCM or WAV
   * @param sink receives the windows, on the thread that writes
   * @throws AudioInputException {@code INVALID_FORMAT} when the raw rate cannot be resampled
   */
  public PushSession openStream(String name, StreamFormat format, ChannelSink sink)
      throws AudioInputException {
    return new PushSession(name, format, sink, this);
  }

  /** The pipe from an input's frames to its windows, with this reader's settings and pools. */
  ChannelPipe pipe(String name, AudioInfo info, boolean drain, ChannelSink sink)
      throws AudioInputException {
    Resampler.requireSupported(name, info.sampleRate(), config.sampleRate());
    return new ChannelPipe(name, info, config, split, maxDurationSeconds, drain, sink, pools);
  }

  /** One input being read block by block. Not thread-safe; may be passed between threads. */
  public final class Session implements AutoCloseable {
    private final AudioSource source;
    private final PcmStream pcm;
    private final AudioInfo info;
    private final float[][] block;
    private final ChannelPipe pipe;
    private int emptyReads;
    private long nanos;
    private Summary summary;
    private boolean closed;

    private Session(AudioSource source, PcmStream pcm, ChannelSink sink, long openNanos)
        throws AudioInputException {
      this.source = source;
      this.pcm = pcm;
      this.nanos = openNanos;
      info = pcm.info();
      block = new float[info.channels()][BLOCK];
      pipe = pipe(source.name(), info, false, sink);
    }

    /** The source format. */
    public AudioInfo info() {
      return info;
    }

    /**
     * Decodes, resamples and segments up to {@code maxBlocks} blocks ({@link #BLOCK_FRAMES} frames
     * each), handing completed windows to the sink.
     *
     * @return true when the input is finished ({@link #summary()} is then available)
     * @throws AudioInputException bad input: undecodable, too short, too long, silence only
     * @throws IOException I/O errors and what the sink throws
     */
    public boolean step(int maxBlocks) throws IOException {
      if (closed) {
        throw new IllegalStateException(source.name() + ": session is closed");
      }
      if (summary != null) {
        return true;
      }
      long t0 = System.nanoTime();
      long sink0 = pipe.sinkNanos();
      int windows = -1;
      try {
        for (int b = 0; b < maxBlocks && windows < 0; b++) {
          int n = pcm.read(block, 0, BLOCK);
          if (n < 0) {
            windows = pipe.finish();
            break;
          }
          if (n == 0) {
            if (++emptyReads > MAX_EMPTY_READS) {
              throw new AudioInputException(
                  source.name(),
                  AudioInputException.Problem.MALFORMED,
                  "the decoder made no progress after " + pipe.frames() + " frames");
            }
            continue;
          }
          emptyReads = 0;
          pipe.push(block, n);
        }
      } finally {
        nanos += System.nanoTime() - t0 - (pipe.sinkNanos() - sink0);
      }
      if (windows < 0) {
        return false;
      }
      summary = summarize(info, pipe, windows, nanos);
      return true;
    }

    /**
     * What was read; available once {@link #step} returned true.
     *
     * @throws IllegalStateException before the end of the input
     */
    public Summary summary() {
      if (summary == null) {
        throw new IllegalStateException(source.name() + ": not read to its end yet");
      }
      return summary;
    }

    /** Closes the decoder. Idempotent. */
    @Override
    public void close() throws IOException {
      if (!closed) {
        closed = true;
        pipe.release();
        pcm.close();
      }
    }
  }

  /** The summary of an input whose pipe has finished. */
  Summary summarize(AudioInfo info, ChannelPipe pipe, int windows, long nanos) {
    long samples = pipe.samples();
    return new Summary(
        info, pipe.streams(), samples, windows, samples / (double) config.sampleRate(), nanos);
  }
}
