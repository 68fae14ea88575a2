package dev.vigil.runtime.resample;

import dev.vigil.runtime.decode.AudioInputException;

/**
 * Streaming band-limited sample-rate converter for one channel: a Kaiser-windowed sinc, polyphase,
 * for any rational ratio outRate/inRate = L/M (e.g. 44.1 kHz → 16 kHz is 160/441). No linear
 * interpolation of the signal.
 *
 * <p><b>Response.</b> With r = min(inRate, outRate): passband to 0.4375·r (7 kHz when converting to
 * or from 16 kHz), stop-band from 0.5·r (the lower Nyquist frequency, 8 kHz), cut-off in between;
 * designed for {@value SincKernel#DESIGN_DB} dB. Tested (see {@code docs/features.md}): passband
 * ripple ≤ 0.01 dB to 0.4375·r, and every tone at or above 0.5·r (aliases when downsampling, images
 * when upsampling) at least 90 dB down. The filter spans about 103 samples of the lower rate (616
 * input taps at 96 kHz → 16 kHz).
 *
 * <p><b>Timing and length.</b> The filter is zero-phase: output sample n is the signal at input
 * time n·inRate/outRate, so output 0 is aligned with input 0 (samples before the start are taken as
 * zero). A stream of N input samples yields exactly ceil(N·outRate/inRate) output samples over all
 * {@link #process} calls plus {@link #flush}: round(N·outRate/inRate) or one more. Block boundaries
 * do not change the output: any split of the input gives the same samples.
 *
 * <p><b>Computation.</b> When the ratio's L is at most 1024 (every common rate), outputs are
 * computed in float arithmetic, a block of whole groups at a time ({@link GroupedPolyphase}: up to
 * 256 groups of at least 128 outputs), in a form the JIT compiles to SIMD instructions. So {@link
 * #process} holds back the input of up to one block (about 2.6 s at 44.1 kHz → 16 kHz) until more
 * arrives or {@link #flush}; {@link #maxOutput} accounts for it. When L exceeds 1024 (unusual rates
 * such as 44 056 Hz), the filter coefficients (not the signal) are interpolated between 1024
 * precomputed phases, one double-precision dot product per output.
 *
 * <p>inRate == outRate is a pass-through copy. Instances are not thread-safe; the filter tables are
 * shared per rate pair, so construction is cheap after the first.
 */
public final class Resampler {
  /** Largest accepted ratio between the two rates, either way. */
  public static final int MAX_RATIO = 64;

  private static final int CHUNK = 8192;

  private final int inRate;
  private final int outRate;
  private final SincKernel kernel;

  /** The block form of an exact kernel; null for pass-through and interpolated coefficients. */
  private final GroupedPolyphase grouped;

  /** The input samples still needed. */
  private final float[] buf;

  private final int stepWhole;
  private final int stepFrac;

  private long bufBase;
  private int bufLen;
  private long consumed;
  private long produced;
  private long nextIndex;
  private int nextPhase;

  /**
   * Checks an input's rate: a rate no resampler takes is bad input, not a programming error.
   *
   * @param source the input's name, for the message
   * @param inRate the input's sample rate in Hz
   * @param outRate the model's sample rate in Hz
   * @throws AudioInputException {@code INVALID_FORMAT} naming the rate and the supported range
   */
  public static void requireSupported(String source, int inRate, int outRate)
      throws AudioInputException {
    if (!supports(inRate, outRate)) {
      throw new AudioInputException(
          source,
          AudioInputException.Problem.INVALID_FORMAT,
          "unsupported sample rate "
              + inRate
              + " Hz (must be within a factor of "
              + MAX_RATIO
              + " of the model's "
              + outRate
              + " Hz)");
    }
  }

  /**
   * A resampler for one input's stream, after {@link #requireSupported}.
   *
   * @throws AudioInputException {@code INVALID_FORMAT} when the rate is out of range
   */
  public static Resampler forInput(String source, int inRate, int outRate)
      throws AudioInputException {
    requireSupported(source, inRate, outRate);
    return new Resampler(inRate, outRate);
  }

  /**
   * @param inRate input sample rate in Hz, &gt; 0
   * @param outRate output sample rate in Hz, &gt; 0, within a factor {@value #MAX_RATIO} of inRate
   * @throws IllegalArgumentException naming the valid range
   */
  public Resampler(int inRate, int outRate) {
    if (!supports(inRate, outRate)) {
      throw new IllegalArgumentException(unsupportedReason(inRate, outRate));
    }
    this.inRate = inRate;
    this.outRate = outRate;
    if (inRate == outRate) {
      kernel = null;
      grouped = null;
      buf = null;
      stepWhole = 1;
      stepFrac = 0;
    } else {
      kernel = SincKernel.of(inRate, outRate);
      grouped = kernel.grouped;
      int held = grouped != null ? grouped.inputSpan(grouped.maxGroups) : 2 * kernel.taps;
      buf = new float[held + CHUNK];
      stepWhole = kernel.down / kernel.up;
      stepFrac = kernel.down % kernel.up;
    }
    reset();
  }

  /**
   * Whether a resampler between these rates can be built: both positive and within a factor {@value
   * #MAX_RATIO} of each other (for 16 kHz output: 250 Hz to 1,024,000 Hz input). Callers that read
   * rates from untrusted files check this first and report a bad input instead.
   */
  public static boolean supports(int inRate, int outRate) {
    return inRate > 0
        && outRate > 0
        && (long) inRate <= (long) outRate * MAX_RATIO
        && (long) outRate <= (long) inRate * MAX_RATIO;
  }

  /** One-line reason {@link #supports} is false, naming the valid range. */
  private static String unsupportedReason(int inRate, int outRate) {
    if (inRate <= 0 || outRate <= 0) {
      return "sample rates must be > 0 Hz, got " + inRate + " -> " + outRate;
    }
    return "resampling ratio out of range: "
        + inRate
        + " Hz -> "
        + outRate
        + " Hz (rates must be within a factor "
        + MAX_RATIO
        + ")";
  }

  /** Input rate in Hz. */
  public int inRate() {
    return inRate;
  }

  /** Output rate in Hz. */
  public int outRate() {
    return outRate;
  }

  /**
   * An upper bound on the samples one {@link #process} call with {@code inFrames} input samples
   * writes; {@code maxOutput(0)} bounds what {@link #flush} writes.
   */
  public int maxOutput(int inFrames) {
    if (inFrames < 0) {
      throw new IllegalArgumentException("inFrames must be >= 0, got " + inFrames);
    }
    if (kernel == null) {
      return inFrames;
    }
    if (grouped != null) {
      long held = ((long) inFrames + buf.length) * kernel.up / kernel.down;
      return (int) Math.min(Integer.MAX_VALUE, held + grouped.groupOut + 2);
    }
    long bound = ((long) inFrames + kernel.half + 2) * kernel.up / kernel.down + 2;
    return (int) Math.min(Integer.MAX_VALUE, bound);
  }

  /**
   * Feeds {@code len} samples and writes the output samples computed: with an exact table, the
   * whole blocks whose input is now in (the rest come from later calls or {@link #flush}); else
   * every output sample that is now complete.
   *
   * @return the number of samples written to {@code out[outOff ..]}, at most {@code maxOutput(len)}
   * @throws IndexOutOfBoundsException when the input range does not fit {@code in}, or {@code out}
   *     has fewer than {@code maxOutput(len)} places from {@code outOff}
   */
  public int process(float[] in, int off, int len, float[] out, int outOff) {
    java.util.Objects.checkFromIndexSize(off, len, in.length);
    java.util.Objects.checkFromIndexSize(outOff, maxOutput(len), out.length);
    if (kernel == null) {
      System.arraycopy(in, off, out, outOff, len);
      consumed += len;
      produced += len;
      return len;
    }
    int written = 0;
    while (len > 0) {
      int n = Math.min(len, buf.length - bufLen);
      System.arraycopy(in, off, buf, bufLen, n);
      bufLen += n;
      consumed += n;
      off += n;
      len -= n;
      written +=
          grouped != null
              ? emitGroups(out, outOff + written)
              : emit(out, outOff + written, Long.MAX_VALUE);
      compact();
    }
    return written;
  }

  /**
   * Writes every output sample whose input is in, without waiting for a whole block: what a live
   * stream calls after each piece, so its output lags its input by at most one group (at least 128
   * outputs, 10 ms at 44.1 kHz → 16 kHz) plus half the filter, instead of one block (about 2 s).
   * The samples are the ones {@link #process} and {@link #flush} give: an output's value does not
   * depend on how many groups are computed at once. Only the exact-table path holds outputs back;
   * elsewhere this writes nothing.
   *
   * @return the number of samples written, at most {@code maxOutput(0)}
   * @throws IndexOutOfBoundsException when {@code out} has fewer than {@code maxOutput(0)} places
   *     from {@code outOff}
   */
  public int drain(float[] out, int outOff) {
    java.util.Objects.checkFromIndexSize(outOff, maxOutput(0), out.length);
    if (grouped == null) {
      return 0;
    }
    int written = 0;
    while (true) {
      int start = (int) (nextGroupFirstTap() - bufBase);
      int ready = bufLen - start - grouped.span;
      if (ready < 0) {
        break;
      }
      int groups = Math.min(grouped.maxGroups, ready / grouped.groupIn + 1);
      int count = groups * grouped.groupOut;
      grouped.run(buf, start, groups, out, outOff + written, count);
      written += count;
      produced += count;
    }
    compact();
    return written;
  }

  /**
   * Ends the stream: writes the remaining output samples (the input is taken as zero past its end)
   * and resets this resampler for a new stream.
   *
   * @return the number of samples written, at most {@code maxOutput(0)}
   * @throws IndexOutOfBoundsException when {@code out} has fewer than {@code maxOutput(0)} places
   *     from {@code outOff}
   */
  public int flush(float[] out, int outOff) {
    java.util.Objects.checkFromIndexSize(outOff, maxOutput(0), out.length);
    if (kernel == null) {
      reset();
      return 0;
    }
    long total = ceilDiv(consumed * kernel.up, kernel.down);
    int written = 0;
    if (grouped != null) {
      written = flushGroups(out, outOff, total);
    } else {
      while (produced < total) {
        int n = Math.min(kernel.half + 1, buf.length - bufLen);
        java.util.Arrays.fill(buf, bufLen, bufLen + n, 0f);
        bufLen += n;
        written += emit(out, outOff + written, total);
        compact();
      }
    }
    reset();
    return written;
  }

  /** Forgets all state; the next sample processed is input sample 0 of a new stream. */
  public void reset() {
    consumed = 0;
    produced = 0;
    nextIndex = 0;
    nextPhase = 0;
    if (kernel != null) {
      // zeros standing for the samples before the start: indices -(half - 1) .. -1
      bufBase = -(kernel.half - 1);
      bufLen = kernel.half - 1;
      java.util.Arrays.fill(buf, 0, bufLen, 0f);
    }
  }

  /**
   * Input index of the next group's first tap (the grouped path keeps whole groups until flush).
   */
  private long nextGroupFirstTap() {
    return produced / grouped.groupOut * grouped.groupIn - kernel.half + 1;
  }

  /** Computes whole blocks of groups while the buffer holds a block's input. */
  private int emitGroups(float[] out, int outOff) {
    int groups = grouped.maxGroups;
    int need = grouped.inputSpan(groups);
    int count = groups * grouped.groupOut;
    int written = 0;
    int start;
    while (bufLen - (start = (int) (nextGroupFirstTap() - bufBase)) >= need) {
      grouped.run(buf, start, groups, out, outOff + written, count);
      written += count;
      produced += count;
    }
    return written;
  }

  /** Computes the outputs up to {@code total}, reading zeros past the end of the input. */
  private int flushGroups(float[] out, int outOff, long total) {
    int written = 0;
    while (produced < total) {
      compact();
      long remaining = total - produced;
      int groups = (int) Math.min(grouped.maxGroups, ceilDiv(remaining, grouped.groupOut));
      int start = (int) (nextGroupFirstTap() - bufBase);
      int need = start + grouped.inputSpan(groups);
      if (need > bufLen) {
        java.util.Arrays.fill(buf, bufLen, need, 0f);
        bufLen = need;
      }
      int count = (int) Math.min(remaining, (long) groups * grouped.groupOut);
      grouped.run(buf, start, groups, out, outOff + written, count);
      written += count;
      produced += count;
    }
    return written;
  }

  /** Computes outputs while their last tap is in the buffer and fewer than limit are produced. */
  private int emit(float[] out, int outOff, long limit) {
    long availEnd = bufBase + bufLen;
    int half = kernel.half;
    int taps = kernel.taps;
    double[] table = kernel.table;
    int written = 0;
    while (nextIndex + half < availEnd && produced < limit) {
      int base = (int) (nextIndex - half + 1 - bufBase);
      double acc;
      if (kernel.exact) {
        acc = dot(table, nextPhase * taps, buf, base, taps);
      } else {
        double pos = (double) nextPhase * kernel.phases / kernel.up;
        int r = (int) pos;
        double a = pos - r;
        int row0 = r * taps;
        double acc0 = dot(table, row0, buf, base, taps);
        double acc1 = dot(table, row0 + taps, buf, base, taps);
        acc = acc0 + a * (acc1 - acc0);
      }
      out[outOff + written++] = (float) acc;
      produced++;
      nextIndex += stepWhole;
      nextPhase += stepFrac;
      if (nextPhase >= kernel.up) {
        nextPhase -= kernel.up;
        nextIndex++;
      }
    }
    return written;
  }

  /**
   * The dot product of {@code taps} coefficients from {@code table[row ..]} with {@code x[base
   * ..]}, in four independent partial sums: the additions of one sum wait on each other, four sums
   * keep the floating-point units busy (about 3x faster than one chain; same result to ~1e-16).
   */
  private static double dot(double[] table, int row, float[] x, int base, int taps) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int j = 0;
    for (int end = taps - 3; j < end; j += 4) {
      s0 += table[row + j] * x[base + j];
      s1 += table[row + j + 1] * x[base + j + 1];
      s2 += table[row + j + 2] * x[base + j + 2];
      s3 += table[row + j + 3] * x[base + j + 3];
    }
    for (; j < taps; j++) {
      s0 += table[row + j] * x[base + j];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** Drops samples no future output reads. */
  private void compact() {
    long keepFrom = grouped != null ? nextGroupFirstTap() : nextIndex - kernel.half + 1;
    int drop = (int) Math.min(bufLen, Math.max(0, keepFrom - bufBase));
    if (drop > 0) {
      System.arraycopy(buf, drop, buf, 0, bufLen - drop);
      bufLen -= drop;
      bufBase += drop;
    }
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
