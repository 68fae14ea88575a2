package dev.vigil.runtime.segment;

import dev.vigil.runtime.decode.AudioInfo;
import dev.vigil.runtime.decode.AudioInputException;
import dev.vigil.runtime.resample.MonoAudio;
import dev.vigil.runtime.resample.Resampler;
import java.io.IOException;
import java.util.Locale;

/**
 * Decoded frames in, windows out: one input's down-mix (mean of the channels) or split (one stream
 * per channel), resampling to the model's rate and segmenting, block by block. What a file's {@link
 * SegmentReader.Session} and a pushed {@link PushSession} share, so both cut the same samples into
 * the same windows. Not thread-safe.
 */
final class ChannelPipe {
  private final String source;
  private final SegmentConfig config;
  private final ReaderPools pools;
  private final boolean drain;
  private final int channels;
  private final int streams;
  private final float[] mono;
  private final Resampler[] resamplers;
  private final Segmenter[] segmenters;
  private final float[] out;
  private final long maxFrames;
  private final double maxDurationSeconds;
  private long frames;
  private long sinkNanos;

  /**
   * @param info the input's format
   * @param split score each channel on its own instead of their mean
   * @param maxDurationSeconds longer inputs are refused as too long; 0 = no limit
   * @param drain resample without holding back a block (live streams; see {@link Resampler#drain})
   */
  ChannelPipe(
      String source,
      AudioInfo info,
      SegmentConfig config,
      boolean split,
      double maxDurationSeconds,
      boolean drain,
      SegmentReader.ChannelSink sink,
      ReaderPools pools) {
    this.source = source;
    this.config = config;
    this.pools = pools;
    this.drain = drain;
    this.maxDurationSeconds = maxDurationSeconds;
    channels = info.channels();
    streams = split ? channels : 1;
    int block = SegmentReader.BLOCK_FRAMES;
    mono = split ? null : new float[block];
    resamplers = new Resampler[streams];
    segmenters = new Segmenter[streams];
    int outCap = 0;
    for (int s = 0; s < streams; s++) {
      final int stream = s;
      resamplers[s] = pools.resampler(info.sampleRate(), config.sampleRate());
      outCap = Math.max(outCap, resamplers[s].maxOutput(block));
      segmenters[s] =
          new Segmenter(
              config,
              source,
              (w, x, off) -> {
                long ts = System.nanoTime();
                sink.accept(stream, w, x, off);
                sinkNanos += System.nanoTime() - ts;
              },
              pools.windowBuffer(Segmenter.bufferLength(config)));
    }
    out = pools.outBuffer(Math.max(outCap, block) + config.sampleRate());
    maxFrames =
        maxDurationSeconds > 0 ? (long) Math.ceil(maxDurationSeconds * info.sampleRate()) : -1;
  }

  /** Scored streams: 1 when mixed, the channel count when split. */
  int streams() {
    return streams;
  }

  /** Samples per stream at the model's rate, so far. */
  long samples() {
    return segmenters[0].samples();
  }

  /** Frames pushed so far, at the input's rate. */
  long frames() {
    return frames;
  }

  /** Time the sink took so far, which a session leaves out of its own. */
  long sinkNanos() {
    return sinkNanos;
  }

  /**
   * Takes {@code n} ≤ {@link SegmentReader#BLOCK_FRAMES} frames, {@code block[c][0 .. n)} per
   * channel, and hands the windows they complete to the sink.
   *
   * @throws AudioInputException {@code TOO_LONG} past the maximum duration
   * @throws IOException what the sink throws
   */
  void push(float[][] block, int n) throws IOException {
    frames += n;
    if (maxFrames >= 0 && frames > maxFrames) {
      throw new AudioInputException(
          source,
          AudioInputException.Problem.TOO_LONG,
          String.format(
              Locale.ROOT, "too long: more than %.1f s of audio (the limit)", maxDurationSeconds));
    }
    if (mono == null) {
      for (int c = 0; c < streams; c++) {
        resample(c, block[c], n);
      }
    } else {
      MonoAudio.mix(block, channels, n, mono);
      resample(0, mono, n);
    }
  }

  private void resample(int s, float[] x, int n) throws IOException {
    segmenters[s].push(out, 0, resamplers[s].process(x, 0, n, out, 0));
    if (drain) {
      segmenters[s].push(out, 0, resamplers[s].drain(out, 0));
    }
  }

  /**
   * Ends the input: the resamplers' last samples, then each stream's end-aligned last window and
   * the file-level rules.
   *
   * @return windows per stream
   * @throws AudioInputException {@code TOO_SHORT}, {@code SILENCE_ONLY}
   * @throws IOException what the sink throws
   */
  int finish() throws IOException {
    int windows = 0;
    for (int s = 0; s < streams; s++) {
      int m = resamplers[s].flush(out, 0);
      segmenters[s].push(out, 0, m);
      windows = segmenters[s].finish();
    }
    return windows;
  }

  /** Gives the buffers and resamplers back to the pools; use it no more. */
  void release() {
    for (Segmenter sg : segmenters) {
      pools.giveBackWindow(sg.buffer());
    }
    pools.giveBackOut(out);
    for (Resampler r : resamplers) {
      pools.giveBack(r);
    }
  }
}
