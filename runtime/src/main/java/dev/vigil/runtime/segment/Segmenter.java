package dev.vigil.runtime.segment;

import dev.vigil.runtime.decode.AudioInputException;
import java.io.IOException;
import java.util.Locale;

/**
 * Streaming segmentation of one mono signal at the model's rate: feed blocks with {@link #push},
 * call {@link #finish} at the end. Windows are handed to the sink as soon as they are complete, in
 * time order, following {@link SegmentPlan}; the segmenter keeps at most 2·W samples, so memory
 * does not grow with the signal's length. Not thread-safe.
 */
public final class Segmenter {
  private final SegmentConfig config;
  private final String source;
  private final WindowSink sink;
  private final int w;
  private final int hop;
  private final float[] buf;
  private long base; // absolute index of buf[0]
  private int fill; // valid samples in buf
  private long total; // samples pushed
  private long nextStart; // next regular window start
  private long lastEnd = -1; // end of the last emitted window
  private int emitted;
  private int nonSilent;
  private boolean finished;

  /**
   * @param config window, hop, minimum duration and silence floor
   * @param source how the input is named in errors
   * @param sink receives the windows
   */
  public Segmenter(SegmentConfig config, String source, WindowSink sink) {
    this(config, source, sink, new float[2 * config.windowSamples()]);
  }

  /**
   * With a caller's buffer of {@link #bufferLength(SegmentConfig)} samples (reused between inputs:
   * its contents do not matter, nothing is read before it is written).
   */
  Segmenter(SegmentConfig config, String source, WindowSink sink, float[] buffer) {
    this.config = config;
    this.source = source;
    this.sink = sink;
    this.w = config.windowSamples();
    this.hop = config.hopSamples();
    if (buffer.length != bufferLength(config)) {
      throw new IllegalArgumentException(
          "segmenter buffer must hold " + bufferLength(config) + " samples, got " + buffer.length);
    }
    this.buf = buffer;
  }

  /** The samples a segmenter buffers: two windows. */
  static int bufferLength(SegmentConfig config) {
    return 2 * config.windowSamples();
  }

  /** The buffer, for reuse once this segmenter is done with it. */
  float[] buffer() {
    return buf;
  }

  /** Samples pushed so far. */
  public long samples() {
    return total;
  }

  /** Windows emitted so far. */
  public int windows() {
    return emitted;
  }

  /** Non-silent windows emitted so far. */
  public int nonSilentWindows() {
    return nonSilent;
  }

  /**
   * Appends samples and emits every window they complete.
   *
   * @throws IOException what the sink throws
   */
  public void push(float[] x, int off, int len) throws IOException {
    if (finished) {
      throw new IllegalStateException("segmenter already finished");
    }
    while (len > 0) {
      if (fill == buf.length) {
        compact();
      }
      int n = Math.min(len, buf.length - fill);
      System.arraycopy(x, off, buf, fill, n);
      fill += n;
      total += n;
      off += n;
      len -= n;
      while (nextStart + w <= total) {
        emit((int) (nextStart - base), nextStart, nextStart + w, false);
        nextStart += hop;
      }
    }
  }

  private void compact() {
    long keepFrom = Math.max(base, Math.min(nextStart, total - w));
    int drop = (int) (keepFrom - base);
    System.arraycopy(buf, drop, buf, 0, fill - drop);
    fill -= drop;
    base = keepFrom;
  }

  /**
   * Emits the end-aligned last window (or the tiled window of a short signal) and checks the
   * file-level rules.
   *
   * @return the number of windows emitted
   * @throws AudioInputException {@code TOO_SHORT} below the minimum duration, {@code SILENCE_ONLY}
   *     when every window is silent
   * @throws IOException what the sink throws
   */
  public int finish() throws IOException {
    if (finished) {
      return emitted;
    }
    finished = true;
    if (total < config.minSamples()) {
      throw new AudioInputException(
          source,
          AudioInputException.Problem.TOO_SHORT,
          String.format(
              Locale.ROOT,
              "too short: %.2f s of audio, the model needs at least %.2f s",
              total / (double) config.sampleRate(),
              config.minDurationSeconds()));
    }
    if (total < w) {
      int len = (int) total; // all samples are still in buf (fill == total < W)
      for (int i = len; i < w; i++) {
        buf[i] = buf[i - len];
      }
      emit(0, 0, total, true);
    } else if (lastEnd < total) {
      if (total - w < base) {
        throw new IllegalStateException("segmenter lost samples of the last window");
      }
      emit((int) (total - w - base), total - w, total, false);
    }
    if (nonSilent == 0) {
      throw new AudioInputException(
          source,
          AudioInputException.Problem.SILENCE_ONLY,
          String.format(
              Locale.ROOT,
              "no speech: all %d window%s below the silence floor of %.1f dBFS",
              emitted,
              emitted == 1 ? " is" : "s are",
              config.silenceFloorDbfs()));
    }
    return emitted;
  }

  private void emit(int offset, long start, long end, boolean tiled) throws IOException {
    double dbfs = 10 * Math.log10(sumOfSquares(buf, offset, w) / w);
    boolean silent = !(dbfs >= config.silenceFloorDbfs());
    Window window = new Window(emitted, start, end, config.sampleRate(), dbfs, silent, tiled);
    emitted++;
    if (!silent) {
      nonSilent++;
    }
    lastEnd = end;
    sink.accept(window, buf, offset);
  }

  /**
   * Σ x² over {@code x[offset, offset + n)} in double, in four interleaved partial sums so that the
   * additions do not wait on one another.
   */
  static double sumOfSquares(float[] x, int offset, int n) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = offset;
    int end = offset + n;
    for (; i + 3 < end; i += 4) {
      double a = x[i];
      double b = x[i + 1];
      double c = x[i + 2];
      double d = x[i + 3];
      s0 += a * a;
      s1 += b * b;
      s2 += c * c;
      s3 += d * d;
    }
    for (; i < end; i++) {
      double v = x[i];
      s0 += v * v;
    }
    return (s0 + s1) + (s2 + s3);
  }
}
