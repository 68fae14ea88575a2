package dev.vigil.runtime.segment;

import dev.vigil.runtime.decode.AudioDecoders;
import dev.vigil.runtime.decode.AudioInfo;
import dev.vigil.runtime.decode.AudioInputException;
import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.decode.DecodeOptions;
import dev.vigil.runtime.decode.PcmStream;
import dev.vigil.runtime.resample.MonoAudio;
import dev.vigil.runtime.resample.Resampler;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

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

  /**
   * What closed sessions leave (segmenter windows, resampled blocks, resamplers with their block
   * buffers), taken by the next sessions so that an input costs no large allocation; at most {@link
   * #POOL_LIMIT} of each are kept.
   */
  private final Pool<float[]> windowBuffers = new Pool<>();

  private final Pool<float[]> outBuffers = new Pool<>();
  private final Pool<Resampler> resamplerPool = new Pool<>();
  private static final int POOL_LIMIT = 16;

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
      Resampler.requireSupported(source.name(), pcm.info().sampleRate(), config.sampleRate());
      return new Session(source, pcm, sink, System.nanoTime() - t0);
    } catch (IOException | RuntimeException | Error e) {
      pcm.close();
      throw e;
    }
  }

  /** One input being read block by block. Not thread-safe; may be passed between threads. */
  public final class Session implements AutoCloseable {
    private final AudioSource source;
    private final PcmStream pcm;
    private final AudioInfo info;
    private final int channels;
    private final int streams;
    private final float[][] block;
    private final float[] mono;
    private final Resampler[] resamplers;
    private final Segmenter[] segmenters;
    private final float[] out;
    private final long maxFrames;
    private long frames;
    private int emptyReads;
    private long nanos;
    private long sinkNanos;
    private Summary summary;
    private boolean closed;

    private Session(AudioSource source, PcmStream pcm, ChannelSink sink, long openNanos) {
      this.source = source;
      this.pcm = pcm;
      this.nanos = openNanos;
      info = pcm.info();
      channels = info.channels();
      streams = split ? channels : 1;
      block = new float[channels][BLOCK];
      mono = split ? null : new float[BLOCK];
      resamplers = new Resampler[streams];
      segmenters = new Segmenter[streams];
      int outCap = 0;
      for (int s = 0; s < streams; s++) {
        final int stream = s;
        resamplers[s] = takeResampler(info.sampleRate(), config.sampleRate());
        outCap = Math.max(outCap, resamplers[s].maxOutput(BLOCK));
        segmenters[s] =
            new Segmenter(
                config,
                source.name(),
                (w, x, off) -> {
                  long ts = System.nanoTime();
                  sink.accept(stream, w, x, off);
                  sinkNanos += System.nanoTime() - ts;
                },
                take(windowBuffers, Segmenter.bufferLength(config)));
      }
      out = take(outBuffers, Math.max(outCap, BLOCK) + config.sampleRate());
      maxFrames =
          maxDurationSeconds > 0 ? (long) Math.ceil(maxDurationSeconds * info.sampleRate()) : -1;
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
      long sink0 = sinkNanos;
      int windows = -1;
      try {
        for (int b = 0; b < maxBlocks && windows < 0; b++) {
          int n = pcm.read(block, 0, BLOCK);
          if (n < 0) {
            windows = finishStreams();
            break;
          }
          if (n == 0) {
            if (++emptyReads > MAX_EMPTY_READS) {
              throw new AudioInputException(
                  source.name(),
                  AudioInputException.Problem.MALFORMED,
                  "the decoder made no progress after " + frames + " frames");
            }
            continue;
          }
          emptyReads = 0;
          frames += n;
          if (maxFrames >= 0 && frames > maxFrames) {
            throw new AudioInputException(
                source.name(),
                AudioInputException.Problem.TOO_LONG,
                String.format(
                    Locale.ROOT,
                    "too long: more than %.1f s of audio (the limit)",
                    maxDurationSeconds));
          }
          if (split) {
            for (int c = 0; c < channels; c++) {
              int m = resamplers[c].process(block[c], 0, n, out, 0);
              segmenters[c].push(out, 0, m);
            }
          } else {
            MonoAudio.mix(block, channels, n, mono);
            int m = resamplers[0].process(mono, 0, n, out, 0);
            segmenters[0].push(out, 0, m);
          }
        }
      } finally {
        nanos += System.nanoTime() - t0 - (sinkNanos - sink0);
      }
      if (windows < 0) {
        return false;
      }
      long samples = segmenters[0].samples();
      summary =
          new Summary(
              info, streams, samples, windows, samples / (double) config.sampleRate(), nanos);
      return true;
    }

    private int finishStreams() throws IOException {
      int windows = 0;
      for (int s = 0; s < streams; s++) {
        int m = resamplers[s].flush(out, 0);
        segmenters[s].push(out, 0, m);
        windows = segmenters[s].finish();
      }
      return windows;
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
        for (Segmenter sg : segmenters) {
          windowBuffers.giveBack(sg.buffer());
        }
        outBuffers.giveBack(out);
        for (Resampler r : resamplers) {
          resamplerPool.giveBack(r);
        }
        pcm.close();
      }
    }
  }

  /** A pooled buffer of exactly {@code length} samples, or a new one. */
  private static float[] take(Pool<float[]> pool, int length) {
    return pool.take(b -> b.length == length, () -> new float[length]);
  }

  /** A pooled resampler for this rate pair, reset for a new stream, or a new one. */
  private Resampler takeResampler(int inRate, int outRate) {
    Resampler r =
        resamplerPool.take(
            p -> p.inRate() == inRate && p.outRate() == outRate,
            () -> new Resampler(inRate, outRate));
    r.reset(); // a session closed before its end leaves a stream half read
    return r;
  }

  /**
   * At most {@link #POOL_LIMIT} idle objects of one kind, shared by the sessions of this reader.
   */
  private static final class Pool<T> {
    private final ConcurrentLinkedQueue<T> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();

    /** A pooled object that fits, or a new one (a pooled one that does not fit is let go). */
    T take(java.util.function.Predicate<T> fits, java.util.function.Supplier<T> make) {
      T t = idle.poll();
      if (t == null) {
        return make.get();
      }
      size.decrementAndGet();
      return fits.test(t) ? t : make.get();
    }

    void giveBack(T t) {
      if (size.incrementAndGet() <= POOL_LIMIT) {
        idle.offer(t);
      } else {
        size.decrementAndGet();
      }
    }
  }
}
