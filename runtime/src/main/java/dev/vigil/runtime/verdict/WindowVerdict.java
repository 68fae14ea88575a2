package dev.vigil.runtime.verdict;

import java.util.Objects;

/**
 * One window's verdict as a stream emits it, before the input's end is known.
 *
 * @param source the stream's (or file's) name
 * @param channel the channel when channels are scored apart, else -1 (mixed down)
 * @param segment the window: index, start and end seconds, score, expert scores, gate weights,
 *     silent flag (the same values as the input's {@link FileVerdict#segments()} will hold)
 * @param label {@code spoof} when the window's score reaches {@code threshold}
 * @param threshold the threshold the label was decided at
 * @param arrivedNanos {@link System#nanoTime()} when the bytes whose processing cut this window
 *     were handed over (for a file, when the window was cut): a window's latency is the time from
 *     this to its verdict
 */
public record WindowVerdict(
    String source,
    int channel,
    SegmentVerdict segment,
    Label label,
    double threshold,
    long arrivedNanos) {

  /** Checks for nulls. */
  public WindowVerdict {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(segment, "segment");
    Objects.requireNonNull(label, "label");
  }

  /** The window labelled at {@code threshold}. */
  public static WindowVerdict of(
      String source, int channel, SegmentVerdict segment, double threshold, long arrivedNanos) {
    return new WindowVerdict(
        source, channel, segment, Label.of(segment.score(), threshold), threshold, arrivedNanos);
  }
}
