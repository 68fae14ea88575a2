package dev.vigil.runtime.segment;

import java.util.ArrayList;
import java.util.List;

/**
 * The window starts for a signal of known length (the rule the streaming {@link Segmenter}
 * follows): starts 0, hop, 2·hop, … while the window fits, then one window aligned to the end
 * (start = length − W) unless the last regular window already ends there. A signal shorter than W
 * has one (tiled) window at 0.
 */
public final class SegmentPlan {
  private SegmentPlan() {}

  /**
   * The start samples of the windows.
   *
   * @param length signal length in samples, &gt; 0
   * @param window W
   * @param hop the hop, in [1, W]
   */
  public static List<Long> starts(long length, int window, int hop) {
    if (length <= 0 || window <= 0 || hop <= 0 || hop > window) {
      throw new IllegalArgumentException(
          "need length > 0 and 0 < hop <= window, got " + length + ", " + window + ", " + hop);
    }
    List<Long> out = new ArrayList<>();
    if (length < window) {
      out.add(0L);
      return out;
    }
    long s = 0;
    for (; s + window <= length; s += hop) {
      out.add(s);
    }
    long last = out.get(out.size() - 1);
    if (last + window < length) {
      out.add(length - window);
    }
    return out;
  }

  /** The number of windows {@link #starts} would return. */
  public static int count(long length, int window, int hop) {
    if (length < window) {
      return 1;
    }
    long regular = (length - window) / hop + 1;
    long lastEnd = (regular - 1) * hop + window;
    return Math.toIntExact(regular + (lastEnd < length ? 1 : 0));
  }
}
